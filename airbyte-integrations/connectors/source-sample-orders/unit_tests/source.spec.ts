import { addSourceCommonProperties, AirbyteConfiguredCatalog, AirbyteLogger, AirbyteLogLevel, SyncMode } from 'faros-airbyte-cdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SampleOrdersConfig } from '../src/config';
import { checkConfiguredCatalog, SampleOrdersSource } from '../src/source';
import { Orders } from '../src/streams/orders';

const integrationTests = join(__dirname, '..', 'integration_tests');
const readJson = (file: string) => JSON.parse(readFileSync(join(integrationTests, file), 'utf8'));
const sampleConfig: SampleOrdersConfig = readJson('sample_config.json');
const quietLogger = () => new AirbyteLogger(AirbyteLogLevel.FATAL);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function configured(name: string, syncMode: string): AirbyteConfiguredCatalog {
  return {
    streams: [{ stream: { name, json_schema: {}, supported_sync_modes: [SyncMode.FULL_REFRESH] }, sync_mode: syncMode, destination_sync_mode: 'append' }],
  } as unknown as AirbyteConfiguredCatalog;
}

describe('SampleOrdersSource', () => {
  const source = new SampleOrdersSource(quietLogger());

  it('outputs integration_tests/spec.json once the CDK has added its common properties', async () => {
    const live = addSourceCommonProperties(await source.spec()).spec;
    expect(live).toEqual(readJson('spec.json'));
    expect(live.connectionSpecification.properties.api_key.airbyte_secret).toBe(true);
  });

  it('accepts the sample config and refuses the invalid one, saying why', async () => {
    expect((await source.check(sampleConfig)).connectionStatus).toEqual({ status: 'SUCCEEDED' });
    const failed = (await source.check(readJson('invalid_config.json'))).connectionStatus;
    expect(failed.status).toBe('FAILED');
    expect(failed.message).toContain('api_key is not a Sample Orders key');
    expect(failed.message).toContain('customer_count must be a whole number from 1 to 10000, got 0');
    expect(failed.message).not.toContain(readJson('invalid_config.json').api_key);
  });

  it('discovers customers (full refresh) and orders (incremental on updated_at), both keyed by id', async () => {
    const { catalog } = await source.discover(sampleConfig);
    const summary = catalog.streams.map((stream) => ({
      name: stream.name,
      modes: stream.supported_sync_modes,
      cursor: stream.default_cursor_field,
      sourceDefinedCursor: stream.source_defined_cursor,
      key: stream.source_defined_primary_key,
    }));
    expect(summary).toEqual([
      { name: 'customers', modes: ['full_refresh'], cursor: undefined, sourceDefinedCursor: undefined, key: [['id']] },
      { name: 'orders', modes: ['full_refresh', 'incremental'], cursor: ['updated_at'], sourceDefinedCursor: true, key: [['id']] },
    ]);
    // Faros' own __faros_data copy is not declared, since records never carry it.
    for (const stream of catalog.streams) expect(stream.json_schema.properties).not.toHaveProperty('__faros_data');
  });

  it('discovers the streams of integration_tests/configured_catalog.json', async () => {
    const { catalog } = await source.discover(sampleConfig);
    const committed = readJson('configured_catalog.json').streams.map((entry: { stream: unknown }) => entry.stream);
    expect(committed).toEqual(JSON.parse(JSON.stringify(catalog.streams)));
  });
});

describe('checkConfiguredCatalog', () => {
  const streams = new SampleOrdersSource(quietLogger()).streams(sampleConfig);

  it('accepts every supported sync mode', () => {
    expect(() => checkConfiguredCatalog(configured('customers', 'full_refresh'), streams)).not.toThrow();
    expect(() => checkConfiguredCatalog(configured('orders', 'incremental'), streams)).not.toThrow();
  });

  it('refuses a stream the source does not have', () => {
    expect(() => checkConfiguredCatalog(configured('__AIRBYTE__stream_that_does_not_exist', 'INVALID'), streams)).toThrow(
      'stream "__AIRBYTE__stream_that_does_not_exist" does not exist (streams: customers, orders)',
    );
  });

  it('refuses an unknown or unsupported sync mode', () => {
    expect(() => checkConfiguredCatalog(configured('orders', 'INVALID'), streams)).toThrow('stream orders cannot be read with sync_mode "INVALID"');
    expect(() => checkConfiguredCatalog(configured('customers', 'incremental'), streams)).toThrow('stream customers cannot be read with sync_mode "incremental" (supported: full_refresh)');
  });

  it('refuses a catalog without streams', () => {
    expect(() => checkConfiguredCatalog({} as AirbyteConfiguredCatalog, streams)).toThrow('The configured catalog has no "streams" list');
  });
});

describe('the orders stream', () => {
  const orders = () => new SampleOrdersSource(quietLogger()).streams(sampleConfig).find((stream) => stream.name === 'orders') as Orders;

  it('reads every order updated since start_date in a full refresh, whatever the state', async () => {
    const records = await collect(orders().readRecords(SyncMode.FULL_REFRESH, undefined, undefined, { updated_at: '2999-01-01T00:00:00Z' }));
    expect(records).toHaveLength(79);
    expect(records.every((order) => order.updated_at >= '2024-01-02T00:00:00Z')).toBe(true);
  });

  it('reads only the orders after the state cursor incrementally', async () => {
    const all = await collect(orders().readRecords(SyncMode.FULL_REFRESH));
    const after = await collect(orders().readRecords(SyncMode.INCREMENTAL, ['updated_at'], undefined, { updated_at: all[49].updated_at }));
    expect(after).toEqual(all.slice(50));
  });

  it('refuses a state whose cursor is not a date-time', async () => {
    await expect(collect(orders().readRecords(SyncMode.INCREMENTAL, ['updated_at'], undefined, { updated_at: 'soon' }))).rejects.toThrow(
      'The state of the orders stream has updated_at "soon", which is not an ISO 8601 date-time',
    );
  });

  it('keeps the latest cursor as its state', () => {
    const stream = orders();
    expect(stream.getUpdatedState(undefined, { updated_at: '2024-01-05T00:00:00Z' })).toEqual({ updated_at: '2024-01-05T00:00:00Z' });
    expect(stream.getUpdatedState({ updated_at: '2024-01-05T00:00:00Z' }, { updated_at: '2024-01-06T00:00:00Z' })).toEqual({ updated_at: '2024-01-06T00:00:00Z' });
    expect(stream.getUpdatedState({ updated_at: '2024-01-07T00:00:00Z' }, { updated_at: '2024-01-06T00:00:00Z' })).toEqual({ updated_at: '2024-01-07T00:00:00Z' });
  });

  it('checkpoints every 25 records', () => {
    expect(orders().stateCheckpointInterval).toBe(25);
  });
});
