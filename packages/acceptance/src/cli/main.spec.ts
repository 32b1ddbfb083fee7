import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient } from '@nx-airbyte/docker';
import { EXIT_USAGE, main, parseCommandLine } from './main';

function capture() {
  let text = '';
  return { sink: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

async function runCli(argv: string[], client = createDockerClient({ host: 'unix:///nonexistent/docker.sock' }), env: NodeJS.ProcessEnv = {}) {
  const out = capture();
  const err = capture();
  const status = await main(argv, { out: out.sink, err: err.sink, client, env });
  return { status, out: out.text(), err: err.text() };
}

describe('parseCommandLine', () => {
  it('reads every option', () => {
    expect(parseCommandLine(['--acceptance-test-config', 'dir', '--image', 'a/b:dev', '--junit-xml', 'r.xml', '--json', 'r.json', '-k', 'test_read', '--concurrency', '3', '--registry', '127.0.0.1:5000/ns'])).toEqual({
      configPath: 'dir',
      image: 'a/b:dev',
      junitXml: 'r.xml',
      json: 'r.json',
      filter: 'test_read',
      concurrency: 3,
      registry: '127.0.0.1:5000/ns',
    });
  });

  it('refuses an unknown option, naming it', () => {
    expect(() => parseCommandLine(['--acceptance-test-config', 'dir', '--imgae', 'x'])).toThrow(/--imgae/);
  });

  it('requires --acceptance-test-config', () => {
    expect(() => parseCommandLine(['--image', 'x'])).toThrow('--acceptance-test-config <dir|file> is required');
  });

  it('reads --memory-limit in MiB and refuses one the engine would not take', () => {
    expect(parseCommandLine(['--acceptance-test-config', 'dir', '--memory-limit', '256'])).toEqual({ configPath: 'dir', memoryLimitMiB: 256 });
    expect(() => parseCommandLine(['--acceptance-test-config', 'dir', '--memory-limit', '2'])).toThrow(/--memory-limit must be a whole number of MiB, at least 6, got '2'/);
  });

  it('refuses a concurrency that is not a whole number of at least 1', () => {
    expect(() => parseCommandLine(['--acceptance-test-config', 'dir', '--concurrency', '0'])).toThrow(/--concurrency must be a whole number/);
  });
});

describe('the connector-acceptance-test CLI', () => {
  it('prints its usage with --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/Usage: connector-acceptance-test --acceptance-test-config/);
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const run = await runCli(['--nope']);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.err).toMatch(/--nope/);
    expect(run.err).toMatch(/Usage:/);
  });

  it('exits 2 on a registry that is no registry address, naming where it came from, before anything runs', async () => {
    const flag = await runCli(['--acceptance-test-config', 'dir', '--registry', 'not a registry']);
    expect(flag.status).toBe(EXIT_USAGE);
    expect(flag.err).toContain('connector-acceptance-test: --registry: "not a registry" is not host[:port][/namespace]');
    const env = await runCli(['--acceptance-test-config', 'dir'], undefined, { NX_AIRBYTE_REGISTRY: '127.0.0.1:5000', NX_AIRBYTE_REGISTRY_USER: 'ci' });
    expect(env.status).toBe(EXIT_USAGE);
    expect(env.err).toContain('NX_AIRBYTE_REGISTRY_USER is set but NX_AIRBYTE_REGISTRY_PASSWORD is not');
  });

  it('exits 2 naming the engine address when no Docker engine answers a valid config', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-cli-'));
    writeFileSync(path.join(dir, 'acceptance-test-config.yml'), 'connector_image: airbyte/source-x:dev\nacceptance_tests:\n  spec:\n    bypass_reason: none\n');
    const run = await runCli(['--acceptance-test-config', dir]);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.err).toMatch(/unix:\/\/\/nonexistent\/docker.sock/);
    expect(run.err).toMatch(/tools\/bootstrap/);
  });

  it('reports every problem of a broken config even when no Docker engine answers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-cli-'));
    writeFileSync(path.join(dir, 'acceptance-test-config.yml'), 'connector_image: airbyte/source-x:dev\ntest_strictness_level: medium\nacceptance_testz:\n  spec:\n    tests: []\n');
    const run = await runCli(['--acceptance-test-config', dir]);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.err).toMatch(/acceptance_testz/);
    expect(run.err).toMatch(/medium/);
    expect(run.err.indexOf('acceptance_testz')).toBeLessThan(run.err.indexOf('nonexistent/docker.sock'));
  });

  it('exits 2 with the file, line and key of a misspelled key, before any container runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-cli-'));
    writeFileSync(path.join(dir, 'acceptance-test-config.yml'), 'connector_image: airbyte/source-x:dev\nacceptance_testz:\n  spec:\n    tests: []\n');
    const noSuchImage = Object.assign(new Error('no such image'), { statusCode: 404 });
    const api = { ping: async () => 'OK', getImage: () => ({ inspect: async () => Promise.reject(noSuchImage) }) };
    const pingingClient = { ...createDockerClient(), api } as unknown as ReturnType<typeof createDockerClient>;
    const run = await runCli(['--acceptance-test-config', dir], pingingClient);
    expect(run.status).toBe(EXIT_USAGE);
    expect(run.err).toContain(`${path.join(dir, 'acceptance-test-config.yml')}:2`);
    expect(run.err).toMatch(/acceptance_testz/);
    expect(run.err).toMatch(/did you mean "acceptance_tests"/);
    expect(run.err).toMatch(/airbyte\/source-x:dev/);
  });
});
