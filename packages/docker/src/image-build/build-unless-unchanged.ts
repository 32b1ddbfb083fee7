import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createBuildContext } from '../build-context/build-context';
import { AIRBYTE_NAME_LABEL, parseDockerfile, type Dockerfile } from '../dockerfile/dockerfile';
import type { DockerClient } from '../engine-client';
import { findImage, findImagesByLabel, tagImage, type ImageInfo } from '../images';
import { CONTEXT_HASH_LABEL, INPUT_HASH_LABEL } from '../labels';
import { buildImage, type BuildImageOptions, type BuiltImage } from './build-image';

export interface UnchangedImageResult extends BuiltImage {
  /** sha256 over the build context, the base images' ids, the build args and the requested labels. */
  inputHash: string;
  /** True when an image with the same input hash was found and only (re)tagged: no Docker build ran. */
  reused: boolean;
}

/**
 * Builds an image only when its inputs changed. The inputs are the build context's content (as sent
 * to Docker), the ids of the base images it FROMs, the build args and the requested labels; their hash
 * labels the image. When an image with that label exists, it gets the requested tags and is returned
 * without a build: one context hash and two engine look-ups instead of a Docker build, whatever state
 * the Nx cache or Docker's layer cache is in.
 */
export async function buildImageUnlessUnchanged(client: DockerClient, options: BuildImageOptions): Promise<UnchangedImageResult> {
  const started = Date.now();
  const { inputHash, dockerfile } = await imageInputs(client, options);
  const existing = await findUnchangedImage(client, inputHash, options.tags, dockerfile.airbyteName);
  if (existing) {
    for (const tag of options.tags) if (!existing.tags.includes(tag)) await tagImage(client, existing.id, tag);
    return { imageId: existing.id, tags: [...options.tags], labels: existing.labels, contextHash: existing.labels[CONTEXT_HASH_LABEL] ?? '', durationMs: Date.now() - started, inputHash, reused: true };
  }
  const built = await buildImage(client, { ...options, labels: { ...(options.labels ?? {}), [INPUT_HASH_LABEL]: inputHash } });
  return { ...built, inputHash, reused: false };
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
