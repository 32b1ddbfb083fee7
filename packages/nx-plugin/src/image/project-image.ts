import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildImageUnlessUnchanged, createDockerClient, findImage, parseDockerfile, type DockerClient, type ImageCache } from '@nx-airbyte/docker';

/** What `build` leaves behind for Nx to cache and for integrationTest and publish to find the image. */
export interface ImageMetadata {
  project: string;
  /** `<io.airbyte.name>:<tag>`, e.g. airbyte/source-faker:dev. */
  image: string;
  imageId: string;
  /** The hash of the image's inputs, also its `io.nx-airbyte.input-hash` label. */
  inputHash: string;
  name: string;
  version?: string;
  labels: Record<string, string>;
}

export const IMAGE_METADATA_FILE = 'image.json';

export type ImageBuildLog = (line: string) => void;

export interface ProjectImageOptions {
  workspaceRoot: string;
  projectRoot: string;
  projectName: string;
  dockerfile?: string;
  tag?: string;
  buildArgs?: Record<string, string>;
  timeoutSeconds?: number;
  client?: DockerClient;
  /** Pull instead of build when the cache has the image; push what is built. */
  imageCache?: ImageCache;
}

/** dist/<projectRoot>/image.json, where the build target's cached output lives. */
export function imageMetadataPath(workspaceRoot: string, projectRoot: string): string {
  return path.join(workspaceRoot, 'dist', projectRoot, IMAGE_METADATA_FILE);
}

/** The image a project's Dockerfile names: `<io.airbyte.name>:<tag>`. */
export function projectImageName(options: Pick<ProjectImageOptions, 'workspaceRoot' | 'projectRoot' | 'dockerfile' | 'tag' | 'buildArgs'>): { image: string; name: string; version?: string } {
  const file = path.join(options.workspaceRoot, options.projectRoot, options.dockerfile ?? 'Dockerfile');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path.relative(options.workspaceRoot, file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const dockerfile = parseDockerfile(text, { file: path.relative(options.workspaceRoot, file), buildArgs: options.buildArgs });
  if (!dockerfile.airbyteName) {
    const folder = path.basename(options.projectRoot);
    throw new Error(`${path.relative(options.workspaceRoot, file)} has no LABEL io.airbyte.name: add a line such as LABEL io.airbyte.name=airbyte/${folder} io.airbyte.version=0.1.0`);
  }
  return { image: `${dockerfile.airbyteName}:${options.tag ?? 'dev'}`, name: dockerfile.airbyteName, ...(dockerfile.airbyteVersion ? { version: dockerfile.airbyteVersion } : {}) };
}

/**
 * Builds a project's image unless an image with the same input hash exists, then writes its metadata
 * file. Progress goes to `log`: what is built or reused, the Docker steps of a real build.
 */
export async function buildProjectImage(options: ProjectImageOptions, log: ImageBuildLog): Promise<ImageMetadata> {
  const { image, name, version } = projectImageName(options);
  const client = options.client ?? createDockerClient();
  const started = Date.now();
  const result = await buildImageUnlessUnchanged(client, {
    contextDir: path.join(options.workspaceRoot, options.projectRoot),
    dockerfile: options.dockerfile,
    tags: [image],
    buildArgs: options.buildArgs,
    timeoutMs: (options.timeoutSeconds ?? 900) * 1000,
    onProgress: (line) => log(`  ${line}`),
    imageCache: options.imageCache,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const cache = options.imageCache?.registry.name;
  if (result.source === 'local') log(`${image}: unchanged inputs, reused image ${shortId(result.imageId)} (no Docker build, ${seconds} s)`);
  else if (result.source === 'image-cache') log(`${image}: unchanged inputs, pulled image ${shortId(result.imageId)} from the image cache ${cache} (no Docker build, ${seconds} s)`);
  else log(`${image}: built image ${shortId(result.imageId)} in ${seconds} s`);
  if (result.cached === 'pushed') log(`${image}: pushed to the image cache ${cache} (input hash ${result.inputHash.slice(0, 12)})`);
  const metadata: ImageMetadata = { project: options.projectName, image, imageId: result.imageId, inputHash: result.inputHash, name, ...(version ? { version } : {}), labels: result.labels };
  await writeMetadata(imageMetadataPath(options.workspaceRoot, options.projectRoot), metadata);
  return metadata;
}

/**
 * The image integrationTest (or publish) needs: the one the metadata names when the local store has it,
 * else a fresh build (an Nx cache hit restores the metadata file, never the image).
 */
export async function ensureProjectImage(options: ProjectImageOptions, log: ImageBuildLog): Promise<ImageMetadata> {
  const client = options.client ?? createDockerClient();
  const metadata = await readMetadata(imageMetadataPath(options.workspaceRoot, options.projectRoot));
  if (metadata) {
    const found = await findImage(client, metadata.image);
    if (found && found.id === metadata.imageId) return metadata;
    const problem = found ? 'the tag points at another image than the build made' : 'not in the local Docker store';
    if (options.imageCache && !found && /^[0-9a-f]{64}$/.test(metadata.inputHash ?? '')) {
      const pulled = await options.imageCache.fetch(metadata.name ?? metadata.image, metadata.inputHash, [metadata.image], log);
      if (pulled?.id === metadata.imageId) {
        log(`${metadata.image}: ${problem}; pulled image ${shortId(pulled.id)} from the image cache ${options.imageCache.registry.name} (no Docker build)`);
        return metadata;
      }
    }
    log(`${metadata.image}: ${problem}; building it again`);
    try {
      return await buildProjectImage({ ...options, client }, log);
    } catch (error) {
      throw new ImageRebuildError(metadata, problem, path.relative(options.workspaceRoot, imageMetadataPath(options.workspaceRoot, options.projectRoot)), error);
    }
  }
  return buildProjectImage({ ...options, client }, log);
}

/** The image that image.json named was gone (an Nx cache hit restores the file, never the image), and building it again failed. */
export class ImageRebuildError extends Error {
  override readonly name = 'ImageRebuildError';

  constructor(metadata: ImageMetadata, problem: string, metadataFile: string, cause: unknown) {
    super(
      `${metadata.image}: ${metadataFile} names image ${shortId(metadata.imageId)} (from build, perhaps restored from the Nx cache), which is ${problem === 'not in the local Docker store' ? problem : `missing: ${problem}`}; building it again failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

async function readMetadata(file: string): Promise<ImageMetadata | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<ImageMetadata>;
    return typeof value.image === 'string' && typeof value.imageId === 'string' ? (value as ImageMetadata) : undefined;
  } catch {
    return undefined; // absent or unreadable: build
  }
}

async function writeMetadata(file: string, metadata: ImageMetadata): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(metadata, null, 2)}\n`);
  await rename(temporary, file);
}

function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
