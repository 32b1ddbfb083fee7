import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// A temporary workspace that runs the real nx binary with the built plugin (packages/nx-plugin/dist,
// through this repository's node_modules): no daemon, no cloud, a cache of its own.
export const WORKSPACE_ROOT = path.join(__dirname, '../../../..');
export const NX = path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx');

export interface TempWorkspace {
  root: string;
  write(file: string, text: string): void;
  read(file: string): string;
  /** Runs nx; output without colours (Nx colours it when the test itself runs under Nx). */
  nx(args: string[], env?: NodeJS.ProcessEnv): { status: number | null; output: string };
  git(...args: string[]): string;
  /** Commits every file (git init first, when it is not a repository yet). */
  commitAll(message: string): void;
  remove(): void;
}

export interface TempWorkspaceOptions {
  /** Folder name prefix under the system temp folder. */
  prefix: string;
  /** Extra nx.json keys. */
  nxJson?: Record<string, unknown>;
  /** Also make it a git repository with one commit. */
  git?: boolean;
}

export function withoutColours(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex
}

/** What nx runs with in a temp workspace: no daemon, no cloud, no TUI, its own cache, CI unset unless `extra` sets it. */
export function nxEnvironment(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CI: _ci, ...inherited } = process.env;
  return { ...inherited, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_CACHE_DIRECTORY: path.join(root, '.nx/cache'), ...extra };
}

export function createTempWorkspace(options: TempWorkspaceOptions): TempWorkspace {
  const root = mkdtempSync(path.join(tmpdir(), `nx-airbyte-${options.prefix}-`));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: root, encoding: 'utf8' });
  symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  write('package.json', JSON.stringify({ name: 'connectors', private: true, devDependencies: { '@nx-airbyte/nx-plugin': '0.1.0' } }));
  // analytics: no usage-data question in the terminal
  write('nx.json', JSON.stringify({ plugins: ['@nx-airbyte/nx-plugin'], analytics: false, ...(options.nxJson ?? {}) }));
  write('.gitignore', 'node_modules\n.nx\ndist\nsecrets/\n');
  const commitAll = (message: string) => {
    if (!existsSync(path.join(root, '.git'))) git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', message);
  };
  if (options.git) commitAll('initial');
  return {
    root,
    write,
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    nx: (args, env = {}) => {
      const result = spawnSync(NX, args, { cwd: root, encoding: 'utf8', env: nxEnvironment(root, env), maxBuffer: 64 * 1024 * 1024 });
      return { status: result.status, output: withoutColours(`${result.stdout}${result.stderr}`) };
    },
    git,
    commitAll,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
