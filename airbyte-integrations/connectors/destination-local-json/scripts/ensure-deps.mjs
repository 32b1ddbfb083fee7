// Installs the connector's npm dependencies (npm ci) when node_modules is missing or older than
// package-lock.json; otherwise returns at once. The connector is not a workspace member of the
// repository root, so the root's `npm ci` does not install them.
// Nx may run `compile` and `test` at the same time: a lock directory keeps it to one install.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockfile = join(root, 'package-lock.json');
const installedLockfile = join(root, 'node_modules', '.package-lock.json');
const lockDir = join(root, '.npm-install.lock');
const LOCK_TIMEOUT_MS = 10 * 60 * 1000;
const POLL_MS = 250;

function upToDate() {
  return existsSync(installedLockfile) && statSync(installedLockfile).mtimeMs >= statSync(lockfile).mtimeMs;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function acquireLock() {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let owner;
    try {
      owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    } catch {
      owner = undefined; // being created or removed right now
    }
    if (owner && !alive(owner)) {
      rmSync(lockDir, { recursive: true, force: true }); // left behind by a killed install
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Waited ${LOCK_TIMEOUT_MS / 1000} s for another npm install in ${root} (lock ${lockDir}, pid ${owner}). Remove the lock if no install is running.`);
    }
    sleep(POLL_MS);
  }
}

if (!upToDate()) {
  acquireLock();
  try {
    if (!upToDate()) {
      console.error(`Installing the npm dependencies of ${root} (npm ci)...`);
      const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error(`npm ci failed in ${root} (exit ${result.status ?? result.signal}).`);
        process.exit(result.status || 1);
      }
    }
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
