import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import * as path from 'node:path';
import { BuildContextError } from '../errors';
import type { TarMember } from '../tar-archive';

/** Folders that never go into an image, whatever .dockerignore says (credentials, dependency trees). */
export const ALWAYS_EXCLUDED_NAMES: readonly string[] = ['secrets', 'node_modules', '.venv'];

export const DOCKERIGNORE_FILE = '.dockerignore';

/** What goes into a build context: a file, a folder or a symlink (kept as a link, never followed). */
export type ContextEntry = TarMember & { mtime: Date };

export interface ContextSelection {
  entries: ContextEntry[];
  /** Relative paths of the secrets/, node_modules/ and .venv/ folders (or files) left out. */
  alwaysExcluded: string[];
}

interface IgnoreRules {
  ignores(relativePath: string): boolean;
  /** True when some `!pattern` could bring back a path inside an ignored folder. */
  hasExceptions: boolean;
}

/** Modes as git knows them, so that the same checkout gives the same image and hash under any umask. */
export function normalisedMode(stats: Stats): number {
  if (stats.isDirectory()) return 0o755;
  if (stats.isSymbolicLink()) return 0o777;
  return stats.mode & 0o111 ? 0o755 : 0o644;
}

export function hasAlwaysExcludedPart(relativePath: string): boolean {
  return relativePath.split('/').some((part) => ALWAYS_EXCLUDED_NAMES.includes(part));
}

async function loadIgnoreRules(contextDir: string): Promise<IgnoreRules> {
  let text: string;
  try {
    text = await readFile(path.join(contextDir, DOCKERIGNORE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ignores: () => false, hasExceptions: false };
    throw new BuildContextError(contextDir, `cannot read ${DOCKERIGNORE_FILE}: ${(error as Error).message}`, { cause: error });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dockerignore: typeof import('@balena/dockerignore').default = require('@balena/dockerignore');
  const rules = dockerignore({ ignorecase: false }).add(text);
  const hasExceptions = text.split(/\r?\n/).some((line) => line.trim().startsWith('!'));
  return { ignores: (relativePath) => rules.ignores(relativePath), hasExceptions };
}

/**
 * Walks `contextDir` and picks what Docker would send, honouring .dockerignore (with `!` exceptions),
 * always leaving out secrets/, node_modules/ and .venv/ at any depth (never even listing them), and
 * always keeping the Dockerfile and .dockerignore. Sockets, FIFOs and devices are left out.
 */
export async function selectContextEntries(contextDir: string, dockerfile: string): Promise<ContextSelection> {
  const rules = await loadIgnoreRules(contextDir);
  const alwaysKept = new Set([dockerfile, DOCKERIGNORE_FILE]);
  const entries: ContextEntry[] = [];
  const alwaysExcluded: string[] = [];

  async function walk(relativeDir: string): Promise<void> {
    let children: Dirent[];
    try {
      children = await readdir(path.join(contextDir, relativeDir), { withFileTypes: true });
    } catch (error) {
      throw new BuildContextError(contextDir, `cannot list ${relativeDir || '.'}: ${(error as Error).message}`, { cause: error });
    }
    for (const child of children) {
      const relativePath = relativeDir ? `${relativeDir}/${child.name}` : child.name;
      if (ALWAYS_EXCLUDED_NAMES.includes(child.name)) {
        alwaysExcluded.push(relativePath);
        continue;
      }
      const ignored = rules.ignores(relativePath) && !alwaysKept.has(relativePath);
      if (child.isDirectory()) {
        if (!ignored) entries.push(await entryOf(contextDir, relativePath));
        if (!ignored || rules.hasExceptions || isAncestorOfAlwaysKept(relativePath, alwaysKept)) await walk(relativePath);
      } else if (!ignored && (child.isFile() || child.isSymbolicLink())) {
        entries.push(await entryOf(contextDir, relativePath));
      }
    }
  }

  await walk('');
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  alwaysExcluded.sort();
  return { entries, alwaysExcluded };
}

function isAncestorOfAlwaysKept(relativeDir: string, alwaysKept: Set<string>): boolean {
  for (const kept of alwaysKept) if (kept.startsWith(`${relativeDir}/`)) return true;
  return false;
}

async function entryOf(contextDir: string, relativePath: string): Promise<ContextEntry> {
  const absolutePath = path.join(contextDir, relativePath);
  try {
    const stats = await lstat(absolutePath);
    const mode = normalisedMode(stats);
    if (stats.isDirectory()) return { path: relativePath, type: 'directory', mode, mtime: stats.mtime };
    if (stats.isSymbolicLink()) return { path: relativePath, type: 'symlink', mode, linkTarget: await readlink(absolutePath), mtime: stats.mtime };
    return { path: relativePath, type: 'file', mode, size: stats.size, mtime: stats.mtime };
  } catch (error) {
    throw new BuildContextError(contextDir, `cannot read ${relativePath}: ${(error as Error).message}`, { cause: error });
  }
}
