import type { AirbyteMessage, AirbyteRecordMessage } from '@nx-airbyte/protocol';
import { validateMessage } from '@nx-airbyte/protocol';
import { bigRecords, DATA_SET_NAMES, DATA_SETS, exchangeRatesCopies, lineBreaks, namespacedRates, pricesFirstSync, pricesSecondSync, streamKey, type DataSet } from './index';

const records = (dataSet: DataSet) => [...dataSet.messages()].flatMap((message: AirbyteMessage) => (message.type === 'RECORD' ? [message.record] : []));
const everyDataSet = [...Object.values(DATA_SETS), exchangeRatesCopies(2), lineBreaks, bigRecords(10), namespacedRates, pricesFirstSync, pricesSecondSync];

describe('the data sets that ship with the destination suite', () => {
  it.each(everyDataSet.map((dataSet) => [dataSet.name, dataSet] as const))('%s: every message is a valid protocol message, every record of a declared stream', (_name, dataSet) => {
    const streams = new Set(dataSet.streams.map(streamKey));
    for (const message of dataSet.messages()) {
      expect(validateMessage(message)).toEqual([]);
      if (message.type === 'RECORD') expect(streams.has(streamKey({ name: message.record.stream, namespace: message.record.namespace }))).toBe(true);
    }
  });

  it('test_sync data sets hold several streams, nested objects, nulls, unicode, line breaks and large values', () => {
    expect(DATA_SET_NAMES).toEqual(['exchange_rates', 'edge_cases']);
    for (const dataSet of Object.values(DATA_SETS)) expect(dataSet.streams.length).toBeGreaterThan(1);
    const text = JSON.stringify(records(DATA_SETS.edge_cases));
    const missing = ['"profile":{', 'null', '東京', '👩‍💻', '\\r\\n', '\u2028'].filter((needle) => !text.includes(needle));
    expect(missing).toEqual([]);
    expect(Math.max(...records(DATA_SETS.edge_cases).map((record) => JSON.stringify(record.data).length))).toBeGreaterThan(64 * 1024);
  });

  it('end with a STATE after the last record, except edge_cases, whose last record follows its last state', () => {
    const last = (dataSet: DataSet) => [...dataSet.messages()].pop()?.type;
    expect(last(DATA_SETS.exchange_rates)).toBe('STATE');
    expect(last(DATA_SETS.edge_cases)).toBe('RECORD');
  });

  it('give every record a distinct primary key within a sync', () => {
    for (const dataSet of [...Object.values(DATA_SETS), exchangeRatesCopies(3), namespacedRates]) {
      const keys = records(dataSet).map((record: AirbyteRecordMessage) => {
        const stream = dataSet.streams.find((candidate) => candidate.name === record.stream && candidate.namespace === record.namespace)!;
        return `${record.namespace}/${record.stream}/${JSON.stringify(stream.primaryKey.map((path) => record.data[path[0]]))}`;
      });
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('copies of the exchange rates differ in every record and state, and are generated, not held', () => {
    const copies = exchangeRatesCopies(400);
    let count = 0;
    const states = new Set<string>();
    for (const message of copies.messages()) {
      if (message.type === 'RECORD') count += 1;
      else states.add(JSON.stringify(message.state));
    }
    expect(count).toBe(records(DATA_SETS.exchange_rates).length * 400);
    expect(states.size).toBe(3 * 400);
  });

  it('big records have string values of the length asked, ASCII and beyond the BMP', () => {
    const [ascii, emoji] = records(bigRecords(1001));
    expect((ascii.data.text as string).length).toBe(1001);
    expect((emoji.data.text as string).length).toBe(1001);
    expect(emoji.data.text).toMatch(/^(😀)+x$/u);
  });

  it('namespaces: one stream name without a namespace and in two, with different records', () => {
    expect(namespacedRates.streams.map((stream) => stream.namespace ?? null)).toEqual([null, 'nx_airbyte_namespace_one', 'nx_airbyte_namespace_two']);
    expect(new Set(records(namespacedRates).map((record) => record.data.currency)).size).toBe(4);
  });
});
