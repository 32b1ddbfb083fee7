import type { JsonObject } from '@nx-airbyte/protocol';
import { protocolMessages, type DataSet, type DataSetMessage, type DataSetStream } from './data-set';

/*
 * The data set of Airbyte's Java destination tests (exchange_rate_catalog.json / exchange_rate_messages.txt),
 * with a second stream: decimals with significant digits (10.1 stored as 10 is a bug, not a rounding), a
 * nullable column, date-times, and LEGACY states as the Gradle-era sources emitted them.
 */

export const EXCHANGE_RATE_STREAM: DataSetStream = {
  name: 'exchange_rate',
  jsonSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      currency: { type: 'string' },
      date: { type: 'string', format: 'date-time' },
      HKD: { type: 'number' },
      NZD: { type: 'number' },
      USD: { type: ['null', 'number'] },
    },
  },
  primaryKey: [['id']],
  cursorField: ['date'],
};

export const CURRENCY_STREAM: DataSetStream = {
  name: 'currency',
  jsonSchema: {
    type: 'object',
    properties: {
      code: { type: 'string' },
      name: { type: 'string' },
      symbol: { type: 'string' },
      decimals: { type: 'integer' },
      active: { type: 'boolean' },
    },
  },
  primaryKey: [['code']],
  cursorField: ['code'],
};

function rate(id: number, currency: string, date: string, HKD: number, NZD: number, USD: number | null): DataSetMessage {
  return { stream: 'exchange_rate', data: { id, currency, date, HKD, NZD, USD } };
}

function currency(code: string, name: string, symbol: string, decimals: number, active = true): DataSetMessage {
  return { stream: 'currency', data: { code, name, symbol, decimals, active } };
}

function legacyState(checkpoint: number): DataSetMessage {
  return { state: { data: { checkpoint } } };
}

const FIRST_SYNC: readonly DataSetMessage[] = [
  rate(1, 'USD', '2020-08-29T00:00:00Z', 10.1, 700.1, 1),
  rate(2, 'EUR', '2020-08-29T00:00:00Z', 11.5, 1.14, 1.18),
  currency('USD', 'US Dollar', '$', 2),
  rate(3, 'GBP', '2020-08-30T00:00:00Z', 10.15, 1.97, null),
  legacyState(1),
  rate(4, 'JPY', '2020-08-31T00:00:00Z', 0.073, 0.0142, 0.0094),
  currency('EUR', 'Euro', '€', 2),
  currency('JPY', 'Japanese Yen', '¥', 0),
  rate(5, 'CHF', '2020-09-01T00:00:00Z', 8.55, 1.65, 1.09),
  legacyState(2),
  rate(6, 'INR', '2020-09-01T12:30:00Z', 0.106, 0.0205, 0.0136),
  currency('INR', 'Indian Rupee', '₹', 2, false),
  legacyState(3),
];

/** The first sync of most tests: both streams, three checkpoints, the last one after the last record. */
export const exchangeRates: DataSet = {
  name: 'exchange_rates',
  streams: [EXCHANGE_RATE_STREAM, CURRENCY_STREAM],
  messages: () => protocolMessages(FIRST_SYNC),
};

/** A later sync (test_second_sync, test_incremental_sync): one id the first sync had, one new, in both streams. */
export const exchangeRatesSecondSync: DataSet = {
  name: 'exchange_rates_second_sync',
  streams: exchangeRates.streams,
  messages: () =>
    protocolMessages([
      rate(1, 'USD', '2020-09-02T00:00:00Z', 10.2, 701.5, 1),
      rate(100, 'SEK', '2020-09-02T00:00:00Z', 0.89, 0.17, 0.11),
      currency('SEK', 'Swedish Krona', 'kr', 2),
      currency('USD', 'US Dollar', 'US$', 2),
      legacyState(4),
    ]),
};

/**
 * `copies` copies of the first sync, one after the other (test_sync_with_large_record_batch): copy k moves
 * every id up by k million and every currency code and checkpoint along, so every record and state differs.
 */
export function exchangeRatesCopies(copies: number): DataSet {
  return {
    name: `exchange_rates x${copies}`,
    streams: exchangeRates.streams,
    messages: () => protocolMessages(copiedMessages(copies)),
  };
}

function* copiedMessages(copies: number): Generator<DataSetMessage> {
  for (let copy = 0; copy < copies; copy++) {
    for (const message of FIRST_SYNC) {
      if ('state' in message) {
        yield legacyState(copy * 10 + ((message.state.data as JsonObject).checkpoint as number));
      } else if (message.stream === 'exchange_rate') {
        yield { stream: message.stream, data: { ...message.data, id: (message.data.id as number) + copy * 1_000_000 } };
      } else {
        yield { stream: message.stream, data: { ...message.data, code: copy === 0 ? message.data.code : `${message.data.code as string}-${copy}` } };
      }
    }
  }
}

