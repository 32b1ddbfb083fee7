import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** This repository's root: its node_modules (the built plugin among them) serve every temp workspace. */
export const REPOSITORY_ROOT = path.join(__dirname, '../../../..');
export const NX_BIN = path.join(REPOSITORY_ROOT, 'node_modules/.bin/nx');

export interface NxResult {
  status: number | null;
  /** stdout and stderr, without colours (Nx colours its output when the test itself runs under Nx). */
  output: string;
  seconds: number;
}

export interface TempWorkspaceOptions {
  /** Files to write, path relative to the workspace: text. package.json and nx.json have defaults. */
  files?: Record<string, string>;
  /** nx.json; default: the plugin registered, analytics off, the cache inside the workspace. */
  nxJson?: Record<string, unknown>;
  /** Commit everything in a fresh git repository (default true: Nx needs one for affected). */
  git?: boolean;
  /** Keep CI in the environment of nx commands (default false: as a developer types them). */
  ci?: boolean;
}

/**
 * A workspace in a temp folder for end-to-end tests with the real nx binary: node_modules linked to
 * this repository's (so the built plugin is what runs), the daemon off, no TUI, no Nx Cloud, its own cache.
 */
export class TempWorkspace {
  private constructor(
    readonly root: string,
    private readonly ci: boolean,
  ) {}

  static create(prefix: string, options: TempWorkspaceOptions = {}): TempWorkspace {
    const workspace = new TempWorkspace(mkdtempSync(path.join(tmpdir(), prefix)), options.ci ?? false);
    symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(workspace.root, 'node_modules'));
    workspace.write('package.json', JSON.stringify({ name: 'connectors', private: true, devDependencies: { '@nx-airbyte/nx-plugin': '0.1.0' } }));
    workspace.write('nx.json', JSON.stringify(options.nxJson ?? { plugins: ['@nx-airbyte/nx-plugin'], cacheDirectory: '.nx/cache', analytics: false }));
    workspace.write('.gitignore', 'node_modules\n.nx\ndist\nsecrets/\n');
    for (const [file, text] of Object.entries(options.files ?? {})) workspace.write(file, text);
    if (options.git ?? true) {
      workspace.git('init', '-q', '-b', 'main');
      workspace.commitAll('initial');
    }
    return workspace;
  }

  /** A second checkout of this workspace's committed files (as another machine would have), same options. */
  clone(prefix: string): TempWorkspace {
    const root = mkdtempSync(path.join(tmpdir(), prefix));
    execFileSync('git', ['clone', '-q', this.root, root]);
    symlinkSync(path.join(REPOSITORY_ROOT, 'node_modules'), path.join(root, 'node_modules'));
    return new TempWorkspace(root, this.ci);
  }

  path(file: string): string {
    return path.join(this.root, file);
  }

  write(file: string, text: string): void {
    mkdirSync(path.dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), text);
  }

  append(file: string, text: string): void {
    appendFileSync(this.path(file), text);
  }

  read(file: string): string {
    return readFileSync(this.path(file), 'utf8');
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: this.root, encoding: 'utf8' });
  }

  commitAll(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-qm', message);
  }

  /** The environment nx commands get: the caller's, with CI removed unless asked for, plus `extra`. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const { CI: ci, ...rest } = process.env;
    return { ...rest, ...(this.ci && ci !== undefined ? { CI: ci } : {}), NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_CACHE_DIRECTORY: this.path('.nx/cache'), ...extra };
  }

  nx(args: string[], extraEnv: NodeJS.ProcessEnv = {}): NxResult {
    const started = Date.now();
    const result = spawnSync(NX_BIN, args, { cwd: this.root, encoding: 'utf8', env: this.env(extraEnv), maxBuffer: 64 * 1024 * 1024 });
    return { status: result.status, output: withoutColours(`${result.stdout}${result.stderr}`), seconds: (Date.now() - started) / 1000 };
  }

  /** Runs nx and throws with its output when it fails. */
  nxOk(args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
    const result = this.nx(args, extraEnv);
    if (result.status !== 0) throw new Error(`nx ${args.join(' ')} exited with ${result.status}:\n${result.output.slice(-6000)}`);
    return result.output;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function withoutColours(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex
}
