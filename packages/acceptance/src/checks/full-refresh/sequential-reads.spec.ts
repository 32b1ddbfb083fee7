import type { AirbyteRecordMessage, JsonObject } from '@nx-airbyte/protocol';
import { configuredCatalog } from '../../../test/fixtures/checks/catalog-fixtures';
import { BULBASAUR, EMITTED_AT, IVYSAUR, RATES_2022_01_01, RATES_2022_01_02 } from '../../../test/fixtures/checks/messages';
import { parseFieldPattern } from '../ignored-fields';
import { fullRefreshOnlyCatalog } from '../incremental/sync-mode-catalogs';
import { SequentialReadsCheck, type SequentialReadsOptions } from './sequential-reads';

function rec(stream: string, data: JsonObject, emittedAt = EMITTED_AT): AirbyteRecordMessage {
  return { stream, data, emitted_at: emittedAt };
}

function compareReads(first: AirbyteRecordMessage[], second: AirbyteRecordMessage[], options: Partial<SequentialReadsOptions> = {}) {
  const check = new SequentialReadsCheck({ catalog: fullRefreshOnlyCatalog(configuredCatalog()), ...options });
  first.forEach((record) => check.observeFirstRead(record));
  second.forEach((record) => check.observeSecondRead(record));
  return check.finish();
}

describe('full_refresh test_sequential_reads', () => {
  const firstRead = [rec('exchange_rates', RATES_2022_01_01), rec('pokemon', BULBASAUR), rec('pokemon', IVYSAUR)];

  it('passes when the second read has every record of the first, in another order and emitted later', () => {
    const second = [rec('pokemon', IVYSAUR, EMITTED_AT + 60_000), rec('pokemon', BULBASAUR, EMITTED_AT + 60_000), rec('exchange_rates', RATES_2022_01_01)];
    expect(compareReads(firstRead, second)).toEqual([]);
  });

  it('tolerates new records in the second read', () => {
    expect(compareReads(firstRead, [...firstRead, rec('exchange_rates', RATES_2022_01_02)])).toEqual([]);
  });

  it('fails a record of the first read that the second lacks', () => {
    expect(compareReads(firstRead, firstRead.slice(1))).toEqual([expect.objectContaining({ stream: 'exchange_rates', recordIndex: 0, message: "stream 'exchange_rates': record 1 of the first read is missing from the second read" })]);
  });

  it('fails a record whose fields changed between reads', () => {
    expect(compareReads(firstRead, [firstRead[0], firstRead[1], rec('pokemon', { ...IVYSAUR, base_experience: 143 })])).toEqual([expect.objectContaining({ stream: 'pokemon', recordIndex: 1 })]);
  });

  it('compares by the configured primary key when the stream has one', () => {
    const catalog = fullRefreshOnlyCatalog(configuredCatalog());
    catalog.streams[1].primary_key = [['id']];
    const second = [firstRead[0], rec('pokemon', BULBASAUR), rec('pokemon', { ...IVYSAUR, base_experience: 143 })];
    expect(compareReads(firstRead, second, { catalog })).toEqual([]);
    expect(compareReads(firstRead, second.slice(0, 2), { catalog })).toEqual([expect.objectContaining({ message: "stream 'pokemon': record 2 (primary key [2]) of the first read is missing from the second read" })]);
  });

  it('leaves ignored_fields out of the comparison', () => {
    const ignoredFields = new Map([['pokemon', [parseFieldPattern('base_experience')]]]);
    expect(compareReads(firstRead, [firstRead[0], firstRead[1], rec('pokemon', { ...IVYSAUR, base_experience: 143 })], { ignoredFields })).toEqual([]);
  });
});

describe('full_refresh test_sequential_reads on many records', () => {
  const many = (count: number, skip?: number) => Array.from({ length: count }, (_, i) => i).filter((i) => i !== skip).map((i) => rec('exchange_rates', { ...RATES_2022_01_01, date: `id-${i}` }));

  it('finds the one record of 20,000 the second read lacks, compared by hash', () => {
    expect(compareReads(many(20_000), many(20_000, 12_345))).toEqual([expect.objectContaining({ stream: 'exchange_rates', recordIndex: 12_345 })]);
  });

  it('counts a duplicate record of the first read once', () => {
    const first = [rec('pokemon', BULBASAUR), rec('pokemon', BULBASAUR)];
    expect(compareReads(first, [rec('pokemon', BULBASAUR)])).toEqual([]);
  });
});
