/**
 * Runs the bundle the image ships (`nx-airbyte-ts bundle`, built here into a temporary folder) as the image runs
 * it: one process per protocol command, /local pointed at a temporary folder (AIRBYTE_LOCAL_ROOT).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const inputs = join(root, 'integration_tests');

interface Message {
  type: string;
  [payload: string]: any;
}

let work: string;
let bundle: string;
let localRoot: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'destination-local-json-'));
  bundle = join(work, 'dist', 'main.js');
  localRoot = join(work, 'local');
  mkdirSync(localRoot);
  // `nx-airbyte-ts bundle`, as `npm run build` runs it: from @nx-airbyte/nx-plugin at the workspace root
  const cli = require.resolve('@nx-airbyte/nx-plugin/bin/nx-airbyte-ts.js', { paths: [root] });
  execFileSync(process.execPath, [cli, 'bundle', bundle], { cwd: root, stdio: 'pipe' });
  copyFileSync(join(root, 'package.json'), join(work, 'package.json')); // as the Dockerfile does
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], input?: string): { messages: Message[]; status: number | null } {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: work, encoding: 'utf8', input, env: { PATH: process.env.PATH, AIRBYTE_LOCAL_ROOT: localRoot } });
  const messages = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Message);
  return { messages, status: result.status };
}

const ofType = (messages: Message[], type: string) => messages.filter((message) => message.type === type);

describe('the bundled connector', () => {
  it('outputs its spec', () => {
    const { messages, status } = run(['spec']);
    expect(status).toBe(0);
    expect(messages).toEqual([{ type: 'SPEC', spec: JSON.parse(readFileSync(join(root, 'resources', 'spec.json'), 'utf8')) }]);
  });

  it('checks a good and a bad config', () => {
    expect(ofType(run(['check', '--config', join(inputs, 'sample_config.json')]).messages, 'CONNECTION_STATUS')).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } },
    ]);
    expect(ofType(run(['check', '--config', join(inputs, 'invalid_config.json')]).messages, 'CONNECTION_STATUS')).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: expect.stringContaining('destination_path must be a folder under /local') } },
    ]);
  });

  it('writes integration_tests/messages.jsonl and echoes its STATE messages, in order', () => {
    const input = readFileSync(join(inputs, 'messages.jsonl'), 'utf8');
    const { messages, status } = run(['write', '--config', join(inputs, 'sample_config.json'), '--catalog', join(inputs, 'configured_catalog.json')], input);
    expect(status).toBe(0);
    const sent = input.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(ofType(messages, 'STATE')).toEqual(sent.filter((message) => message.type === 'STATE'));
    const file = join(localRoot, 'json_data', '_airbyte_raw_employees.jsonl');
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('fails with a TRACE ERROR and a non-zero exit when the config file does not exist', () => {
    const { messages, status } = run(['write', '--config', join(work, 'missing.json'), '--catalog', join(inputs, 'configured_catalog.json')], '');
    expect(status).toBe(1);
    expect(ofType(messages, 'TRACE')).toHaveLength(1);
  });
});
