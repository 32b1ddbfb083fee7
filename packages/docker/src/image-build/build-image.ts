import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createBuildContext } from '../build-context/build-context';
import { parseDockerfile, type Dockerfile } from '../dockerfile/dockerfile';
import { assertClient, engineMessage, engineStatusCode, ensureEngineReachable, toEngineError, type DockerClient } from '../engine-client';
import { BuildContextError, ImageBuildError, InvalidOptionError, type BuildStep } from '../errors';
import { assertImageReference, findImage } from '../images';
import { CONTEXT_HASH_LABEL } from '../labels';
import { protocolReader } from '../protocol-reader';
import { BuildProgress, type BuildEvent } from './build-progress';

export const DEFAULT_BUILD_TIMEOUT_MS = 15 * 60_000;
export const BOOTSTRAP_HINT = 'build or load that image first, or run tools/bootstrap to seed the offline base images';

export interface BuildImageOptions {
  /** The build context folder. */
  contextDir: string;
  /** The Dockerfile, relative to contextDir. Default: "Dockerfile". */
  dockerfile?: string;
  /** Names for the image, e.g. ["airbyte/source-x:dev"]; at least one. */
  tags: string[];
  /** Labels to add on top of the Dockerfile's own (io.airbyte.*) and the context hash label. */
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  /** The build fails with a timeout error after this long. Default: 15 minutes. */
  timeoutMs?: number;
  /** Aborts the build. */
  signal?: AbortSignal;
  /** Receives every line of build output ("Step 2/5 : RUN ...", RUN output, errors). */
  onProgress?: (line: string) => void;
  /** Ignore the engine's layer cache. Default: false. */
  noCache?: boolean;
}

export interface BuiltImage {
  imageId: string;
  tags: string[];
  /** Labels of the built image, as the engine reports them. */
  labels: Record<string, string>;
  /** The build context's content hash, also in the `io.nx-airbyte.context-hash` label. */
  contextHash: string;
  durationMs: number;
}

/**
 * Builds an image with the engine's legacy builder from a context that honours .dockerignore and never
 * holds secrets. Every event is checked for errors; the build fails with Docker's message and the step,
 * and never hangs (timeout, abort signal). Intermediate containers are always removed.
 */
export async function buildImage(client: DockerClient, options: BuildImageOptions): Promise<BuiltImage> {
  assertClient(client, 'buildImage');
  validateBuildOptions(options);
  const started = Date.now();
  const context = await createBuildContext(options.contextDir, { dockerfile: options.dockerfile });
  const dockerfilePath = path.join(context.dir, context.dockerfile);
  const dockerfile = parseDockerfile(await readFile(dockerfilePath, 'utf8'), { file: dockerfilePath, buildArgs: options.buildArgs });
  // The Dockerfile's own io.airbyte.* labels are applied by its LABEL lines. Passing them again would cost
  // one build step each and could override a value that only the base image's ENV resolves.
  const labels = { [CONTEXT_HASH_LABEL]: context.hash, ...(options.labels ?? {}) };
  await ensureEngineReachable(client);

  const tags = [...options.tags];
  const timeoutMs = options.timeoutMs ?? DEFAULT_BUILD_TIMEOUT_MS;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  const abortFromCaller = () => abort.abort();
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });
  const progress = new BuildProgress();
  let contextFailure: Error | undefined;

  try {
    if (options.signal?.aborted) throw new ImageBuildError(`Build of ${tags.join(', ')} was aborted before it started.`, tags, undefined, 'aborted');
    const tar = context.tar();
    tar.on('error', (error: Error) => (contextFailure ??= error));
    let response: NodeJS.ReadableStream;
    try {
      response = await client.api.buildImage(tar, {
        t: tags as unknown as string,
        dockerfile: context.dockerfile,
        buildargs: options.buildArgs ?? {},
        labels,
        rm: true,
        forcerm: true,
        nocache: options.noCache ?? false,
        version: '1',
        abortSignal: abort.signal,
      });
    } catch (error) {
      throw contextFailure ?? requestFailure(client, tags, error, abort.signal.aborted, timedOut, timeoutMs, progress);
    }
    abort.signal.addEventListener('abort', () => destroyStream(response), { once: true });
    await followBuildEvents(response, progress, options.onProgress).catch((error: unknown) => {
      throw contextFailure ?? requestFailure(client, tags, error, abort.signal.aborted, timedOut, timeoutMs, progress);
    });
    if (abort.signal.aborted) throw requestFailure(client, tags, new Error('aborted'), true, timedOut, timeoutMs, progress);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortFromCaller);
  }

  if (contextFailure) throw contextFailure;
  if (progress.failure) throw buildFailureError(tags, dockerfile, progress);
  if (!progress.imageId) {
    throw new ImageBuildError(`Build of ${tags.join(', ')} ended without an image id from the engine (the event stream stopped early); run it again, and check the engine's log if it persists.`, tags, progress.step, '');
  }
  const image = await findImage(client, progress.imageId);
  if (!image) throw new ImageBuildError(`Build of ${tags.join(', ')} reported image ${progress.imageId}, but the engine does not have it (removed meanwhile?)`, tags, progress.step, '');
  return { imageId: image.id, tags, labels: image.labels, contextHash: context.hash, durationMs: Date.now() - started };
}

function validateBuildOptions(options: BuildImageOptions): void {
  if (!options || typeof options !== 'object') throw new InvalidOptionError('buildImage', 'options', 'must be an object with contextDir and tags');
  if (typeof options.contextDir !== 'string' || options.contextDir === '') throw new InvalidOptionError('buildImage', 'contextDir', 'must be the path of the build context folder');
  if (!Array.isArray(options.tags) || options.tags.length === 0) throw new InvalidOptionError('buildImage', 'tags', 'must list at least one image name, e.g. ["airbyte/source-x:dev"]');
  for (const tag of options.tags) assertImageReference(tag, 'buildImage', 'tags');
  for (const [option, record] of [['labels', options.labels], ['buildArgs', options.buildArgs]] as const) {
    if (record !== undefined && (typeof record !== 'object' || record === null || Object.values(record).some((v) => typeof v !== 'string'))) {
      throw new InvalidOptionError('buildImage', option, 'must be an object of string values');
    }
  }
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) throw new InvalidOptionError('buildImage', 'timeoutMs', 'must be a positive number of milliseconds');
}

async function followBuildEvents(response: NodeJS.ReadableStream, progress: BuildProgress, onProgress: ((line: string) => void) | undefined): Promise<void> {
  const lines = new (protocolReader().LineSplitter)();
  const report = (texts: string[]) => {
    if (onProgress) for (const text of texts) onProgress(text);
  };
  const take = (text: string) => {
    if (text.trim() === '') return;
    let event: BuildEvent;
    try {
      event = JSON.parse(text) as BuildEvent;
    } catch {
      event = { stream: `${text}\n` };
    }
    report(progress.accept(event));
  };
  for await (const chunk of response) {
    for (const line of lines.push(chunk as Buffer)) take(line.text);
  }
  for (const line of lines.end()) take(line.text);
  report(progress.finish());
}

function destroyStream(stream: NodeJS.ReadableStream): void {
  const destroyable = stream as NodeJS.ReadableStream & { destroy?: (error?: Error) => void };
  destroyable.destroy?.();
}

function requestFailure(client: DockerClient, tags: string[], error: unknown, aborted: boolean, timedOut: boolean, timeoutMs: number, progress: BuildProgress): Error {
  const where = progress.step ? ` (at step ${progress.step.number}/${progress.step.total}: ${progress.step.instruction})` : '';
  if (timedOut) {
    return new ImageBuildError(`Build of ${tags.join(', ')} did not finish within ${timeoutMs} ms${where}; it was cancelled. Raise timeoutMs if the build is just slow.`, tags, progress.step, 'timeout', true, { cause: error });
  }
  if (aborted) return new ImageBuildError(`Build of ${tags.join(', ')} was aborted${where}.`, tags, progress.step, 'aborted', false, { cause: error });
  if (error instanceof BuildContextError) return error;
  const status = engineStatusCode(error);
  if (status !== undefined && status >= 400 && status < 600) {
    return new ImageBuildError(`Build of ${tags.join(', ')} was refused by Docker: ${engineMessage(error)}`, tags, progress.step, engineMessage(error), false, { cause: error });
  }
  return toEngineError(client, `building ${tags.join(', ')}`, error);
}

/** The image a failing FROM step names: the legacy builder counts every instruction as a step, so step n is instruction n. */
function baseImageOfStep(dockerfile: Dockerfile, step: BuildStep): string {
  const instruction = dockerfile.instructions[step.number - 1];
  const stage = instruction?.keyword === 'FROM' ? dockerfile.stages.find((s) => s.line === instruction.line) : undefined;
  return stage?.from.image ?? step.instruction.replace(/^FROM\s+(--\S+\s+)*/i, '').split(/\s+/)[0];
}

function buildFailureError(tags: string[], dockerfile: Dockerfile, progress: BuildProgress): ImageBuildError {
  const failure = progress.failure as NonNullable<BuildProgress['failure']>;
  const step = failure.step;
  if (progress.failedAtFrom && step) {
    return new ImageBuildError(
      `Build of ${tags.join(', ')} failed: base image ${baseImageOfStep(dockerfile, step)} (step ${step.number}/${step.total}) is not in the local image store and could not be pulled (${failure.message}); ${BOOTSTRAP_HINT}.`,
      tags,
      step,
      failure.message,
    );
  }
  const where = step ? ` at step ${step.number}/${step.total} (${step.instruction})` : '';
  const tail = failure.outputTail.length > 0 ? `\nLast output of the step:\n  ${failure.outputTail.join('\n  ')}` : '';
  return new ImageBuildError(`Build of ${tags.join(', ')} failed${where}: ${failure.message}${tail}`, tags, step, failure.message);
}
