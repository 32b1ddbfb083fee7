import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A TypeScript connector whose tools cannot do their work, said with the folder and what to do. */
export class TypescriptConnectorError extends Error {
  override readonly name = 'TypescriptConnectorError';
}

export interface InstallOptions {
  /** Runs `npm ci` in the folder; returns its exit status (or a signal name). Replaceable in tests. */
  runNpmCi?: (dir: string) => number | string;
  log?: (line: string) => void;
  /** How long to wait for another install of the same folder. */
  lockTimeoutMs?: number;
  pollMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_POLL_MS = 250;
export const INSTALL_LOCK_DIR = '.npm-install.lock';

/**
 * Installs a connector's npm dependencies (`npm ci`) when node_modules is missing or older than
 * package-lock.json, and otherwise returns at once. A connector is not a workspace member, so the
 * root's `npm ci` does not install them. Nx may run a connector's `compile` and `test` at the same
 * time: a lock directory keeps it to one install, and a lock left by a killed install is taken over.
 * Returns whether it installed.
 */
export function installDependencies(dir: string, options: InstallOptions = {}): boolean {
  const lockfile = join(dir, 'package-lock.json');
  if (!existsSync(lockfile)) {
    throw new TypescriptConnectorError(`${lockfile} does not exist: a connector installs exactly what its lockfile says. Run \`npm install\` in ${dir} once and commit package-lock.json.`);
  }
  if (upToDate(dir)) return false;
  const lock = join(dir, INSTALL_LOCK_DIR);
  acquireLock(lock, dir, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS, options.pollMs ?? DEFAULT_POLL_MS);
  try {
    if (upToDate(dir)) return false; // another process installed while this one waited
    (options.log ?? ((line) => process.stderr.write(`${line}\n`)))(`Installing the npm dependencies of ${dir} (npm ci)...`);
    const status = (options.runNpmCi ?? runNpmCi)(dir);
    if (status !== 0) throw new TypescriptConnectorError(`npm ci failed in ${dir} (exit ${status}); its output is above.`);
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function upToDate(dir: string): boolean {
  const installed = join(dir, 'node_modules', '.package-lock.json'); // npm writes it last
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(join(dir, 'package-lock.json')).mtimeMs;
}

function runNpmCi(dir: string): number | string {
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  if (result.error) throw new TypescriptConnectorError(`could not run npm in ${dir}: ${result.error.message}`);
  return result.status ?? result.signal ?? 1;
}

function acquireLock(lock: string, dir: string, timeoutMs: number, pollMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: number | undefined;
    try {
      owner = Number(readFileSync(join(lock, 'pid'), 'utf8')) || undefined;
    } catch {
      owner = undefined; // being created or removed right now
    }
    if (owner !== undefined && !alive(owner)) {
      rmSync(lock, { recursive: true, force: true }); // left behind by a killed install
      continue;
    }
    if (Date.now() > deadline) {
      throw new TypescriptConnectorError(
        `waited ${Math.round(timeoutMs / 1000)} s for another npm install in ${dir} (lock ${lock}, pid ${owner ?? 'unknown'}). Remove the lock if no install is running.`,
      );
    }
    sleep(pollMs);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
