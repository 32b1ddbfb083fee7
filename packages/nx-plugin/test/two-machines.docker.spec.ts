import { readFileSync } from 'node:fs';
import { createDockerClient, findImage, findImagesByLabel, pullImage, parseRegistryAddress, pushImage, removeImage, tagImage, AIRBYTE_NAME_LABEL, type DockerClient } from '@nx-airbyte/docker';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import { startSecondEngine, type SecondEngine } from '../../docker/test/support/second-engine';
import { startRemoteCache, type RemoteCacheServer } from './support/remote-cache-server';
import { REPOSITORY_ROOT, TempWorkspace } from './support/temp-workspace';

// Beyond one machine, end to end: two clones of a workspace ("machines" A and B), two Docker engines
// (this host's, and a second dockerd with its own data root and socket), one registry on 127.0.0.1 as
// the image cache, one nginx as Nx's remote cache. A builds and tests everything; B then builds no image
// and re-runs no task, and, made to run integrationTest anyway, pulls the images instead of building them.
const RUN = Date.now().toString(36);
const BASE = `nx-airbyte-e2e-${RUN}/base-jq`;
const CONNECTOR = `source-e2e${RUN}`;
const SEED = 'airbyte-config/init/src/main/resources/seed/source_definitions.yaml';
const TOKEN = `remote-cache-token-${RUN}`;

let registry: LocalRegistry;
let remoteCache: RemoteCacheServer;
let engineB: SecondEngine;
let machineA: TempWorkspace;
let machineB: TempWorkspace;
let clientA: DockerClient;

function sharedEnv(): NodeJS.ProcessEnv {
  return {
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: remoteCache.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
    NX_AIRBYTE_IMAGE_CACHE: `${registry.address}/cache`,
  };
}

/** The generated Dockerfile, FROM the base image instead of Debian plus its own `RUN apt-get ...` (with its continuation lines). */
function onBase(dockerfile: string): string {
  const lines: string[] = [];
  let skipping = false;
  for (const line of dockerfile.split('\n')) {
    if (line === 'FROM debian:bookworm-slim') lines.push(`FROM ${BASE}:dev`);
    else if (skipping || line.startsWith('RUN apt-get')) skipping = line.endsWith('\\');
    else lines.push(line);
  }
  return lines.join('\n');
}

/** Images of this test in an engine: the base and the connector carry its names. */
async function ourImages(client: DockerClient): Promise<string[]> {
  const labelled = await findImagesByLabel(client, AIRBYTE_NAME_LABEL);
  return labelled.filter((image) => [BASE, `airbyte/${CONNECTOR}`].includes(image.labels[AIRBYTE_NAME_LABEL])).map((image) => image.labels[AIRBYTE_NAME_LABEL]).sort();
}

beforeAll(async () => {
  clientA = createDockerClient();
  [registry, remoteCache, engineB] = await Promise.all([startLocalRegistry(), startRemoteCache({ token: TOKEN }), startSecondEngine()]);
  // machine B's Debian comes from a registry, as any CI machine's does: the same image, the same id
  const seed = `${registry.address}/seed/debian:bookworm-slim`;
  await tagImage(clientA, 'debian:bookworm-slim', seed);
  await pushImage(clientA, parseRegistryAddress(registry.address), seed);
  await removeImage(clientA, seed);
  await pullImage(engineB.client, parseRegistryAddress(registry.address), seed);
  await tagImage(engineB.client, seed, 'debian:bookworm-slim');

  machineA = TempWorkspace.create('nx-airbyte-machine-a-', {
    files: {
      [SEED]: readFileSync(`${REPOSITORY_ROOT}/${SEED}`, 'utf8'),
      'airbyte-integrations/bases/base-jq/Dockerfile': [
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*',
        `LABEL io.airbyte.name=${BASE} io.airbyte.version=0.1.0`,
        '',
      ].join('\n'),
    },
  });
  machineA.nxOk(['g', 'connector', '--template', 'generic-source', '--name', `e2e${RUN}`, '--no-interactive']);
  // the generated connector installs jq itself; here it comes from the base image, so the graph has an edge
  const dockerfile = `airbyte-integrations/connectors/${CONNECTOR}/Dockerfile`;
  machineA.write(dockerfile, onBase(machineA.read(dockerfile)));
  machineA.commitAll('a base image and a connector on it');
  machineB = machineA.clone('nx-airbyte-machine-b-');
}, 300_000);

afterAll(async () => {
  for (const name of [`${BASE}:dev`, `airbyte/${CONNECTOR}:dev`]) await removeImage(clientA, name, { force: true }).catch(() => undefined);
  machineA?.remove();
  machineB?.remove();
  await Promise.all([engineB?.stop(), registry?.stop(), remoteCache?.stop()]);
}, 120_000);

describe('two machines sharing a task cache and an image cache', () => {
  it('A builds and tests everything, pushing both images to the image cache', () => {
    expect(machineA.read(`airbyte-integrations/connectors/${CONNECTOR}/Dockerfile`)).toContain(`FROM ${BASE}:dev`);
    const output = machineA.nxOk(['run-many', '-t', 'build,integrationTest', '--outputStyle=static'], sharedEnv());
    expect(output).toMatch(new RegExp(`${BASE}:dev: built image`));
    expect(output).toMatch(new RegExp(`airbyte/${CONNECTOR}:dev: built image`));
    expect(output.match(/pushed to the image cache/g)).toHaveLength(2);
    expect(output).toMatch(/\d+ passed, 0 failed/);
    expect(remoteCache.entries().length).toBeGreaterThanOrEqual(3);
  });

  it('B runs the same command, builds no image and re-runs no task', async () => {
    const output = machineB.nxOk(['run-many', '-t', 'build,integrationTest', '--outputStyle=static'], { ...sharedEnv(), DOCKER_HOST: engineB.host });
    // every task replayed from the remote cache (their output, A's, is replayed with them); none ran here
    expect(output).toMatch(/Nx read the output from the cache instead of running the command for 3 out of 3 tasks/);
    expect(output.match(/\[remote cache\]/g)).toHaveLength(3);
    expect(output).not.toContain('unreachable');
    // and no image was built, or even pulled, into B's engine
    expect(await ourImages(engineB.client)).toEqual([]);
  });

  it('B, made to run integrationTest anyway, pulls the images from the image cache instead of building them', async () => {
    const output = machineB.nxOk(['run', `${CONNECTOR}:integrationTest`, '--skip-nx-cache', '--outputStyle=static'], { ...sharedEnv(), DOCKER_HOST: engineB.host });
    expect(output).toContain(`${BASE}:dev: unchanged inputs, pulled image`);
    expect(output).toContain(`airbyte/${CONNECTOR}:dev: unchanged inputs, pulled image`);
    expect(output).not.toContain('built image');
    expect(output).toMatch(/\d+ passed, 0 failed/);
    // the very images A built: same ids
    for (const name of [`${BASE}:dev`, `airbyte/${CONNECTOR}:dev`]) {
      expect((await findImage(engineB.client, name))?.id).toBe((await findImage(clientA, name))?.id);
    }
  });
});
