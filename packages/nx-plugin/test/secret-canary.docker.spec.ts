import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { createBuildContext, createDockerClient, findImagesByLabel, removeImage } from '@nx-airbyte/docker';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import { TEST_RUN_LABEL, writePublishFixture, type PublishFixture } from './support/publish-fixture';
import { TempWorkspace } from './support/temp-workspace';

// The secret canary (docs/reliability.md): a connector whose secrets/config.json holds two canary values
// (one an airbyte_secret field, one not, which the connector prints) is built, tested and published with
// the real nx. Neither value may appear in the task output, the reports, dist/, the Nx cache folder, the
// image's layers (exported from the engine), the layers pushed to the registry, or the build context.
const client = createDockerClient();
const runId = `canary-${Date.now().toString(36)}`;
const CANARY_SECRET = 'canary-secret-5e1f0a9c77';
const CANARY_VALUE = 'canary-value-0b3d8e2f41';
const CANARIES = [CANARY_SECRET, CANARY_VALUE];
let workspace: TempWorkspace;
let registry: LocalRegistry;
let fixture: PublishFixture;
let output: string;

/** Every regular file under `dir`, recursively (symlinks not followed). */
function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    const stats = statSync(full, { throwIfNoEntry: false });
    if (!stats) return [];
    return stats.isDirectory() ? filesUnder(full) : stats.isFile() ? [full] : [];
  });
}

/** The files under `dir` that hold a canary, gzip members unpacked first (registry blobs are gzipped layers). */
function filesWithCanary(dir: string): string[] {
  return filesUnder(dir).filter((file) => {
    let bytes = readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes);
      } catch {
        // not gzip after all: scanned as it is
      }
    }
    return CANARIES.some((canary) => bytes.includes(canary));
  });
}

async function streamHasCanary(stream: NodeJS.ReadableStream): Promise<{ bytes: number; found: string[] }> {
  // a canary can straddle two chunks: keep the end of the previous one
  let tail = Buffer.alloc(0);
  let bytes = 0;
  const found = new Set<string>();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    const window = Buffer.concat([tail, chunk]);
    for (const canary of CANARIES) if (window.includes(canary)) found.add(canary);
    tail = window.subarray(Math.max(0, window.length - 64));
  }
  return { bytes, found: [...found] };
}

beforeAll(async () => {
  workspace = TempWorkspace.create('nx-airbyte-canary-', { git: false });
  fixture = writePublishFixture(workspace.root, runId);
  // the whole context goes into the image: whatever the context held, the layers would hold
  workspace.write(
    `${fixture.projectRoot}/Dockerfile`,
    `FROM debian:bookworm-slim\nCOPY . /airbyte/\nENV AIRBYTE_ENTRYPOINT="/bin/sh /airbyte/connector.sh"\nENTRYPOINT ["/bin/sh", "/airbyte/connector.sh"]\nLABEL ${TEST_RUN_LABEL}=${runId}\nLABEL io.airbyte.name=${fixture.imageName} io.airbyte.version=0.1.0\n`,
  );
  // check prints the config's region (a secrets/ value that is no airbyte_secret: masked, not a leak);
  // with LEAK set it fails, saying the region and the api_key, so that the suite prints them (masked)
  workspace.write(
    `${fixture.projectRoot}/connector.sh`,
    `#!/bin/sh\ncase "$1" in\n  spec) echo '{"type":"SPEC","spec":{"documentationUrl":"https://example.com/canary","connectionSpecification":{"type":"object","properties":{"api_key":{"type":"string","airbyte_secret":true},"region":{"type":"string"}}}}}' ;;\n  check) region=$(sed 's/.*"region": *"\\([^"]*\\)".*/\\1/' /data/tap_config.json); echo "checking region $region" >&2; if [ -n "$LEAK" ]; then printf '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"FAILED","message":"refused %s"}}\\n' "$(tr -d '\\n"' < /data/tap_config.json)"; else echo '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"SUCCEEDED"}}'; fi ;;\n  *) exit 2 ;;\nesac\n`,
  );
  workspace.write(`${fixture.projectRoot}/secrets/config.json`, JSON.stringify({ api_key: CANARY_SECRET, region: CANARY_VALUE }));
  workspace.write(
    `${fixture.projectRoot}/acceptance-test-config.yml`,
    `connector_image: ${fixture.imageName}:dev\nacceptance_tests:\n  spec:\n    tests:\n      - config_path: secrets/config.json\n  connection:\n    tests:\n      - config_path: secrets/config.json\n        status: succeed\n`,
  );
  workspace.write(`${fixture.projectRoot}/acceptance-leak.yml`, `${workspace.read(`${fixture.projectRoot}/acceptance-test-config.yml`)}custom_environment_variables:\n  LEAK: "1"\n`);
  registry = await startLocalRegistry();
  const result = workspace.nx(['run', `${fixture.projectName}:publish`, `--registry=${registry.address}`, '--outputStyle=static']);
  if (result.status !== 0) throw new Error(`nx run publish failed:\n${result.output.slice(-4000)}`);
  const leaking = workspace.nx(['run', `${fixture.projectName}:integrationTest`, '--config=acceptance-leak.yml', '--skip-nx-cache', '--outputStyle=static']);
  if (leaking.status === 0) throw new Error(`the leaking check should fail:\n${leaking.output.slice(-4000)}`);
  output = `${result.output}\n${leaking.output}`;
}, 300_000);

afterAll(async () => {
  for (let pass = 0; pass < 3; pass++) {
    for (const image of await findImagesByLabel(client, TEST_RUN_LABEL, runId)) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  await registry?.stop();
  workspace?.remove();
});

describe('a secret canary configured for a connector', () => {
  it('is found by the scans below where it is: the secrets/ folder, a stream that splits it across chunks', async () => {
    expect(filesWithCanary(workspace.path(`${fixture.projectRoot}/secrets`))).toHaveLength(1);
    const split = Readable.from([Buffer.from(`x${CANARY_SECRET.slice(0, 7)}`), Buffer.from(`${CANARY_SECRET.slice(7)}y`)]);
    expect((await streamHasCanary(split)).found).toEqual([CANARY_SECRET]);
  });

  it('was used: the connector printed both values, and the output shows them masked', () => {
    expect(output).toMatch(/Published /);
    expect(output).toMatch(/check returned FAILED \(refused \{api_key:\*{10},region:\*{10}\}\)/);
  });

  it('appears in none of the task output', () => {
    for (const canary of CANARIES) expect(output).not.toContain(canary);
  });

  it('appears in no file of dist/ (reports, image metadata)', () => {
    expect(filesUnder(workspace.path('dist')).some((file) => file.endsWith('report.json'))).toBe(true);
    expect(filesWithCanary(workspace.path('dist'))).toEqual([]);
  });

  it('appears in no file of the Nx cache folder', () => {
    expect(filesUnder(workspace.path('.nx')).length).toBeGreaterThan(0);
    expect(filesWithCanary(workspace.path('.nx'))).toEqual([]);
  });

  it('appears in no layer of the image, exported from the engine', async () => {
    const exported = await streamHasCanary(await client.api.getImage(`${fixture.imageName}:0.1.0`).get());
    expect(exported.bytes).toBeGreaterThan(1_000_000);
    expect(exported.found).toEqual([]);
  });

  it('appears in no blob the registry stored (layers unpacked)', () => {
    expect(filesUnder(registry.storageDir).length).toBeGreaterThan(2);
    expect(filesWithCanary(registry.storageDir)).toEqual([]);
  });

  it('appears in no Docker build context of the connector', async () => {
    const context = await createBuildContext(workspace.path(fixture.projectRoot));
    expect(context.alwaysExcluded).toContain('secrets');
    const packed = await streamHasCanary(context.tar());
    expect(packed.bytes).toBeGreaterThan(0);
    expect(packed.found).toEqual([]);
  });
});
