import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { createDockerClient, pingEngine, type DockerClient } from '../../src/index';

// A second Docker engine on this host, as a second CI machine would have: its own containerd, data
// root, exec root, socket and bridge (connectors run with host networking, and no iptables rules are
// added). Not `--bridge none`: with it, dockerd deletes the host's docker0, the first engine's bridge.
// stop() ends both daemons, removes the bridge and everything the engine stored.

export interface SecondEngine {
  /** `unix:///tmp/.../docker.sock`, for DOCKER_HOST. */
  host: string;
  client: DockerClient;
  dir: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface SecondEngineOptions {
  startTimeoutMs?: number;
  /** Put the engine's data root on a tmpfs of this many MiB, to fill its disk on purpose. Default: the host's disk. */
  dataRootMiB?: number;
}

export async function startSecondEngine(options: SecondEngineOptions = {}): Promise<SecondEngine> {
  if (process.getuid?.() !== 0) throw new Error('A second Docker engine needs root (dockerd and containerd); run the test as root, as CI does.');
  // short: a unix socket path must stay under 108 bytes
  const dir = mkdtempSync('/tmp/nx-airbyte-engine-');
  const log = openSync(path.join(dir, 'engine.log'), 'a');
  const containerdSocket = path.join(dir, 'containerd.sock');
  const socket = path.join(dir, 'docker.sock');
  const children: ChildProcess[] = [];
  const start = (command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: ['ignore', log, log] });
    children.push(child);
    running.add(child);
    return child;
  };
  const bridge = `nxab${randomBytes(3).toString('hex')}`;
  let bridgeMade = false;
  const stop = async () => {
    for (const child of [...children].reverse()) await terminate(child);
    unmountUnder(dir);
    if (bridgeMade) spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (options.dataRootMiB !== undefined) mountSmallDisk(path.join(dir, 'data'), options.dataRootMiB);
    makeBridge(bridge, `10.254.${randomBytes(1)[0]}.1/24`);
    bridgeMade = true;
    start('containerd', ['--root', path.join(dir, 'containerd-root'), '--state', path.join(dir, 'containerd-state'), '--address', containerdSocket]);
    const dockerd = start('dockerd', [
      '--data-root', path.join(dir, 'data'),
      '--exec-root', path.join(dir, 'exec'),
      '--pidfile', path.join(dir, 'docker.pid'),
      '--host', `unix://${socket}`,
      '--containerd', containerdSocket,
      '--bridge', bridge,
      '--iptables=false',
      '--ip-masq=false',
      '--log-level', 'warn',
    ]);
    const host = `unix://${socket}`;
    const client = createDockerClient({ host });
    const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
    for (;;) {
      if (dockerd.exitCode !== null) throw new Error(`the second dockerd exited (${dockerd.exitCode}): ${readFileSync(path.join(dir, 'engine.log'), 'utf8').slice(-2000)}`);
      try {
        await pingEngine(client);
        return { host, client, dir, stop };
      } catch {
        if (Date.now() > deadline) throw new Error(`the second dockerd did not answer on ${host}: ${readFileSync(path.join(dir, 'engine.log'), 'utf8').slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A tmpfs of `sizeMiB` at `mountPoint` (unmounted by stop(), with everything else under the engine's folder). */
function mountSmallDisk(mountPoint: string, sizeMiB: number): void {
  mkdirSync(mountPoint, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mount -t tmpfs failed: ${result.stderr.trim()} (a small data root needs root)`);
}

function makeBridge(name: string, address: string): void {
  for (const args of [['link', 'add', name, 'type', 'bridge'], ['addr', 'add', address, 'dev', name], ['link', 'set', name, 'up']]) {
    const result = spawnSync('ip', args, { encoding: 'utf8' });
    if (result.status !== 0) {
      spawnSync('ip', ['link', 'delete', name], { stdio: 'ignore' });
      throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()} (the second engine needs iproute2 and root)`);
    }
  }
}

/** What dockerd left mounted under `dir` (its network namespace, overlay layers), deepest first. */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mountPoint): mountPoint is string => mountPoint !== undefined && mountPoint.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const mountPoint of mounts) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
}

async function terminate(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 15_000))]);
  if (timedOut) child.kill('SIGKILL');
}
