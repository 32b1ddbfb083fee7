import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createBuildContext } from '../build-context/build-context';
import { AIRBYTE_NAME_LABEL, parseDockerfile, type Dockerfile } from '../dockerfile/dockerfile';
import type { DockerClient } from '../engine-client';
import { findImage, findImagesByLabel, tagImage, type ImageInfo } from '../images';
import { CONTEXT_HASH_LABEL, INPUT_HASH_LABEL } from '../labels';
import { buildImage, type BuildImageOptions, type BuiltImage } from './build-image';
import type { ImageCache } from './image-cache';

export interface UnchangedBuildOptions extends BuildImageOptions {
  /** Pull the image from this registry cache instead of building it, and push what is built there. */
  imageCache?: ImageCache;
}

export interface UnchangedImageResult extends BuiltImage {
  /** sha256 over the build context, the base images' ids, the build args and the requested labels. */
  inputHash: string;
  /** True when an image with the same input hash was found and only (re)tagged: no Docker build ran. */
  reused: boolean;
  /** Where the image came from: the local store, the image cache (pulled), or a Docker build. */
  source: 'local' | 'image-cache' | 'built';
  /** What the image cache got: the image pushed, already there, or nothing (no cache, or it could not be used). */
  cached: 'pushed' | 'present' | 'skipped';
}

/**
 * Builds an image only when its inputs changed. The inputs are the build context's content (as sent
 * to Docker), the ids of the base images it FROMs, the build args and the requested labels; their hash
 * labels the image. When an image with that label exists, it gets the requested tags and is returned
 * without a build: one context hash and two engine look-ups instead of a Docker build, whatever state
 * the Nx cache or Docker's layer cache is in.
 */
export async function buildImageUnlessUnchanged(client: DockerClient, options: UnchangedBuildOptions): Promise<UnchangedImageResult> {
  const started = Date.now();
  const { imageCache, ...buildOptions } = options;
  const { inputHash, dockerfile } = await imageInputs(client, buildOptions);
  // the name the cache files the image under: the Dockerfile's io.airbyte.name, else the first tag
  const cacheName = imageCache ? (dockerfile.airbyteName ?? options.tags[0]) : undefined;
  const share = async (imageId: string) => (imageCache && cacheName ? imageCache.store(cacheName, imageId, inputHash, options.onProgress) : 'skipped');
  const existing = await findUnchangedImage(client, inputHash, options.tags, dockerfile.airbyteName);
  if (existing) {
    for (const tag of options.tags) if (!existing.tags.includes(tag)) await tagImage(client, existing.id, tag);
    const cached = await share(existing.id);
    return { ...reusedResult(existing, options.tags, inputHash, started), source: 'local', cached };
  }
  const pulled = imageCache && cacheName ? await imageCache.fetch(cacheName, inputHash, options.tags, options.onProgress) : undefined;
  if (pulled) return { ...reusedResult(pulled, options.tags, inputHash, started), source: 'image-cache', cached: 'present' };
  const built = await buildImage(client, { ...buildOptions, labels: { ...(options.labels ?? {}), [INPUT_HASH_LABEL]: inputHash } });
  const cached = await share(built.imageId);
  return { ...built, inputHash, reused: false, source: 'built', cached };
}

function reusedResult(image: ImageInfo, tags: string[], inputHash: string, started: number): Omit<UnchangedImageResult, 'source' | 'cached'> {
  return { imageId: image.id, tags: [...tags], labels: image.labels, contextHash: image.labels[CONTEXT_HASH_LABEL] ?? '', durationMs: Date.now() - started, inputHash, reused: true };
}

/** The hash that decides whether an image must be built again; see buildImageUnlessUnchanged. */
export async function imageInputHash(client: DockerClient, options: BuildImageOptions): Promise<string> {
  return (await imageInputs(client, options)).inputHash;
}

async function imageInputs(client: DockerClient, options: BuildImageOptions): Promise<{ inputHash: string; dockerfile: Dockerfile }> {
  const context = await createBuildContext(options.contextDir, { dockerfile: options.dockerfile });
  const dockerfilePath = path.join(context.dir, context.dockerfile);
  const dockerfile = parseDockerfile(await readFile(dockerfilePath, 'utf8'), { file: dockerfilePath, buildArgs: options.buildArgs });
  // a missing base image is the build's to report, with its advice
  const baseImages = await Promise.all(dockerfile.baseImages.map((base) => findImage(client, base)));
  const hash = createHash('sha256');
  hash.update(`context ${context.hash}\n`);
  dockerfile.baseImages.forEach((base, i) => hash.update(`base ${base} ${baseImages[i]?.id ?? 'missing'}\n`));
  for (const [name, value] of Object.entries(options.buildArgs ?? {}).sort()) hash.update(`arg ${name}=${value}\n`);
  for (const [name, value] of Object.entries(options.labels ?? {}).sort()) hash.update(`label ${name}=${value}\n`);
  return { inputHash: hash.digest('hex'), dockerfile };
}

/**
 * The image built from these inputs, if the engine has it. Every image built FROM it inherits its
 * labels, input hash included, so the label alone does not tell the image from its children: the
 * image a requested tag names wins when it carries the hash (one look-up, the usual case), else the
 * oldest image with the hash and the Dockerfile's io.airbyte.name (an image is older than any built on it).
 */
async function findUnchangedImage(client: DockerClient, inputHash: string, tags: string[], airbyteName: string | undefined): Promise<ImageInfo | undefined> {
  const tagged = tags.length > 0 ? await findImage(client, tags[0]) : undefined;
  if (tagged?.labels[INPUT_HASH_LABEL] === inputHash) return tagged;
  const candidates = (await findImagesByLabel(client, INPUT_HASH_LABEL, inputHash)).filter((image) => airbyteName === undefined || image.labels[AIRBYTE_NAME_LABEL] === airbyteName);
  return oldestImage(client, candidates);
}

/** Listed images carry their creation time in seconds; images created in the same second are compared by their inspected time. */
async function oldestImage(client: DockerClient, images: ImageInfo[]): Promise<ImageInfo | undefined> {
  if (images.length <= 1) return images[0];
  const earliest = Math.min(...images.map((image) => image.created.getTime()));
  const first = images.filter((image) => image.created.getTime() === earliest);
  if (first.length === 1) return first[0];
  const inspected = await Promise.all(first.map(async (image) => ({ image, created: (await findImage(client, image.id))?.created.getTime() ?? Infinity })));
  return inspected.reduce((a, b) => (b.created < a.created ? b : a)).image;
}
