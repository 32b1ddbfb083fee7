import { AirbyteConfiguredCatalog, AirbyteLogger, AirbyteLogLevel } from 'faros-airbyte-cdk';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigurationError, outputDirectory } from '../src/config';
import { configuredStreams, LocalJsonDestination } from '../src/destination';

const integrationTests = join(__dirname, '..', 'integration_tests');
const readJson = (file: string) => JSON.parse(readFileSync(join(integrationTests, file), 'utf8'));
const sampleConfig = readJson('sample_config.json');
const catalog: AirbyteConfiguredCatalog = readJson('configured_catalog.json');
const messages = readFileSync(join(integrationTests, 'messages.jsonl'), 'utf8');

let localRoot: string;
beforeEach(() => (localRoot = mkdtempSync(join(tmpdir(), 'destination-local-json-'))));
afterEach(() => rmSync(localRoot, { recursive: true, force: true }));

const destination = () => new LocalJsonDestination(new AirbyteLogger(AirbyteLogLevel.FATAL), localRoot);
const stdin = (text: string) => Readable.from([text]) as unknown as NodeJS.ReadStream;
const written = (stream: string) =>
  readFileSync(join(outputDirectory(sampleConfig, localRoot), `_airbyte_raw_${stream}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

async function write(text: string, withCatalog: AirbyteConfiguredCatalog = catalog): Promise<unknown[]> {
  const states: unknown[] = [];
  for await (const state of destination().write(sampleConfig, sampleConfig, withCatalog, stdin(text), false)) states.push(state);
  return states;
}

describe('LocalJsonDestination', () => {
  it('outputs resources/spec.json', async () => {
    expect((await destination().spec()).spec).toEqual(JSON.parse(readFileSync(join(__dirname, '..', 'resources', 'spec.json'), 'utf8')));
  });

  it('accepts the sample config and refuses the invalid one, saying why, without leaving a file behind', async () => {
    expect((await destination().check(sampleConfig)).connectionStatus).toEqual({ status: 'SUCCEEDED' });
    expect(readdirSync(outputDirectory(sampleConfig, localRoot))).toEqual([]);
    const failed = (await destination().check(readJson('invalid_config.json'))).connectionStatus;
    expect(failed).toEqual({ status: 'FAILED', message: expect.stringContaining('destination_path must be a folder under /local') });
  });

  it('writes the records of integration_tests/messages.jsonl as JSON lines and echoes each STATE', async () => {
    const states = await write(messages);
    const input = messages.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(states).toEqual(input.filter((message) => message.type === 'STATE'));
    const records = written('employees');
    expect(records.map((line) => line._airbyte_data)).toEqual(input.filter((message) => message.type === 'RECORD').map((message) => message.record.data));
    expect(records.every((line) => typeof line._airbyte_ab_id === 'string' && line._airbyte_emitted_at === 1609459200000)).toBe(true);
  });

  it('appends in append mode and starts afresh in overwrite mode', async () => {
    await write(messages);
    await write(messages);
    expect(written('employees')).toHaveLength(10);
    const overwrite = { streams: catalog.streams.map((stream) => ({ ...stream, destination_sync_mode: 'overwrite' })) } as AirbyteConfiguredCatalog;
    await write(messages, overwrite);
    expect(written('employees')).toHaveLength(5);
  });

  it('keeps streams of the same name in different namespaces apart, each namespace in a folder of its own', async () => {
    const namespaced = { streams: catalog.streams.map((stream) => ({ ...stream, stream: { ...stream.stream, namespace: 'hr' } })) } as AirbyteConfiguredCatalog;
    const record = JSON.stringify({ type: 'RECORD', record: { stream: 'employees', namespace: 'hr', data: { id: 7 }, emitted_at: 1 } });
    await write(`${record}\n`, namespaced);
    const lines = readFileSync(join(outputDirectory(sampleConfig, localRoot), 'hr', '_airbyte_raw_employees.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line)._airbyte_data)).toEqual([{ id: 7 }]);
    expect(existsSync(join(outputDirectory(sampleConfig, localRoot), '_airbyte_raw_employees.jsonl'))).toBe(false);
  });

  it('ignores records of streams that are not in the catalog, and lines that are not messages', async () => {
    const other = JSON.stringify({ type: 'RECORD', record: { stream: 'other', data: { id: 1 }, emitted_at: 1 } });
    await write(`${other}\nnot json\n${messages}`);
    expect(written('employees')).toHaveLength(5);
    expect(existsSync(join(outputDirectory(sampleConfig, localRoot), '_airbyte_raw_other.jsonl'))).toBe(false);
  });
});

describe('outputDirectory', () => {
  it('puts destination_path under the local root, written with or without /local', () => {
    expect(outputDirectory({ destination_path: '/local/a/b' }, '/tmp/root')).toBe('/tmp/root/a/b');
    expect(outputDirectory({ destination_path: 'a/b' }, '/tmp/root')).toBe('/tmp/root/a/b');
  });

  it('refuses a path outside /local', () => {
    expect(() => outputDirectory({ destination_path: '/local/../etc' }, '/tmp/root')).toThrow(ConfigurationError);
    expect(() => outputDirectory({ destination_path: '/etc' }, '/tmp/root')).toThrow('destination_path must be a folder under /local');
    expect(() => outputDirectory({}, '/tmp/root')).toThrow('destination_path must be a non-empty string');
  });
});

describe('configuredStreams', () => {
  it('refuses a sync mode the destination does not support', () => {
    const dedup = { streams: catalog.streams.map((stream) => ({ ...stream, destination_sync_mode: 'append_dedup' })) } as AirbyteConfiguredCatalog;
    expect(() => configuredStreams(dedup)).toThrow('destination_sync_mode "append_dedup" is not supported');
  });
});
