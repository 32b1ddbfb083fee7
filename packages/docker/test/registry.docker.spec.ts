import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildImage,
  ConnectorSpecError,
  createDockerClient,
  findImage,
  findManifestDigest,
  listTags,
  parseRegistryAddress,
  pullImage,
  pushImage,
  RegistryError,
  registryImageName,
  removeImage,
  runSpec,
  tagImage,
  verifyPushedManifest,
  type RegistryAddress,
} from '../src/index';
import { FIXTURES_DIR, removeTestImages, startTestRun } from './support/docker-test-kit';
import { startLocalRegistry, type LocalRegistry } from './support/local-registry';

// Against the real engine and Debian's docker-registry, started by the test on a free 127.0.0.1 port.
const client = createDockerClient();
const run = startTestRun('registry');
const repository = `nx-airbyte-test/registry-${run.runId}`;
let local: LocalRegistry;
let secured: LocalRegistry;
let registry: RegistryAddress;
let securedRegistry: RegistryAddress;

beforeAll(async () => {
  [local, secured] = await Promise.all([startLocalRegistry(), startLocalRegistry({ credentials: { username: 'publisher', password: 'canary-registry-pass-7f3a' } })]);
  registry = parseRegistryAddress(local.address);
  securedRegistry = parseRegistryAddress(secured.address);
  await buildImage(client, { contextDir: path.join(FIXTURES_DIR, 'shell-connector'), tags: [run.imageTag('shell')], labels: run.labels });
}, 180_000);

afterAll(async () => {
  await removeTestImages(client, run);
  await Promise.all([local?.stop(), secured?.stop()]);
});

describe('push, look up and pull back through a registry', () => {
  const reference = () => `${registryImageName(registry, repository)}:0.1.0`;
  let digest: string;

  it('finds no tag before the push', async () => {
    expect(await findManifestDigest(registry, repository, '0.1.0')).toBeUndefined();
    expect(await listTags(registry, repository)).toEqual([]);
  });

  it('pushes a tag and reports the digest the registry stored', async () => {
    await tagImage(client, run.imageTag('shell'), reference());
    const progress: string[] = [];
    const pushed = await pushImage(client, registry, reference(), { onProgress: (line) => progress.push(line) });
    digest = pushed.digest;
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await findManifestDigest(registry, repository, '0.1.0')).toBe(digest);
    expect(await listTags(registry, repository)).toEqual(['0.1.0']);
    expect(progress.join('\n')).toContain(`digest: ${digest}`);
  });

  it('pulls the image back by digest, and runs spec on what came back', async () => {
    const pulled = await pullImage(client, registry, `${registryImageName(registry, repository)}@${digest}`);
    expect(pulled.id).toBe((await findImage(client, run.imageTag('shell')))?.id);
    const spec = await runSpec(client, `${registryImageName(registry, repository)}@${digest}`, { runId: run.runId });
    expect(spec.connectionSpecification).toEqual({ type: 'object', properties: { greeting: { type: 'string' } } });
  });

  it('says the registry has no such manifest when pulling an unknown digest', async () => {
    const error = await pullImage(client, registry, `${registryImageName(registry, repository)}@sha256:${'0'.repeat(64)}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toMatch(/not found|manifest unknown/);
  });

  it('verifies through the registry API alone that the pushed manifest holds the local image and every blob is there', async () => {
    const imageId = (await findImage(client, run.imageTag('shell')))!.id;
    const verified = await verifyPushedManifest(registry, repository, digest, imageId);
    expect(verified.configDigest).toBe(imageId);
    expect(verified.layers.length).toBeGreaterThan(0);
    const other = `sha256:${'1'.repeat(64)}`;
    await expect(verifyPushedManifest(registry, repository, digest, other)).rejects.toThrow(`its config is ${imageId}, but the local image is ${other}`);
  });

  it('notices a layer blob the registry lost, which a pull into the same engine would not', async () => {
    const imageId = (await findImage(client, run.imageTag('shell')))!.id;
    const { layers } = await verifyPushedManifest(registry, repository, digest, imageId);
    const hex = layers[0].digest.slice('sha256:'.length);
    const blobDir = path.join(local.storageDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex);
    expect(existsSync(blobDir)).toBe(true);
    rmSync(blobDir, { recursive: true, force: true });
    const error = await verifyPushedManifest(registry, repository, digest, imageId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain(`it does not have the blob ${layers[0].digest}`);
    // the engine has every layer: the pull back "succeeds" all the same
    expect((await pullImage(client, registry, `${registryImageName(registry, repository)}@${digest}`)).id).toBe(imageId);
  });
});

describe('a registry behind htpasswd', () => {
  const reference = () => `${registryImageName(securedRegistry, repository)}:0.1.0`;

  beforeAll(async () => {
    await tagImage(client, run.imageTag('shell'), reference());
  });

  it('refuses a push without credentials, saying credentials are needed', async () => {
    await expect(pushImage(client, securedRegistry, reference())).rejects.toMatchObject({ kind: 'credentials-required' });
  });

  it('refuses a push with a wrong password, without printing it', async () => {
    const error = await pushImage(client, securedRegistry, reference(), { credentials: { username: 'publisher', password: 'not-the-password' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect((error as Error).message).not.toContain('not-the-password');
  });

  it('accepts the push and the look-up with the right credentials', async () => {
    const credentials = secured.credentials;
    const pushed = await pushImage(client, securedRegistry, reference(), { credentials });
    expect(await findManifestDigest(securedRegistry, repository, '0.1.0', { credentials })).toBe(pushed.digest);
    await expect(findManifestDigest(securedRegistry, repository, '0.1.0')).rejects.toMatchObject({ kind: 'credentials-required' });
    await removeImage(client, reference());
  });
});

describe('runSpec', () => {
  it('gives the connector spec of a local image', async () => {
    const spec = await runSpec(client, run.imageTag('shell'), { runId: run.runId });
    expect(spec.connectionSpecification).toMatchObject({ type: 'object' });
  });

  it('fails with the exit status and the last stderr lines, masked, when the container fails', async () => {
    const error = await runSpec(client, run.imageTag('shell'), { runId: run.runId, env: { FIXTURE_MODE: 'crash' }, mask: (text) => text.replace('crashing', '****') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorSpecError);
    expect((error as Error).message).toMatch(/exited with status 3/);
    expect((error as Error).message).toContain('fixture: **** on purpose');
  });
});
