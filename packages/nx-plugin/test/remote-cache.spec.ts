import { existsSync } from 'node:fs';
import { startRemoteCache, type RemoteCacheServer } from './support/remote-cache-server';
import { TempWorkspace } from './support/temp-workspace';

// End to end: Nx's self-hosted remote cache served by Debian's nginx (tools/remote-cache/serve), two
// "machines" (two workspaces with the same files), the real nx binary and the plugin's check before a run.
const TOKEN = 'remote-cache-test-token';
const FILES = {
  'tools/stamp/input.txt': 'v1\n',
  'tools/stamp/project.json': JSON.stringify({
    name: 'stamp',
    targets: {
      make: {
        command: 'mkdir -p dist/stamp && echo "built $(cat tools/stamp/input.txt)" > dist/stamp/out.txt && echo RAN-MAKE',
        options: { cwd: '{workspaceRoot}' },
        cache: true,
        inputs: ['{projectRoot}/**/*'],
        outputs: ['{workspaceRoot}/dist/stamp'],
      },
    },
  }),
};

let cache: RemoteCacheServer;
const workspaces: TempWorkspace[] = [];

function machine(): TempWorkspace {
  const workspace = TempWorkspace.create('nx-airbyte-remote-cache-machine-', { files: FILES });
  workspaces.push(workspace);
  return workspace;
}

function remoteEnv(url: string, token = TOKEN): NodeJS.ProcessEnv {
  return { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token };
}

beforeAll(async () => {
  cache = await startRemoteCache({ token: TOKEN });
}, 30_000);

afterAll(async () => {
  await cache?.stop();
  for (const workspace of workspaces) workspace.remove();
});

describe("Nx's self-hosted remote cache on nginx", () => {
  it('stores what one machine ran and gives it to another, which does not run the task', () => {
    const first = machine();
    const ran = first.nx(['run', 'stamp:make'], remoteEnv(cache.url));
    expect(ran.status).toBe(0);
    expect(ran.output).toContain('RAN-MAKE');
    expect(cache.entries().length).toBeGreaterThan(0);

    const second = machine();
    const restored = second.nx(['run', 'stamp:make'], remoteEnv(cache.url));
    expect(restored.status).toBe(0);
    expect(restored.output).toContain('[remote cache]');
    expect(restored.output).not.toContain('unreachable');
    expect(second.read('dist/stamp/out.txt')).toBe('built v1\n');
  });

  it('refuses a wrong token: the run fails rather than sharing outputs with anyone', () => {
    const other = machine();
    other.write('tools/stamp/input.txt', 'wrong-token\n');
    const result = other.nx(['run', 'stamp:make'], remoteEnv(cache.url, 'not-the-token'));
    expect(result.status).not.toBe(0);
  });

  it('degrades to local work with a warning when the cache server does not answer', async () => {
    const downUrl = cache.url;
    const stopped = machine();
    stopped.write('tools/stamp/input.txt', 'offline\n');
    await cache.stop();
    const result = stopped.nx(['run', 'stamp:make'], remoteEnv(downUrl));
    expect(result.status).toBe(0);
    expect(result.output).toContain('RAN-MAKE');
    expect(result.output).toContain(`warning: nx-airbyte: the remote cache ${downUrl} is unreachable (ECONNREFUSED); this run uses the local cache only`);
    expect(existsSync(stopped.path('dist/stamp/out.txt'))).toBe(true);
  });
});
