import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../../docker/test/support/local-registry';
import { REPOSITORY_ROOT } from './temp-workspace';

/** Nx's self-hosted remote cache as this repository ships it: Debian's nginx, tools/remote-cache/serve. */
export interface RemoteCacheServer {
  url: string;
  store: string;
  /** The task hashes stored so far. */
  entries(): string[];
  stop(): Promise<void>;
}

export async function startRemoteCache(options: { token?: string } = {}): Promise<RemoteCacheServer> {
  const store = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-remote-cache-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--store', store, '--listen', `127.0.0.1:${port}`, ...(options.token ? ['--token', options.token] : [])];
  const child: ChildProcess = spawn(path.join(REPOSITORY_ROOT, 'tools/remote-cache/serve'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(store, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/health`)).ok) {
        return { url, store, stop, entries: () => listEntries(store) };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`tools/remote-cache/serve did not start nginx on ${url}: ${stderr.trim() || 'no answer within 5 s'} (is nginx installed? tools/bootstrap --test-services installs it)`);
}

function listEntries(store: string): string[] {
  try {
    return readdirSync(path.join(store, 'v1/cache')).sort();
  } catch {
    return [];
  }
}
