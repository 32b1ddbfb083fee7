import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTALL_LOCK_DIR, installDependencies, TypescriptConnectorError } from './install-dependencies';

describe('installDependencies', () => {
  let dir: string;
  let calls: number;
  const quiet = { log: () => undefined };

  /** An `npm ci` that does what npm does last: write node_modules/.package-lock.json. */
  const fakeNpmCi = (status = 0) => (folder: string) => {
    calls += 1;
    if (status === 0) {
      mkdirSync(join(folder, 'node_modules'), { recursive: true });
      writeFileSync(join(folder, 'node_modules', '.package-lock.json'), '{}');
    }
    return status;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-airbyte-ts-install-'));
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
    calls = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs npm ci when node_modules is missing, then not again', () => {
    expect(installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi() })).toBe(true);
    expect(installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi() })).toBe(false);
    expect(calls).toBe(1);
    expect(existsSync(join(dir, INSTALL_LOCK_DIR))).toBe(false);
  });

  it('installs again when package-lock.json is newer than the installed tree', () => {
    installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi() });
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'package-lock.json'), later, later);
    expect(installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi() })).toBe(true);
    expect(calls).toBe(2);
  });

  it('says which folder lacks a lockfile, and installs nothing', () => {
    rmSync(join(dir, 'package-lock.json'));
    expect(() => installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi() })).toThrow(`${join(dir, 'package-lock.json')} does not exist`);
    expect(calls).toBe(0);
  });

  it('fails with npm ci exit status and releases the lock', () => {
    expect(() => installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi(7) })).toThrow(new TypescriptConnectorError(`npm ci failed in ${dir} (exit 7); its output is above.`));
    expect(existsSync(join(dir, INSTALL_LOCK_DIR))).toBe(false);
  });

  it('takes over a lock whose owner is dead', () => {
    mkdirSync(join(dir, INSTALL_LOCK_DIR));
    writeFileSync(join(dir, INSTALL_LOCK_DIR, 'pid'), '2147483646'); // no such process
    expect(installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi(), lockTimeoutMs: 5_000, pollMs: 10 })).toBe(true);
  });

  it('gives up on a live lock after the timeout, naming the lock and its owner', () => {
    mkdirSync(join(dir, INSTALL_LOCK_DIR));
    writeFileSync(join(dir, INSTALL_LOCK_DIR, 'pid'), String(process.pid));
    expect(() => installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi(), lockTimeoutMs: 100, pollMs: 10 })).toThrow(
      `for another npm install in ${dir} (lock ${join(dir, INSTALL_LOCK_DIR)}, pid ${process.pid})`,
    );
    expect(calls).toBe(0);
  });

  it('waits for an install running in another process and does not repeat it', async () => {
    // the other process holds the lock, "installs" for 300 ms, then releases it
    const script = `
      const fs = require('node:fs'), path = require('node:path');
      const dir = process.argv[1], lock = path.join(dir, ${JSON.stringify(INSTALL_LOCK_DIR)});
      fs.mkdirSync(lock); fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      process.stdout.write('locked\\n');
      setTimeout(() => {
        fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), '{}');
        fs.rmSync(lock, { recursive: true, force: true });
      }, 300);`;
    const other = spawn(process.execPath, ['-e', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => other.stdout.once('data', () => resolve()));
    expect(installDependencies(dir, { ...quiet, runNpmCi: fakeNpmCi(), lockTimeoutMs: 10_000, pollMs: 20 })).toBe(false);
    expect(calls).toBe(0);
    await new Promise((resolve) => other.once('exit', resolve));
  });
});
