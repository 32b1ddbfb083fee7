import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, findImage, tagImage, findImagesByLabel, findManifestDigest, listTags, parseRegistryAddress, pullImage, pushImage, removeImage, type RegistryAddress } from '@nx-airbyte/docker';
import { parse as parseYaml } from 'yaml';
import { buildProjectImage } from '../src/image/project-image';
import { PublishError, publishConnector, type PublishConnectorOptions } from '../src/publish/publish-connector';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import { connectorScript, DEFINITIONS_DIR, SEED_FILE, SPEC_CACHE_FILE, TEST_RUN_LABEL, writePublishFixture, type PublishFixture } from './support/publish-fixture';

// publishConnector against the real engine and registries of the test's own (Debian's docker-registry on
// 127.0.0.1, one open, one behind htpasswd), without Nx.
const client = createDockerClient();
const runId = `publish-${Date.now().toString(36)}`;
let workspace: string;
let fixture: PublishFixture;
let open: LocalRegistry;
let secured: LocalRegistry;
let registry: RegistryAddress;
let log: string[];

function options(overrides: Partial<PublishConnectorOptions> = {}): PublishConnectorOptions {
  log = [];
  return { workspaceRoot: workspace, projectRoot: fixture.projectRoot, projectName: fixture.projectName, definitionsDir: DEFINITIONS_DIR, registry, client, log: (line) => log.push(line), runId, ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof Error)) throw new Error('expected publish to fail');
  return error as PublishError;
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-publish-'));
  fixture = writePublishFixture(workspace, runId);
  [open, secured] = await Promise.all([startLocalRegistry(), startLocalRegistry({ credentials: { username: 'publisher', password: 'canary-registry-password-9d2c' } })]);
  registry = parseRegistryAddress(open.address);
}, 180_000);

afterAll(async () => {
  for (let pass = 0; pass < 3; pass++) {
    for (const image of await findImagesByLabel(client, TEST_RUN_LABEL, runId)) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  await Promise.all([open?.stop(), secured?.stop()]);
  rmSync(workspace, { recursive: true, force: true });
});

describe('publishConnector', () => {
  it('in a dry run, checks everything, prints every step and pushes, tags and writes nothing', async () => {
    const result = await publishConnector(options({ dryRun: true }));
    expect(result).toMatchObject({ dryRun: true, pushed: [] });
    expect(log.filter((line) => /^\[\d\/9\]/.test(line)).map((line) => line.slice(0, 5))).toEqual(['[1/9]', '[2/9]', '[3/9]', '[4/9]', '[5/9]', '[6/9]', '[7/9]', '[8/9]', '[9/9]']);
    expect(log.join('\n')).toContain(`[5/9] would push ${open.address}/${fixture.imageName}:0.1.0`);
    expect(await listTags(registry, fixture.imageName)).toEqual([]);
    expect(await findImage(client, `${fixture.imageName}:0.1.0`)).toBeUndefined();
    expect(existsSync(path.join(workspace, SPEC_CACHE_FILE))).toBe(false);
  });

  it('pushes <version> and latest, pulls the digest back, runs spec on it and writes the spec cache', async () => {
    const result = await publishConnector(options());
    expect(result.pushed.map((pushed) => pushed.reference)).toEqual([`${open.address}/${fixture.imageName}:0.1.0`, `${open.address}/${fixture.imageName}:latest`]);
    const digest = result.pushed[0].digest;
    // seen through the registry's HTTP API, not the engine
    expect(await findManifestDigest(registry, fixture.imageName, '0.1.0')).toBe(digest);
    expect(await findManifestDigest(registry, fixture.imageName, 'latest')).toBe(digest);
    expect(log.join('\n')).toMatch(/\[7\/9\] .*@sha256:[0-9a-f]{64} in the registry: config [0-9a-f]{12} \(the local image\) and \d+ layer blob\(s\), all there; pulled back/);
    expect(log.join('\n')).toContain("[8/9] spec of");
    const cache = parseYaml(readFileSync(path.join(workspace, SPEC_CACHE_FILE), 'utf8')) as Array<{ dockerImage: string; spec: { connectionSpecification: { title: string } } }>;
    expect(cache).toEqual([expect.objectContaining({ dockerImage: `${fixture.imageName}:0.1.0` })]);
    expect(cache[0].spec.connectionSpecification.title).toBe('Publish fixture');
    expect((await findImage(client, `${fixture.imageName}:latest`))?.id).toBe((await findImage(client, `${fixture.imageName}:dev`))?.id);
  });

  it('refuses to publish the same version again before pushing anything, even of a changed image', async () => {
    const latestBefore = await findManifestDigest(registry, fixture.imageName, 'latest');
    writeFileSync(path.join(workspace, fixture.projectRoot, 'connector.sh'), connectorScript('Changed, same version'));
    const error = await failure(publishConnector(options()));
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message).toMatch(new RegExp(`^${open.address}/${fixture.imageName}:0\\.1\\.0 already exists in the registry \\(sha256:[0-9a-f]{64}\\): a published version is never replaced\\. Nothing was pushed\\.`));
    expect(error.done).toEqual([]);
    expect(await findManifestDigest(registry, fixture.imageName, 'latest')).toBe(latestBefore);
    expect(log.some((line) => line.startsWith('[4/9]'))).toBe(false);
    writeFileSync(path.join(workspace, fixture.projectRoot, 'connector.sh'), connectorScript('Publish fixture'));
  });

  it('refuses files that disagree, naming the file, before building or pushing', async () => {
    const seed = readFileSync(path.join(workspace, SEED_FILE), 'utf8');
    writeFileSync(path.join(workspace, SEED_FILE), seed.replace('dockerImageTag: 0.1.0', 'dockerImageTag: 0.2.0'));
    try {
      const error = await failure(publishConnector(options({ registry: parseRegistryAddress(secured.address) })));
      expect(error.message).toMatch(new RegExp(`^publish stopped at step 1/9 \\(check that the Dockerfile label, the definitions entry and the JSON definition agree\\): ${SEED_FILE} \\(dockerImageTag of`));
      expect(error.message).toContain('Nothing was pushed: the registry and the release files are as they were.');
      expect(await listTags(parseRegistryAddress(secured.address), fixture.imageName, { credentials: secured.credentials })).toEqual([]);
    } finally {
      writeFileSync(path.join(workspace, SEED_FILE), seed);
    }
  });

  it('says a registry needs credentials when none are given, and which variables to set', async () => {
    const error = await failure(publishConnector(options({ registry: parseRegistryAddress(secured.address) })));
    expect(error.message).toMatch(/^publish stopped at step 3\/9 .*asked for credentials/);
    expect(error.message).toContain('set NX_AIRBYTE_REGISTRY_USER and NX_AIRBYTE_REGISTRY_PASSWORD in the environment');
  });

  it('says the credentials were refused, without printing the password', async () => {
    const error = await failure(publishConnector(options({ registry: parseRegistryAddress(secured.address), credentials: { username: 'publisher', password: 'wrong-password-canary' } })));
    expect(error.message).toMatch(/refused the credentials/);
    expect(`${error.message}\n${log.join('\n')}`).not.toContain('wrong-password-canary');
  });

  it('publishes to a registry behind htpasswd with the credentials', async () => {
    const result = await publishConnector(options({ registry: parseRegistryAddress(secured.address), credentials: secured.credentials, mask: (text) => text.replaceAll('canary-registry-password-9d2c', '**********') }));
    expect(await findManifestDigest(parseRegistryAddress(secured.address), fixture.imageName, '0.1.0', { credentials: secured.credentials })).toBe(result.pushed[0].digest);
    expect(log.join('\n')).not.toContain('canary-registry-password-9d2c');
  });

  it('stopping halfway (the push cancelled) puts the local tags back and says what the registry holds under the version', async () => {
    const build = () => buildProjectImage({ workspaceRoot: workspace, projectRoot: fixture.projectRoot, projectName: fixture.projectName, client }, () => undefined); // as build would
    await build();
    await tagImage(client, `${fixture.imageName}:dev`, `${fixture.imageName}:latest`); // a latest from before, to be put back
    const seed = readFileSync(path.join(workspace, SEED_FILE), 'utf8');
    const dockerfile = readFileSync(path.join(workspace, fixture.projectRoot, 'Dockerfile'), 'utf8');
    const standard = readFileSync(path.join(workspace, DEFINITIONS_DIR, 'config/STANDARD_SOURCE_DEFINITION/7b0d1c2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e.json'), 'utf8');
    writeFileSync(path.join(workspace, SEED_FILE), seed.replace('dockerImageTag: 0.1.0', 'dockerImageTag: 0.1.1'));
    writeFileSync(path.join(workspace, fixture.projectRoot, 'Dockerfile'), dockerfile.replace('io.airbyte.version=0.1.0', 'io.airbyte.version=0.1.1'));
    writeFileSync(path.join(workspace, DEFINITIONS_DIR, 'config/STANDARD_SOURCE_DEFINITION/7b0d1c2e-4f5a-4b6c-8d7e-9f0a1b2c3d4e.json'), standard.replace('"0.1.0"', '"0.1.1"'));
    await build();
    const latestBefore = (await findImage(client, `${fixture.imageName}:latest`))?.id;
    const error = await failure(publishConnector(options({ transferTimeoutMs: 1 })));
    expect(error.message).toMatch(/^publish stopped at step 5\/9 \(push the version\)/);
    expect(error.message).toContain(`local tag ${fixture.imageName}:0.1.1 removed`);
    expect(error.message).toMatch(/local tag .*:latest points at [0-9a-f]{12} again/);
    expect(error.message).toContain('Not done: push latest; check the pushed image through the registry API and pull it back; run spec on the pulled image; write the spec cache file.');
    // a push cancelled after 1 ms sometimes lands all the same: the message must say which happened
    const remote = `${open.address}/${fixture.imageName}`;
    const landed = /:0\.1\.1 is in the registry \(sha256:[0-9a-f]{64}\)/.test(error.message);
    if (landed) {
      expect(error.message).toContain(`${remote}:0.1.1 is in the registry (${await findManifestDigest(registry, fixture.imageName, '0.1.1')})`);
      expect(error.message).not.toContain('Nothing was pushed');
    } else {
      expect(error.message).toContain(`Looked up after the failure: ${remote}:0.1.1 is not in the registry and ${remote}:latest is as it was (`);
      expect(error.message).toContain('Nothing was pushed: the registry and the release files are as they were; publish again.');
    }
    expect(await findImage(client, `${fixture.imageName}:0.1.1`)).toBeUndefined();
    expect((await findImage(client, `${fixture.imageName}:latest`))?.id).toBe(latestBefore);
  });

  it('stopping after the pushes says what stays in the registry and that the files are unchanged', async () => {
    const vanishing = await startLocalRegistry();
    try {
      // the registry goes away once both tags are pushed: pulling the digest back fails
      const error = await failure(publishConnector(options({ registry: parseRegistryAddress(vanishing.address), onStep: (step) => (step === 6 ? vanishing.stop() : undefined) })));
      expect(error.message).toMatch(/^publish stopped at step 7\/9 \(check the pushed image through the registry API and pull it back\)/);
      expect(error.message).toContain('The registry could not be asked what it holds now');
      expect(error.message).toMatch(new RegExp(`Done, and still in the registry:\\n  - pushed ${vanishing.address}/${fixture.imageName}:0\\.1\\.\\d \\(sha256:[0-9a-f]{64}\\)\\n  - pushed ${vanishing.address}/${fixture.imageName}:latest`));
      expect(error.message).toContain('Not done: run spec on the pulled image; write the spec cache file.');
      expect(error.message).toContain('The release files are unchanged. The version is now in the registry, and publish never replaces a version');
      expect(error.done).toHaveLength(2);
    } finally {
      await vanishing.stop();
    }
  });

  it('after a push that failed but landed, says what the registry really holds instead of "nothing was pushed"', async () => {
    const landing = await startLocalRegistry();
    try {
      const landingRegistry = parseRegistryAddress(landing.address);
      const version = (await findImage(client, `${fixture.imageName}:dev`))!.labels['io.airbyte.version'];
      const remote = `${landing.address}/${fixture.imageName}`;
      // the version arrives in the registry (as a push the client gave up on may), then publish's own push times out
      const onStep = async (step: number) => {
        if (step === 4) await pushImage(client, landingRegistry, `${remote}:${version}`);
      };
      const error = await failure(publishConnector(options({ registry: landingRegistry, transferTimeoutMs: 1, onStep })));
      expect(error.message).toMatch(/^publish stopped at step 5\/9 \(push the version\)/);
      const digest = await findManifestDigest(landingRegistry, fixture.imageName, version);
      expect(digest).toMatch(/^sha256:/);
      expect(error.message).toContain(`Looked up after the failure: ${remote}:${version} is in the registry (${digest}); ${remote}:latest is as it was (absent).`);
      expect(error.message).toContain('publish never replaces a version');
      expect(error.message).not.toContain('Nothing was pushed');
    } finally {
      await landing.stop();
    }
  });

  it('refuses an image that came from a registry (the image cache) instead of a build on this machine, pushing nothing', async () => {
    const cache = await startLocalRegistry();
    try {
      const cacheRegistry = parseRegistryAddress(cache.address);
      const dev = `${fixture.imageName}:dev`;
      const built = (await findImage(client, dev))!;
      expect(built.parent).toMatch(/^sha256:/);
      // what a pull from the image cache leaves: the same image id and labels, but pulled, not built
      const cached = `${cache.address}/${fixture.imageName}:${built.labels['io.nx-airbyte.input-hash']}`;
      await tagImage(client, built.id, cached);
      await pushImage(client, cacheRegistry, cached);
      await removeImage(client, built.id, { force: true });
      const pulled = await pullImage(client, cacheRegistry, cached);
      await tagImage(client, pulled.id, dev);
      expect(pulled.id).toBe(built.id);
      expect((await findImage(client, dev))?.parent).toBeUndefined();

      const error = await failure(publishConnector(options()));
      expect(error).toBeInstanceOf(PublishError);
      expect(error.step).toBe(1);
      expect(error.message).toMatch(new RegExp(`^${dev} \\(image [0-9a-f]{12}\\) was not built on this machine: it was pulled from a registry \\(the image cache\\) or loaded`));
      expect(error.message).toContain('Nothing was pushed.');
      expect(log.some((line) => line.startsWith('[2/9]'))).toBe(false);
    } finally {
      await removeImage(client, `${fixture.imageName}:dev`, { force: true }).catch(() => false);
      await cache.stop();
    }
  });
});
