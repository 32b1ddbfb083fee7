import * as path from 'node:path';
import {
  buildImage,
  buildImageUnlessUnchanged,
  createDockerClient,
  findImage,
  findManifestDigest,
  ImageCache,
  IMAGE_CACHE_ENV,
  IMAGE_CACHE_PASSWORD_ENV,
  IMAGE_CACHE_USER_ENV,
  INPUT_HASH_LABEL,
  parseRegistryAddress,
  pushImage,
  registryImageName,
  removeImage,
  tagImage,
} from '../src/index';
import { FIXTURES_DIR, removeTestImages, startTestRun } from './support/docker-test-kit';
import { startLocalRegistry, type LocalRegistry } from './support/local-registry';

// The image cache against the real engine and Debian's docker-registry on a free 127.0.0.1 port.
const client = createDockerClient();
const run = startTestRun('image-cache');
const CONTEXT = path.join(FIXTURES_DIR, 'shell-connector');
const CREDENTIALS = { username: 'cache-user', password: 'canary-cache-pass-51c2' };
let open: LocalRegistry;
let secured: LocalRegistry;

beforeAll(async () => {
  [open, secured] = await Promise.all([startLocalRegistry(), startLocalRegistry({ credentials: CREDENTIALS })]);
}, 60_000);

afterAll(async () => {
  await removeTestImages(client, run);
  await Promise.all([open?.stop(), secured?.stop()]);
});

function build(tag: string, cache: ImageCache | undefined, progress: string[] = []) {
  return buildImageUnlessUnchanged(client, { contextDir: CONTEXT, tags: [tag], labels: run.labels, imageCache: cache, onProgress: (line) => progress.push(line) });
}

describe('ImageCache', () => {
  it('pushes what is built under <cache>/<name>:<input hash>, and a machine without the image pulls it instead of building', async () => {
    const cache = ImageCache.fromEnvironment(client, `${open.address}/cache`)!;
    const tag = run.imageTag('cached');
    const built = await build(tag, cache);
    expect(built).toMatchObject({ source: 'built', cached: 'pushed', reused: false });
    const repository = 'airbyte/source-shell-fixture'; // the Dockerfile's io.airbyte.name names the cache entry
    expect(await findManifestDigest(cache.registry, repository, built.inputHash)).toMatch(/^sha256:/);
    // the cache's own name is not left on the image
    expect((await findImage(client, built.imageId))!.tags).toEqual([tag]);

    await removeImage(client, built.imageId, { force: true });
    const progress: string[] = [];
    const again = await build(tag, cache, progress);
    expect(again).toMatchObject({ source: 'image-cache', reused: true, imageId: built.imageId, inputHash: built.inputHash });
    expect((await findImage(client, tag))?.id).toBe(built.imageId);
    expect((await findImage(client, tag))?.labels[INPUT_HASH_LABEL]).toBe(built.inputHash);
    expect(progress.some((line) => /^Step \d+\/\d+/.test(line))).toBe(false); // no Docker build ran
  });

  it('pushes an image that was already in the local store when the cache does not have it yet', async () => {
    const tag = run.imageTag('local-first');
    const built = await build(tag, undefined);
    expect(built.cached).toBe('skipped');
    const cache = ImageCache.fromEnvironment(client, `${open.address}/later`)!;
    expect(await build(tag, cache)).toMatchObject({ source: 'local', cached: 'pushed' });
    expect(await build(tag, cache)).toMatchObject({ source: 'local', cached: 'present' });
  });

  it('refuses a cache entry whose input-hash label is not the one its name says, and builds instead', async () => {
    const cache = ImageCache.fromEnvironment(client, `${open.address}/tampered`)!;
    const tag = run.imageTag('tampered');
    const inputs = await build(tag, undefined);
    await removeImage(client, inputs.imageId, { force: true });
    // another image (labelled with another hash) pushed under this input hash
    const other = await buildImage(client, { contextDir: CONTEXT, tags: [run.imageTag('impostor')], labels: { ...run.labels, [INPUT_HASH_LABEL]: 'f'.repeat(64) } });
    const reference = `${registryImageName(cache.registry, 'airbyte/source-shell-fixture')}:${inputs.inputHash}`;
    await tagImage(client, other.imageId, reference);
    await pushImage(client, cache.registry, reference);
    await removeImage(client, reference);

    const progress: string[] = [];
    const result = await build(tag, cache, progress);
    expect(result.source).toBe('built');
    expect(result.imageId).not.toBe(other.imageId);
    expect(progress.join('\n')).toContain(`${reference} is labelled with another input hash (${'f'.repeat(64)}); it was not used`);
  });

  it('goes on without a cache that does not answer, saying so once', async () => {
    const cache = new ImageCache(client, parseRegistryAddress('127.0.0.1:9'), { timeoutMs: 5000 });
    const first: string[] = [];
    const second: string[] = [];
    expect(await build(run.imageTag('offline-a'), cache, first)).toMatchObject({ source: 'local', cached: 'skipped' });
    expect(await build(run.imageTag('offline-a'), cache, second)).toMatchObject({ source: 'local', cached: 'skipped' });
    const warnings = [...first, ...second].filter((line) => line.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Registry 127\.0\.0\.1:9 did not answer .*; going on without the image cache for the rest of this run/);
  });

  it('logs in with the credentials from the environment, and a wrong password is a warning that never shows it', async () => {
    const env = { [IMAGE_CACHE_ENV]: `${secured.address}/cache`, [IMAGE_CACHE_USER_ENV]: CREDENTIALS.username, [IMAGE_CACHE_PASSWORD_ENV]: CREDENTIALS.password };
    const cache = ImageCache.fromEnvironment(client, undefined, {}, env)!;
    expect(await build(run.imageTag('secured'), cache)).toMatchObject({ cached: 'pushed' });

    const wrong = ImageCache.fromEnvironment(client, undefined, {}, { ...env, [IMAGE_CACHE_PASSWORD_ENV]: 'not-the-password-93d1' })!;
    const progress: string[] = [];
    expect(await build(run.imageTag('secured-wrong'), wrong, progress)).toMatchObject({ cached: 'skipped' });
    const text = progress.join('\n');
    expect(text).toMatch(/warning: Registry 127\.0\.0\.1:\d+\/cache refused the credentials/);
    expect(text).not.toContain('not-the-password-93d1');
  });

  it('refuses a user name without a password', () => {
    expect(() => ImageCache.fromEnvironment(client, open.address, {}, { [IMAGE_CACHE_USER_ENV]: 'someone' })).toThrow(`${IMAGE_CACHE_USER_ENV} is set but ${IMAGE_CACHE_PASSWORD_ENV} is not: set both, or neither`);
  });
});
