import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { BuildContextError, InvalidOptionError } from '../errors';
import { packFromDisk } from '../tar-archive';
import { hasAlwaysExcludedPart, selectContextEntries, type ContextEntry } from './context-selection';

export const DEFAULT_DOCKERFILE = 'Dockerfile';

export interface BuildContextOptions {
  /** The Dockerfile, relative to the context folder. Default: "Dockerfile". */
  dockerfile?: string;
}

export interface BuildContext {
  /** Absolute path of the context folder. */
  dir: string;
  /** The Dockerfile, relative to `dir`, with forward slashes. */
  dockerfile: string;
  /** Everything that goes in (files, folders, symlinks), sorted by path. */
  entries: ContextEntry[];
  /** Relative paths of the files and symlinks that go in, sorted. */
  files: string[];
  /** secrets/, node_modules/ and .venv/ paths that were found and left out. */
  alwaysExcluded: string[];
  /**
   * sha256 (hex) over the Dockerfile name and, per entry in path order, its type, mode, path and
   * contents (or link target). Timestamps do not count: an untouched connector keeps its hash.
   */
  hash: string;
  /** A fresh tar stream of the entries, for the engine's /build. */
  tar(): NodeJS.ReadableStream;
}

/**
 * Collects what a `docker build` of `dir` sends: honours .dockerignore, always leaves out secrets/,
 * node_modules/ and .venv/, never follows symlinks, and hashes the result.
 */
export async function createBuildContext(dir: string, options: BuildContextOptions = {}): Promise<BuildContext> {
  if (typeof dir !== 'string' || dir === '') throw new InvalidOptionError('createBuildContext', 'dir', 'must be the path of the context folder');
  const contextDir = path.resolve(dir);
  const dockerfile = normaliseDockerfilePath(contextDir, options.dockerfile ?? DEFAULT_DOCKERFILE);
  await assertIsFolder(contextDir);
  await assertIsFile(contextDir, dockerfile);
  const selection = await selectContextEntries(contextDir, dockerfile);
  const hash = await hashContext(contextDir, dockerfile, selection.entries);
  return {
    dir: contextDir,
    dockerfile,
    entries: selection.entries,
    files: selection.entries.filter((e) => e.type !== 'directory').map((e) => e.path),
    alwaysExcluded: selection.alwaysExcluded,
    hash,
    tar: () =>
      packFromDisk(contextDir, selection.entries, (entry, error) => new BuildContextError(contextDir, `cannot pack ${entry.path}: ${(error as Error).message}`, { cause: error })),
  };
}

function normaliseDockerfilePath(contextDir: string, dockerfile: string): string {
  if (typeof dockerfile !== 'string' || dockerfile === '') throw new InvalidOptionError('createBuildContext', 'dockerfile', 'must be a path relative to the context folder');
  const relative = path.relative(contextDir, path.resolve(contextDir, dockerfile)).split(path.sep).join('/');
  if (relative === '' || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) {
    throw new BuildContextError(contextDir, `the Dockerfile ${dockerfile} must be inside the context folder`);
  }
  if (hasAlwaysExcludedPart(relative)) throw new BuildContextError(contextDir, `the Dockerfile ${relative} is inside a folder that never goes into a context (secrets/, node_modules/, .venv/)`);
  return relative;
}

async function assertIsFolder(contextDir: string): Promise<void> {
  try {
    if ((await stat(contextDir)).isDirectory()) return;
  } catch (error) {
    throw new BuildContextError(contextDir, `the folder does not exist or cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  throw new BuildContextError(contextDir, 'is not a folder');
}

async function assertIsFile(contextDir: string, dockerfile: string): Promise<void> {
  try {
    if ((await stat(path.join(contextDir, dockerfile))).isFile()) return;
  } catch (error) {
    throw new BuildContextError(contextDir, `no Dockerfile at ${dockerfile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass the dockerfile option if it has another name`, { cause: error });
  }
  throw new BuildContextError(contextDir, `${dockerfile} is not a regular file`);
}

async function hashContext(contextDir: string, dockerfile: string, entries: readonly ContextEntry[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`nx-airbyte build context v1\0dockerfile\0${dockerfile}\0`);
  for (const entry of entries) {
    hash.update(`${entry.type}\0${entry.mode.toString(8)}\0${entry.path}\0`);
    if (entry.type === 'symlink') hash.update(`${entry.linkTarget}\0`);
    if (entry.type === 'file') {
      hash.update(`${entry.size}\0`);
      await hashFile(hash, contextDir, entry.path, entry.size ?? Infinity);
    }
  }
  return hash.digest('hex');
}

/** Files up to this size are read in one call (most of a connector's); larger ones are streamed, so memory stays bounded. */
const WHOLE_FILE_HASH_LIMIT = 1024 * 1024;

async function hashFile(hash: Hash, contextDir: string, relativePath: string, size: number): Promise<void> {
  const cannotRead = (error: Error) => new BuildContextError(contextDir, `cannot read ${relativePath}: ${error.message}`, { cause: error });
  if (size <= WHOLE_FILE_HASH_LIMIT) {
    try {
      hash.update(await readFile(path.join(contextDir, relativePath)));
    } catch (error) {
      throw cannotRead(error as Error);
    }
    return;
  }
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path.join(contextDir, relativePath));
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('end', resolve);
    stream.on('error', (error) => reject(cannotRead(error)));
  });
}
