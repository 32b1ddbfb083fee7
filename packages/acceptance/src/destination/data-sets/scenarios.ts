import { protocolMessages, type DataSet, type DataSetMessage, type DataSetStream } from './data-set';
import { EXCHANGE_RATE_STREAM } from './exchange-rates';

/** The data sets of the tests that are about one thing: dedup, line breaks, very big records, namespaces. */

const PRICES: DataSetStream = {
  name: 'prices',
  jsonSchema: {
    type: 'object',
    properties: { id: { type: 'integer' }, region: { type: 'string' }, price: { type: 'number' }, updated_at: { type: 'string', format: 'date-time' } },
  },
  // composite: the same id in two regions is two records, and a destination that dedups on id alone loses one
  primaryKey: [['id'], ['region']],
  cursorField: ['updated_at'],
};

function price(id: number, region: string, value: number, updatedAt: string): DataSetMessage {
  return { stream: 'prices', data: { id, region, price: value, updated_at: updatedAt } };
}

/** test_incremental_dedupe_sync, first sync: (2, eu) is updated within the sync. */
export const pricesFirstSync: DataSet = {
  name: 'prices (sync 1)',
  streams: [PRICES],
  messages: () =>
    protocolMessages([
      price(1, 'eu', 10.5, '2021-01-01T00:00:00Z'),
      price(1, 'us', 11.25, '2021-01-01T00:00:00Z'),
      price(2, 'eu', 20.1, '2021-01-01T00:00:00Z'),
      { state: { type: 'STREAM', stream: { stream_descriptor: { name: 'prices' }, stream_state: { updated_at: '2021-01-01T00:00:00Z' } } } },
      price(2, 'eu', 19.9, '2021-01-02T00:00:00Z'),
      { state: { type: 'STREAM', stream: { stream_descriptor: { name: 'prices' }, stream_state: { updated_at: '2021-01-02T00:00:00Z' } } } },
    ]),
};

/** test_incremental_dedupe_sync, second sync: (1, eu) updated, (3, eu) new, (1, us) untouched. */
export const pricesSecondSync: DataSet = {
  name: 'prices (sync 2)',
  streams: [PRICES],
  messages: () =>
    protocolMessages([
      price(1, 'eu', 9.75, '2021-02-01T00:00:00Z'),
      price(3, 'eu', 30, '2021-02-01T00:00:00Z'),
      { state: { type: 'STREAM', stream: { stream_descriptor: { name: 'prices' }, stream_state: { updated_at: '2021-02-01T00:00:00Z' } } } },
    ]),
};

/** test_line_break_characters: the Java test's values, and every line break a text format can break on. */
export const lineBreaks: DataSet = {
  name: 'line breaks',
  streams: [EXCHANGE_RATE_STREAM],
  messages: () =>
    protocolMessages([
      { stream: 'exchange_rate', data: { id: 1, currency: 'USD\u2028', date: '2020-03-\n31T00:00:00Z\r', HKD: 10.1, NZD: 700.1, USD: null } },
      { stream: 'exchange_rate', data: { id: 2, currency: '\nEUR\n', date: 'line one\r\nline two', HKD: 1, NZD: 2, USD: 3 } },
      { stream: 'exchange_rate', data: { id: 3, currency: '\r\r\n\n\u2029', date: 'a\\nb (an escaped n, not a line break)', HKD: 0.5, NZD: 0.25, USD: null } },
      { state: { data: { checkpoint: 2 } } },
    ]),
};

const BIG_RECORDS: DataSetStream = {
  name: 'big_records',
  jsonSchema: { type: 'object', properties: { id: { type: 'integer' }, text: { type: 'string' }, note: { type: 'string' } } },
  primaryKey: [['id']],
  cursorField: ['id'],
};

/** test_sync_very_big_records: string values of `length` characters, ASCII and 4-byte UTF-8 (2 UTF-16 units each). */
export function bigRecords(length: number): DataSet {
  return {
    name: `big records (${length} characters)`,
    streams: [BIG_RECORDS],
    messages: () =>
      protocolMessages(
        (function* (): Generator<DataSetMessage> {
          yield { stream: 'big_records', data: { id: 1, text: 'a'.repeat(length), note: 'ascii' } };
          yield { stream: 'big_records', data: { id: 2, text: '😀'.repeat(Math.floor(length / 2)) + (length % 2 === 1 ? 'x' : ''), note: 'emoji' } };
          yield { stream: 'big_records', data: { id: 3, text: 'small', note: 'after the big ones' } };
          yield { state: { data: { checkpoint: 1 } } };
        })(),
      ),
  };
}

/** The namespaces of test_sync_uses_airbyte_stream_namespace_if_not_null; the same stream also goes without one. */
export const NAMESPACES = ['nx_airbyte_namespace_one', 'nx_airbyte_namespace_two'] as const;

/** One stream name in no namespace and in two, with different records in each: they must not mix. */
export const namespacedRates: DataSet = {
  name: 'namespaces',
  streams: [EXCHANGE_RATE_STREAM, ...NAMESPACES.map((namespace) => ({ ...EXCHANGE_RATE_STREAM, namespace }))],
  messages: () =>
    protocolMessages([
      { stream: 'exchange_rate', data: { id: 1, currency: 'USD', date: '2020-08-29T00:00:00Z', HKD: 10.1, NZD: 700.1, USD: 1 } },
      { stream: 'exchange_rate', namespace: NAMESPACES[0], data: { id: 1, currency: 'EUR', date: '2020-08-29T00:00:00Z', HKD: 11.5, NZD: 1.14, USD: 1.18 } },
      { stream: 'exchange_rate', namespace: NAMESPACES[1], data: { id: 1, currency: 'GBP', date: '2020-08-29T00:00:00Z', HKD: 10.15, NZD: 1.97, USD: null } },
      { stream: 'exchange_rate', namespace: NAMESPACES[1], data: { id: 2, currency: 'JPY', date: '2020-08-30T00:00:00Z', HKD: 0.073, NZD: 0.0142, USD: 0.0094 } },
      { state: { data: { checkpoint: 1 } } },
    ]),
};
