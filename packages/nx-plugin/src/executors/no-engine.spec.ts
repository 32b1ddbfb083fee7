import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import buildExecutor from './build/build';
import integrationTestExecutor from './integration-test/integration-test';

// Docker faults seen from the executors (docs/reliability.md): no engine at DOCKER_HOST, or one that
// accepts connections and never answers. Each fails the task within 2 s with one line that names the
// address and what to do, never with a stack trace alone.
const ROOT = 'airbyte-integrations/connectors/source-nowhere';

let workspace: string;
let silent: Server;
let silentSocket: string;
const savedHost = process.env.DOCKER_HOST;

beforeAll(async () => {
  workspace = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-no-engine-'));
  mkdirSync(path.join(workspace, ROOT), { recursive: true });
  writeFileSync(path.join(workspace, ROOT, 'Dockerfile'), 'FROM debian:bookworm-slim\nENTRYPOINT ["true"]\nLABEL io.airbyte.name=airbyte/source-nowhere io.airbyte.version=0.1.0\n');
  writeFileSync(path.join(workspace, ROOT, 'acceptance-test-config.yml'), 'connector_image: airbyte/source-nowhere:dev\nacceptance_tests:\n  spec:\n    bypass_reason: none\n');
  silentSocket = path.join(workspace, 'silent.sock');
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(silentSocket, resolve));
});

afterAll(() => {
  silent.close();
  rmSync(workspace, { recursive: true, force: true });
  if (savedHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = savedHost;
});

function context(): ExecutorContext {
  return {
    root: workspace,
    cwd: workspace,
    isVerbose: false,
    projectName: 'source-nowhere',
    projectsConfigurations: { version: 2, projects: { 'source-nowhere': { root: ROOT, name: 'source-nowhere' } } },
    nxJsonConfiguration: {},
    projectGraph: { nodes: {}, dependencies: {} },
  } as unknown as ExecutorContext;
}

const ENGINES = [
  ['no socket at DOCKER_HOST', () => `unix://${path.join(workspace, 'absent.sock')}`, /^error: No Docker engine answered at unix:\/\/\S+absent\.sock while pinging the engine \(ENOENT: no socket there\): run tools\/bootstrap, start Docker, or set DOCKER_HOST/],
  ['an engine that never answers', () => `unix://${silentSocket}`, /^error: No Docker engine answered at unix:\/\/\S+silent\.sock while pinging the engine \(no answer within 1500 ms\)/],
] as const;

describe.each([
  ['build', () => buildExecutor({}, context())],
  ['integrationTest', () => integrationTestExecutor({ reportsDir: 'dist/{projectRoot}/acceptance' }, context())],
] as const)('the %s executor', (_name, run) => {
  it.each(ENGINES)('with %s: fails within 2 s with one clear line, no stack trace', async (_what, host, message) => {
    process.env.DOCKER_HOST = host();
    const printed: string[] = [];
    const spies = (['error', 'log', 'warn'] as const).map((method) => jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.join(' '))));
    const started = Date.now();
    try {
      expect(await run()).toEqual({ success: false });
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    expect(Date.now() - started).toBeLessThan(2000);
    expect(printed).toEqual([expect.stringMatching(message)]);
    expect(printed.join('\n')).not.toMatch(/\n\s+at /);
  });
});
