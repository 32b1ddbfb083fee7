import type { DockerClient } from '../engine-client';
import { InvalidOptionError, RegistryError } from '../errors';
import { findImage, removeImage, splitImageReference, tagImage, type ImageInfo } from '../images';
import { INPUT_HASH_LABEL } from '../labels';
import { pushImage, pullImage } from '../registry/push-pull';
import { parseRegistryAddress, registryImageName, type RegistryAddress } from '../registry/registry-address';
import { findManifestDigest, type RegistryCredentials } from '../registry/registry-api';
import { registryCredentialsFromEnvironment } from '../registry/registry-settings';

/** Where `build` shares images between machines: a registry (and namespace) and how to log in to it. */
export const IMAGE_CACHE_ENV = 'NX_AIRBYTE_IMAGE_CACHE';
export const IMAGE_CACHE_USER_ENV = 'NX_AIRBYTE_IMAGE_CACHE_USER';
export const IMAGE_CACHE_PASSWORD_ENV = 'NX_AIRBYTE_IMAGE_CACHE_PASSWORD';
/** `true` or `1`: pull from the cache, never push to it (pull request jobs, whose code nobody reviewed yet). */
export const IMAGE_CACHE_READ_ONLY_ENV = 'NX_AIRBYTE_IMAGE_CACHE_READ_ONLY';

export interface ImageCacheOptions {
  credentials?: RegistryCredentials;
  /** Per push or pull. Default: the registry package's (15 minutes). */
  timeoutMs?: number;
  /** Pull only: store() pushes nothing. */
  readOnly?: boolean;
}

/** Told why the cache could not be used (once per cache: after that it is left alone); the work goes on without it. */
export type ImageCacheWarning = (message: string) => void;

/**
 * A registry as a cache of built images, keyed by input hash: `<cache>/<repository>:<input hash>`.
 * A machine that never built an image pulls it from here instead (the pulled image keeps its id and
 * labels, so it is the same image); what is built is pushed for the next machine. A cache that does not
 * answer, or refuses the credentials, is reported once and then left alone: work goes on locally.
 */
export class ImageCache {
  private unusable?: string;

  constructor(
    private readonly client: DockerClient,
    readonly registry: RegistryAddress,
    private readonly options: ImageCacheOptions = {},
  ) {}

  /** The cache named by `address`, else by NX_AIRBYTE_IMAGE_CACHE (credentials from its _USER/_PASSWORD, read-only with _READ_ONLY); undefined when neither is set. */
  static fromEnvironment(client: DockerClient, address: string | undefined, options: Omit<ImageCacheOptions, 'credentials'> = {}, env: NodeJS.ProcessEnv = process.env): ImageCache | undefined {
    const name = address?.trim() || env[IMAGE_CACHE_ENV]?.trim();
    if (!name) return undefined;
    const credentials = registryCredentialsFromEnvironment(env, { user: IMAGE_CACHE_USER_ENV, password: IMAGE_CACHE_PASSWORD_ENV });
    const readOnly = /^(true|1)$/i.test(env[IMAGE_CACHE_READ_ONLY_ENV]?.trim() ?? '');
    return new ImageCache(client, parseRegistryAddress(name), { ...options, ...(credentials ? { credentials } : {}), ...(readOnly ? { readOnly } : {}) });
  }

  /** True when this cache is only pulled from. */
  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /** `<cache>/<repository>:<input hash>` for the image named `repository[:tag]`. */
  referenceFor(image: string, inputHash: string): string {
    if (!/^[0-9a-f]{64}$/.test(inputHash)) throw new InvalidOptionError('ImageCache', 'inputHash', `must be a sha256 hex digest, got ${JSON.stringify(inputHash)}`);
    return `${registryImageName(this.registry, splitImageReference(image).repository)}:${inputHash}`;
  }

  /**
   * The cached image for these inputs, pulled into the local store and tagged `tags`; undefined when the
   * cache does not have it (or cannot be used). An image whose input-hash label is not `inputHash` is
   * refused: it would be another image under a right-looking name.
   */
  async fetch(image: string, inputHash: string, tags: readonly string[], warn?: ImageCacheWarning): Promise<ImageInfo | undefined> {
    if (this.unusable) return undefined;
    const reference = this.referenceFor(image, inputHash);
    const { repository, tag } = splitImageReference(reference);
    try {
      const inside = splitImageReference(image).repository;
      if (!(await findManifestDigest(this.registry, inside, tag!, { credentials: this.options.credentials }))) return undefined;
      const pulled = await pullImage(this.client, this.registry, reference, { credentials: this.options.credentials, timeoutMs: this.options.timeoutMs });
      if (pulled.labels[INPUT_HASH_LABEL] !== inputHash) {
        await removeImage(this.client, reference).catch(() => undefined);
        warn?.(`warning: ${reference} is labelled with another input hash (${pulled.labels[INPUT_HASH_LABEL] ?? 'none'}); it was not used`);
        return undefined;
      }
      for (const name of tags) await tagImage(this.client, pulled.id, name);
      // the cache's name is not one people use; with no other name, removing it would remove the image
      if (tags.length > 0) await removeImage(this.client, `${repository}:${tag}`).catch(() => undefined);
      return (await findImage(this.client, pulled.id)) ?? pulled;
    } catch (error) {
      this.giveUp(error, warn);
      return undefined;
    }
  }

  /** Pushes the local image `imageId` as the cache entry for these inputs, unless the cache has it already or is read-only. Never throws. */
  async store(image: string, imageId: string, inputHash: string, warn?: ImageCacheWarning): Promise<'pushed' | 'present' | 'skipped'> {
    if (this.unusable || this.readOnly) return 'skipped';
    const reference = this.referenceFor(image, inputHash);
    const { repository, tag } = splitImageReference(reference);
    try {
      if (await findManifestDigest(this.registry, splitImageReference(image).repository, tag!, { credentials: this.options.credentials })) return 'present';
      await tagImage(this.client, imageId, reference);
      try {
        await pushImage(this.client, this.registry, reference, { credentials: this.options.credentials, timeoutMs: this.options.timeoutMs });
      } finally {
        await removeImage(this.client, `${repository}:${tag}`).catch(() => undefined);
      }
      return 'pushed';
    } catch (error) {
      this.giveUp(error, warn);
      return 'skipped';
    }
  }

  private giveUp(error: unknown, warn: ImageCacheWarning | undefined): void {
    const reason = error instanceof RegistryError ? error.message : `image cache ${this.registry.name}: ${(error as Error).message}`;
    // a missing or broken entry is one image's problem; an unreachable or refusing registry is every image's
    const everyImage = !(error instanceof RegistryError) || error.kind !== 'refused';
    if (everyImage) this.unusable = reason;
    warn?.(`warning: ${reason}; going on without the image cache${everyImage ? ' for the rest of this run' : ''}`);
  }
}
