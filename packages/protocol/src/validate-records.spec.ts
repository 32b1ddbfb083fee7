import { readMessages, type ReadItem } from './reader';
import { createRecordValidator } from './record-validator';
import { validateRecords } from './validate-records';

const catalog = {
  streams: [
    { name: 'users', json_schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }, supported_sync_modes: ['full_refresh' as const] },
    { name: 'broken', json_schema: { type: 'object', properties: { at: { type: 'datetime' } } }, supported_sync_modes: ['full_refresh' as const] },
  ],
};

function line(message: unknown): string {
  return `${JSON.stringify(message)}\n`;
}

function recordLine(stream: string, data: Record<string, unknown>): string {
  return line({ type: 'RECORD', record: { stream, data, emitted_at: 1700000000000 } });
}

const OUTPUT = [
  line({ type: 'LOG', log: { level: 'INFO', message: 'starting' } }),
  recordLine('users', { id: 1 }),
  'not json at all\n',
  recordLine('users', { id: 'two' }),
  recordLine('orders', { id: 1 }),
  recordLine('orders', { id: 2 }),
  recordLine('broken', { at: 'x' }),
  recordLine('users', {}),
  line({ type: 'STATE', state: { data: { users: 3 } } }),
].join('');

describe('validateRecords', () => {
  it('counts records per stream and keeps the errors with their record number and line', async () => {
    const summary = await validateRecords(readMessages(OUTPUT), catalog);
    expect(summary).toEqual({
      records: 6,
      invalidRecords: 2,
      uncheckedRecords: 3,
      streams: [
        { stream: 'users', records: 3, invalidRecords: 2, uncheckedRecords: 0 },
        { stream: 'orders', records: 2, invalidRecords: 0, uncheckedRecords: 2 },
        { stream: 'broken', records: 1, invalidRecords: 0, uncheckedRecords: 1 },
      ],
      errors: [
        expect.objectContaining({ kind: 'invalid-record', stream: 'users', recordNumber: 2, line: 4, instancePath: '/id' }),
        expect.objectContaining({ kind: 'unknown-stream', stream: 'orders', recordNumber: 1, line: 5 }),
        expect.objectContaining({ kind: 'invalid-schema', stream: 'broken', recordNumber: 1, line: 7 }),
        expect.objectContaining({ kind: 'invalid-record', stream: 'users', recordNumber: 3, line: 8, message: `stream 'users' record 3 (line 8): data must have required property 'id'` }),
      ],
      omittedErrors: 0,
    });
  });

  it('reports an unknown stream once, not once per record', async () => {
    const summary = await validateRecords(readMessages(OUTPUT), catalog);
    expect(summary.errors.filter((error) => error.kind === 'unknown-stream')).toHaveLength(1);
  });

  it('keeps at most maxErrors errors and counts the rest', async () => {
    const output = Array.from({ length: 5 }, () => recordLine('users', { id: 'x' })).join('');
    const summary = await validateRecords(readMessages(output), catalog, { maxErrors: 2 });
    expect(summary.errors).toHaveLength(2);
    expect(summary.omittedErrors).toBe(3);
    expect(summary.invalidRecords).toBe(5);
  });

  it('reuses a validator made by createRecordValidator, with its options', async () => {
    const validator = createRecordValidator(
      [{ name: 'events', json_schema: { properties: { at: { type: 'string', format: 'date-time' } } }, supported_sync_modes: ['full_refresh'] }],
      { dateTimeFormat: 'strict' },
    );
    const summary = await validateRecords(readMessages(recordLine('events', { at: '2021-01-01 00:00:00' })), validator);
    expect(summary.errors.map((error) => error.message)).toEqual([`stream 'events' record 1 (line 1): /at must match format "date-time" (got string "2021-01-01 00:00:00")`]);
  });

  it('takes a plain array of read items', async () => {
    const items: ReadItem[] = [{ type: 'message', line: 9, message: { type: 'RECORD', record: { stream: 'users', data: { id: 'x' }, emitted_at: 1 } } }];
    const summary = await validateRecords(items, catalog);
    expect(summary.errors[0]).toEqual(expect.objectContaining({ recordNumber: 1, line: 9 }));
  });

  it('gives the same summary whether it reads a fresh reader chunk by chunk or items one by one', async () => {
    const fromReader = await validateRecords(readMessages(OUTPUT), catalog);
    const items: ReadItem[] = [];
    for await (const item of readMessages(OUTPUT)) items.push(item);
    expect(await validateRecords(items, catalog)).toEqual(fromReader);
  });

  it('checks the rest of a reader someone has already started', async () => {
    const reader = readMessages(OUTPUT);
    await reader.next();
    const summary = await validateRecords(reader, catalog);
    expect(summary.records).toBe(6);
  });

  it('leaves nothing in a reader it has consumed', async () => {
    const reader = readMessages(OUTPUT);
    await validateRecords(reader, catalog);
    expect(await reader.next()).toEqual({ value: undefined, done: true });
  });

  it('passes on an error of the source', async () => {
    async function* failing() {
      yield recordLine('users', { id: 1 });
      throw new Error('container stdout closed: connection reset');
    }
    await expect(validateRecords(readMessages(failing()), catalog)).rejects.toThrow('container stdout closed: connection reset');
  });

  it('rejects items that are not iterable and a bad maxErrors', async () => {
    await expect(validateRecords(undefined as unknown as ReadItem[], catalog)).rejects.toThrow(new TypeError('validateRecords: items must be an (async) iterable of ReadItem, e.g. readMessages(stdout); got nothing'));
    await expect(validateRecords([], catalog, { maxErrors: -1 })).rejects.toThrow(/options.maxErrors must be an integer of at least 0, got number -1/);
  });
});
