import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createBuildContext } from '../build-context/build-context';
import { parseDockerfile } from '../dockerfile/dockerfile';
import type { DockerClient } from '../engine-client';
import { findImage, findImagesByLabel, tagImage } from '../images';
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
  const inputHash = await imageInputHash(client, options);
  const [existing] = await findImagesByLabel(client, INPUT_HASH_LABEL, inputHash);
  if (existing) {
    for (const tag of options.tags) if (!existing.tags.includes(tag)) await tagImage(client, existing.id, tag);
    return { imageId: existing.id, tags: [...options.tags], labels: existing.labels, contextHash: existing.labels[CONTEXT_HASH_LABEL] ?? '', durationMs: Date.now() - started, inputHash, reused: true };
  }
  const built = await buildImage(client, { ...options, labels: { ...(options.labels ?? {}), [INPUT_HASH_LABEL]: inputHash } });
  return { ...built, inputHash, reused: false };
}

/** The hash that decides whether an image must be built again; see buildImageUnlessUnchanged. */
export async function imageInputHash(client: DockerClient, options: BuildImageOptions): Promise<string> {
  const context = await createBuildContext(options.contextDir, { dockerfile: options.dockerfile });
  const dockerfilePath = path.join(context.dir, context.dockerfile);
  const dockerfile = parseDockerfile(await readFile(dockerfilePath, 'utf8'), { file: dockerfilePath, buildArgs: options.buildArgs });
  const hash = createHash('sha256');
  hash.update(`context ${context.hash}\n`);
  for (const base of dockerfile.baseImages) {
    // a missing base image is the build's to report, with its advice
    const image = await findImage(client, base);
    hash.update(`base ${base} ${image?.id ?? 'missing'}\n`);
  }
  for (const [name, value] of Object.entries(options.buildArgs ?? {}).sort()) hash.update(`arg ${name}=${value}\n`);
  for (const [name, value] of Object.entries(options.labels ?? {}).sort()) hash.update(`label ${name}=${value}\n`);
  return hash.digest('hex');
}
