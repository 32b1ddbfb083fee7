import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';

/** Read access to workspace files by workspace-relative path: an Nx Tree (generators) or the disk (executors). */
export interface WorkspaceFiles {
  /** The file's text, or undefined when there is no such file. */
  read(file: string): string | undefined;
}

export function treeFiles(tree: Tree): WorkspaceFiles {
  return { read: (file) => (tree.exists(file) && tree.isFile(file) ? (tree.read(file, 'utf-8') ?? undefined) : undefined) };
}

export function diskFiles(workspaceRoot: string): WorkspaceFiles {
  return {
    read: (file) => {
      try {
        return readFileSync(path.join(workspaceRoot, file), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
        throw error;
      }
    },
  };
}
