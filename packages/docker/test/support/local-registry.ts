import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// A registry of the test's own: Debian's docker-registry on a free 127.0.0.1 port, storage in a temp
// folder, optionally behind htpasswd (bcrypt, from apache2-utils). Both packages are installed with apt
// when missing, as tools/bootstrap installs what it needs. stop() ends it and removes every byte it stored.

export interface LocalRegistry {
  /** `127.0.0.1:<port>` */
  address: string;
  storageDir: string;
  credentials?: { username: string; password: string };
  /** Ends the registry and removes its storage; safe to call twice. */
  stop(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** Put the registry behind htpasswd authentication with this one account. */
  credentials?: { username: string; password: string };
  /** Default: 20 s. */
  startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  ensureCommand('docker-registry', 'docker-registry');
  if (options.credentials) ensureCommand('htpasswd', 'apache2-utils');
  const dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-test-registry-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (child) running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    let auth = '';
    if (options.credentials) {
      const hashed = spawnSync('htpasswd', ['-nbB', options.credentials.username, options.credentials.password], { encoding: 'utf8' });
      if (hashed.status !== 0) throw new Error(`htpasswd failed: ${hashed.stderr}`);
      writeFileSync(path.join(dir, 'htpasswd'), hashed.stdout);
      auth = `auth:\n  htpasswd:\n    realm: nx-airbyte-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
    }
    writeFileSync(
      path.join(dir, 'config.yml'),
      `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: ${address}\n${auth}`,
    );
    const log = openSync(path.join(dir, 'registry.log'), 'a');
    child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
    running.add(child);
    await waitUntilAnswering(address, child, path.join(dir, 'registry.log'), options.startTimeoutMs ?? 20_000);
    return { address, storageDir: path.join(dir, 'data'), ...(options.credentials ? { credentials: options.credentials } : {}), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's `pkg` when `command` is missing: root on Debian, as in CI; anywhere else, says what to install. */
function ensureCommand(command: string, pkg: string): void {
  if (hasCommand(command)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) throw new Error(`The registry tests need ${command}: install Debian's ${pkg} (sudo apt-get install ${pkg}).`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let install = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { encoding: 'utf8', env });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8', env });
    install = spawnSync('apt-get', ['install', '-y', '-qq', pkg], { encoding: 'utf8', env });
  }
  if (install.status !== 0 || !hasCommand(command)) throw new Error(`apt-get install ${pkg} failed: ${install.stderr.slice(-2000)}`);
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(address: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const response = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${address} within ${timeoutMs} ms: ${readFileSync(logFile, 'utf8').slice(-2000)}`);
}
