import { ImageCache, IMAGE_CACHE_READ_ONLY_ENV } from './image-cache';
import type { DockerClient } from '../engine-client';

// A client that fails the test if the cache touches the engine at all.
const untouchable = new Proxy({}, { get: (_target, property) => { throw new Error(`the engine was used (${String(property)})`); } }) as DockerClient;
const HASH = 'a'.repeat(64);

describe('ImageCache.fromEnvironment', () => {
  it(`is read-only with ${IMAGE_CACHE_READ_ONLY_ENV}=true: store() pushes nothing and touches neither engine nor registry`, async () => {
    const cache = ImageCache.fromEnvironment(untouchable, undefined, {}, { NX_AIRBYTE_IMAGE_CACHE: '127.0.0.1:9/cache', [IMAGE_CACHE_READ_ONLY_ENV]: 'true' });
    expect(cache?.readOnly).toBe(true);
    const warnings: string[] = [];
    await expect(cache!.store('airbyte/source-x', `sha256:${HASH}`, HASH, (warning) => warnings.push(warning))).resolves.toBe('skipped');
    // a cache that tried would have found nothing at 127.0.0.1:9 and said so
    expect(warnings).toEqual([]);
  });

  it('pushes by default, and with any other value of the variable', () => {
    expect(ImageCache.fromEnvironment(untouchable, '127.0.0.1:9/cache', {}, {})?.readOnly).toBe(false);
    expect(ImageCache.fromEnvironment(untouchable, '127.0.0.1:9/cache', {}, { [IMAGE_CACHE_READ_ONLY_ENV]: 'no' })?.readOnly).toBe(false);
  });
});
