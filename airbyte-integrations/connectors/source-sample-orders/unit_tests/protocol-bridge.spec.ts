import {
  AirbyteLog,
  AirbyteLogLevel,
  AirbyteSourceConfigMessage,
  AirbyteSourceIdentityMessage,
  AirbyteSourceLogsMessage,
  AirbyteSourceStatusMessage,
  AirbyteStateMessage,
  State,
  SYNC_MESSAGE_TABLE,
} from 'faros-airbyte-cdk';
import { FarosStateTranslator, StandardProtocolLogger, streamState } from '../src/protocol-bridge';

const legacy = (state: Record<string, unknown>) => State.encodeLegacy(state);
const checkpoint = (state: Record<string, unknown>) => new AirbyteStateMessage(legacy(state));
const streamDone = (name: string, state: Record<string, unknown>) =>
  new AirbyteSourceStatusMessage(legacy(state), { status: 'RUNNING' }, { name, status: 'SUCCESS', recordsEmitted: 1 });
const configMessage = (state: Record<string, unknown>) => new AirbyteSourceConfigMessage(legacy(state), {}, 'sample-orders');

describe('FarosStateTranslator', () => {
  it('drops the Faros config, identity and logs messages', () => {
    const translator = new FarosStateTranslator();
    expect(translator.translate(new AirbyteSourceIdentityMessage(legacy({}), { redactedConfig: {}, sourceType: 'x' }))).toEqual([]);
    expect(translator.translate(configMessage({}))).toEqual([]);
    expect(translator.translate(new AirbyteSourceLogsMessage(legacy({}), []))).toEqual([]);
  });

  it('turns a compressed LEGACY checkpoint into a plain per-stream STATE for the stream that changed', () => {
    const translator = new FarosStateTranslator();
    translator.translate(configMessage({ customers: {} }));
    expect(translator.translate(checkpoint({ customers: {}, orders: { updated_at: '2024-01-05T00:00:00Z' } }))).toEqual([
      streamState('orders', { updated_at: '2024-01-05T00:00:00Z' }),
    ]);
    expect(translator.translate(checkpoint({ customers: {}, orders: { updated_at: '2024-01-06T00:00:00Z' } }))).toEqual([
      streamState('orders', { updated_at: '2024-01-06T00:00:00Z' }),
    ]);
  });

  it('writes nothing for a checkpoint that changes nothing', () => {
    const translator = new FarosStateTranslator();
    translator.translate(configMessage({ orders: { updated_at: '2999-01-01T00:00:00Z' } }));
    expect(translator.translate(checkpoint({ orders: { updated_at: '2999-01-01T00:00:00Z' } }))).toEqual([]);
  });

  it('writes the state of a completed stream that never changed, once', () => {
    const translator = new FarosStateTranslator();
    const future = { orders: { updated_at: '2999-01-01T00:00:00Z' } };
    translator.translate(configMessage(future));
    translator.translate(checkpoint(future));
    expect(translator.translate(streamDone('orders', future))).toEqual([streamState('orders', { updated_at: '2999-01-01T00:00:00Z' })]);
    expect(translator.translate(streamDone('orders', future))).toEqual([]);
  });

  it('does not write a completed stream again after a checkpoint wrote it', () => {
    const translator = new FarosStateTranslator();
    translator.translate(configMessage({}));
    translator.translate(checkpoint({ orders: { updated_at: '2024-01-05T00:00:00Z' } }));
    expect(translator.translate(streamDone('orders', { orders: { updated_at: '2024-01-05T00:00:00Z' } }))).toEqual([]);
  });

  it("leaves out the CDK's shared bookkeeping keys", () => {
    const translator = new FarosStateTranslator();
    translator.translate(configMessage({}));
    const out = translator.translate(checkpoint({ __stream_freshness_state: { orders: { lastSyncedAt: 1 } }, orders: { updated_at: 'x' } }));
    expect(out).toEqual([streamState('orders', { updated_at: 'x' })]);
  });

  it('turns a failed stream into a TRACE ERROR naming the stream', () => {
    const translator = new FarosStateTranslator();
    const failed = new AirbyteSourceStatusMessage(
      legacy({}),
      { status: 'ERRORED', message: { summary: 'boom', code: 0, action: 'retry', type: 'ERROR' } },
      { name: 'orders', status: 'ERROR', recordsEmitted: 3 },
    );
    const [trace] = translator.translate(failed);
    expect(trace).toMatchObject({
      type: 'TRACE',
      trace: { type: 'ERROR', error: { message: 'Reading the orders stream failed: boom', failure_type: 'system_error', stream_descriptor: { name: 'orders' } } },
    });
  });

  it('turns a failed pre-read check into a TRACE config_error', () => {
    const translator = new FarosStateTranslator();
    const failed = new AirbyteSourceStatusMessage(legacy({}), { status: 'ERRORED', message: SYNC_MESSAGE_TABLE.PRE_READ_CHECK_FAILED('api_key is missing') });
    expect(translator.translate(failed)).toMatchObject([
      { type: 'TRACE', trace: { type: 'ERROR', error: { message: 'The sync failed: api_key is missing', failure_type: 'config_error' } } },
    ]);
  });

  it('decompresses the per-stream STATE the CDK writes on the Airbyte platform and drops its __faros namespaces', () => {
    const translator = new FarosStateTranslator();
    expect(translator.translate(new AirbyteStateMessage(State.encodeStream('orders', { updated_at: 'x' })))).toEqual([streamState('orders', { updated_at: 'x' })]);
    expect(translator.translate(new AirbyteStateMessage(State.encodeStream('__noop__', {}, '__faros__')))).toEqual([]);
  });
});

describe('StandardProtocolLogger', () => {
  let lines: string[];
  let spy: jest.SpyInstance;
  const exitCode = process.exitCode;

  beforeEach(() => {
    lines = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    spy.mockRestore();
    process.exitCode = exitCode;
  });

  it('writes LOG and translated STATE lines as standard protocol messages', async () => {
    const logger = new StandardProtocolLogger();
    await logger.write(AirbyteLog.make(AirbyteLogLevel.INFO, 'hello'));
    await logger.write(configMessage({}));
    await logger.write(checkpoint({ orders: { updated_at: '2024-01-05T00:00:00Z' } }));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { type: 'LOG', log: { level: 'INFO', message: 'hello' } },
      { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'orders' }, stream_state: { updated_at: '2024-01-05T00:00:00Z' } } } },
    ]);
  });

  it('never writes the Faros logs upload, and exits non-zero once it wrote a TRACE ERROR', async () => {
    const logger = new StandardProtocolLogger();
    logger.getState = () => legacy({});
    await logger.write(AirbyteLog.make(AirbyteLogLevel.INFO, 'hello'));
    await logger.flush();
    expect(lines).toHaveLength(1);
    expect(process.exitCode).toBe(exitCode);
    logger.traceError(new Error('boom'));
    expect(JSON.parse(lines[1])).toMatchObject({ type: 'TRACE', trace: { type: 'ERROR', error: { message: 'boom' } } });
    expect(process.exitCode).toBe(1);
  });
});
