/**
 * Runs the bundle the image ships (`nx-airbyte-ts bundle`, built here into a temporary folder) as the
 * image runs it: one process per protocol command, messages read from stdout. This is what proves
 * faros-airbyte-cdk works bundled, without node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const inputs = join(root, 'integration_tests');
const sampleConfig = join(inputs, 'sample_config.json');
const apiKey: string = JSON.parse(readFileSync(sampleConfig, 'utf8')).api_key;

interface Message {
  type: string;
  [payload: string]: any;
}

let work: string;
let bundle: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'source-sample-orders-'));
  bundle = join(work, 'dist', 'main.js');
  // `nx-airbyte-ts bundle`, as `npm run build` runs it: from @nx-airbyte/nx-plugin at the workspace root
  const cli = require.resolve('@nx-airbyte/nx-plugin/bin/nx-airbyte-ts.js', { paths: [root] });
  execFileSync(process.execPath, [cli, 'bundle', bundle], { cwd: root, stdio: 'pipe' });
  copyFileSync(join(root, 'package.json'), join(work, 'package.json')); // as the Dockerfile does
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]): { messages: Message[]; status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH } });
  const messages = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Message);
  return { messages, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ofType = (messages: Message[], type: string) => messages.filter((message) => message.type === type);

function writeJson(name: string, value: unknown): string {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

function catalogWith(syncModes: Record<string, string>): string {
  const catalog = JSON.parse(readFileSync(join(inputs, 'configured_catalog.json'), 'utf8'));
  for (const entry of catalog.streams) entry.sync_mode = syncModes[entry.stream.name];
  return writeJson(`catalog-${Object.values(syncModes).join('-')}.json`, catalog);
}

describe('the bundled connector', () => {
  it('outputs its spec', () => {
    const { messages, status } = run('spec');
    expect(status).toBe(0);
    expect(messages).toEqual([{ type: 'SPEC', spec: JSON.parse(readFileSync(join(inputs, 'spec.json'), 'utf8')) }]);
  });

  it('checks a good and a bad config', () => {
    expect(run('check', '--config', sampleConfig).messages).toEqual([{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } }]);
    const failed = run('check', '--config', join(inputs, 'invalid_config.json'));
    expect(failed.status).toBe(0);
    expect(ofType(failed.messages, 'CONNECTION_STATUS')).toEqual([
      { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: expect.stringContaining('api_key is not a Sample Orders key') } },
    ]);
  });

  it('discovers two streams', () => {
    const { messages } = run('discover', '--config', sampleConfig);
    expect(ofType(messages, 'CATALOG').map((message) => message.catalog.streams.map((stream: { name: string }) => stream.name))).toEqual([['customers', 'orders']]);
  });

  it('reads exactly integration_tests/expected_records.jsonl, in order, and one plain STREAM state per stream', () => {
    const { messages, status, stdout } = run('read', '--config', sampleConfig, '--catalog', catalogWith({ customers: 'full_refresh', orders: 'full_refresh' }));
    expect(status).toBe(0);
    const expected = readFileSync(join(inputs, 'expected_records.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .map(({ stream, data }) => ({ stream, data }));
    expect(ofType(messages, 'RECORD').map(({ record }) => ({ stream: record.stream, data: record.data }))).toEqual(expected);
    const states = ofType(messages, 'STATE');
    expect(states.every((message) => message.state.type === 'STREAM' && Object.keys(message).sort().join() === 'state,type')).toBe(true);
    expect(new Set(states.map((message) => message.state.stream.stream_descriptor.name))).toEqual(new Set(['customers', 'orders']));
    expect(ofType(messages, 'TRACE')).toEqual([]);
    expect(stdout).not.toContain(apiKey);
  });

  it('reads orders incrementally: checkpoints every 25 orders, then nothing new from the last state', () => {
    const catalog = catalogWith({ customers: 'full_refresh', orders: 'incremental' });
    const first = run('read', '--config', sampleConfig, '--catalog', catalog);
    const orderStates = ofType(first.messages, 'STATE').filter((message) => message.state.stream.stream_descriptor.name === 'orders');
    const orders = ofType(first.messages, 'RECORD').filter((message) => message.record.stream === 'orders');
    expect(orders).toHaveLength(79);
    expect(orderStates.map((message) => message.state.stream.stream_state.updated_at)).toEqual([
      orders[24].record.data.updated_at,
      orders[49].record.data.updated_at,
      orders[74].record.data.updated_at,
      orders[78].record.data.updated_at,
    ]);

    const middle = writeJson('middle-state.json', [orderStates[1].state]);
    const resumed = run('read', '--config', sampleConfig, '--catalog', catalog, '--state', middle);
    expect(ofType(resumed.messages, 'RECORD').filter((message) => message.record.stream === 'orders')).toHaveLength(79 - 50);

    const last = writeJson('last-state.json', [orderStates[orderStates.length - 1].state]);
    const second = run('read', '--config', sampleConfig, '--catalog', catalog, '--state', last);
    expect(ofType(second.messages, 'RECORD').filter((message) => message.record.stream === 'orders')).toEqual([]);
    expect(ofType(second.messages, 'STATE').map((message) => message.state.stream)).toContainEqual(orderStates[orderStates.length - 1].state.stream);
  });

  it('reads no order from the future state and still writes its state', () => {
    const catalog = catalogWith({ customers: 'full_refresh', orders: 'incremental' });
    const { messages, status } = run('read', '--config', sampleConfig, '--catalog', catalog, '--state', join(inputs, 'abnormal_state.json'));
    expect(status).toBe(0);
    expect(ofType(messages, 'RECORD').filter((message) => message.record.stream === 'orders')).toEqual([]);
    expect(ofType(messages, 'STATE').map((message) => message.state.stream)).toContainEqual({
      stream_descriptor: { name: 'orders' },
      stream_state: { updated_at: '2999-01-01T00:00:00Z' },
    });
  });

  it('fails with a TRACE ERROR and a non-zero exit on a stream it does not have', () => {
    const catalog = writeJson('bogus.json', {
      streams: [{ stream: { name: '__AIRBYTE__stream_that_does_not_exist', json_schema: {}, supported_sync_modes: ['full_refresh'] }, sync_mode: 'INVALID', destination_sync_mode: 'append' }],
    });
    const { messages, status } = run('read', '--config', sampleConfig, '--catalog', catalog);
    expect(status).toBe(1);
    expect(ofType(messages, 'TRACE')).toEqual([
      expect.objectContaining({
        trace: expect.objectContaining({
          type: 'ERROR',
          error: expect.objectContaining({ failure_type: 'config_error', message: expect.stringContaining('"__AIRBYTE__stream_that_does_not_exist" does not exist') }),
        }),
      }),
    ]);
    expect(ofType(messages, 'RECORD')).toEqual([]);
  });

  it('fails a read from a state whose cursor is not a date-time with one TRACE config_error, before any record', () => {
    const catalog = catalogWith({ customers: 'full_refresh', orders: 'incremental' });
    const state = writeJson('bad-state.json', [{ type: 'STREAM', stream: { stream_descriptor: { name: 'orders' }, stream_state: { updated_at: 'soon' } } }]);
    const { messages, status } = run('read', '--config', sampleConfig, '--catalog', catalog, '--state', state);
    expect(status).toBe(1);
    expect(ofType(messages, 'TRACE').map((message) => [message.trace.error.failure_type, message.trace.error.message])).toEqual([
      ['config_error', 'The state of the orders stream has updated_at "soon", which is not an ISO 8601 date-time'],
    ]);
    expect(ofType(messages, 'RECORD')).toEqual([]);
  });

  it('reads from a LEGACY state blob too', () => {
    const catalog = catalogWith({ customers: 'full_refresh', orders: 'incremental' });
    const all = ofType(run('read', '--config', sampleConfig, '--catalog', catalog).messages, 'RECORD').filter((message) => message.record.stream === 'orders');
    const state = writeJson('legacy-state.json', { orders: { updated_at: all[59].record.data.updated_at } });
    const resumed = ofType(run('read', '--config', sampleConfig, '--catalog', catalog, '--state', state).messages, 'RECORD');
    expect(resumed.filter((message) => message.record.stream === 'orders')).toEqual(all.slice(60).map((message) => expect.objectContaining({ record: expect.objectContaining({ data: message.record.data }) })));
  });

  it('fails a read with a bad config with a TRACE config_error', () => {
    const catalog = catalogWith({ customers: 'full_refresh', orders: 'incremental' });
    const { messages, status } = run('read', '--config', join(inputs, 'invalid_config.json'), '--catalog', catalog);
    expect(status).toBe(1);
    expect(ofType(messages, 'TRACE').map((message) => message.trace.error.failure_type)).toEqual(['config_error']);
    expect(ofType(messages, 'RECORD')).toEqual([]);
  });
});
