import type { AirbyteMessage, JsonObject } from '@nx-airbyte/protocol';
import { configuredCatalog } from '../../../test/fixtures/checks/catalog-fixtures';
import { BULBASAUR, IVYSAUR, RATES_2022_01_01, RATES_2022_01_02, errorTrace, record, streamState } from '../../../test/fixtures/checks/messages';
import { parseFieldPattern } from '../ignored-fields';
import { BasicReadCheck, type BasicReadOptions, type BasicReadResult } from './basic-read-check';

const GOOD_READ = [record('exchange_rates', RATES_2022_01_01), record('exchange_rates', RATES_2022_01_02), streamState('exchange_rates', { date: '2022-01-02' }), record('pokemon', BULBASAUR), record('pokemon', IVYSAUR)];

function runRead(messages: AirbyteMessage[], options: Partial<BasicReadOptions> = {}): BasicReadResult {
  const check = new BasicReadCheck({ catalog: configuredCatalog(), ...options });
  for (const message of messages) check.observe(message);
  return check.finish();
}

function expected(records: Record<string, JsonObject[]>): Map<string, JsonObject[]> {
  return new Map(Object.entries(records));
}

describe('basic_read test_read', () => {
  it('passes a read where every stream sends valid records', () => {
    expect(runRead(GOOD_READ).failures).toEqual([]);
  });

  it('counts records per stream and state messages', () => {
    const result = runRead(GOOD_READ);
    expect(result.streams).toEqual([{ stream: 'exchange_rates', records: 2 }, { stream: 'pokemon', records: 2 }]);
    expect(result.stateMessages).toBe(1);
  });

  it('fails a read without records', () => {
    expect(runRead([streamState('exchange_rates', { date: '2022-01-02' })], { emptyStreams: ['exchange_rates', 'pokemon'] }).byAspect.records_read).toEqual([expect.objectContaining({ message: expect.stringContaining('no record') })]);
  });

  it('fails a record that breaks its schema, with stream, record and pointer', () => {
    const result = runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, id: 'three' })]);
    expect(result.byAspect.schema).toEqual([expect.objectContaining({ stream: 'pokemon', recordIndex: 2, pointer: '/id' })]);
  });

  it('does not validate schemas when validate_schema is off', () => {
    expect(runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, id: 'three' })], { validateSchema: false }).failures).toEqual([]);
  });

  it('fails a record that shares no field with its schema', () => {
    const result = runRead([...GOOD_READ, record('pokemon', { identifier: 3 })], { failOnExtraColumns: false, validatePrimaryKeysDataType: false });
    expect(result.byAspect.record_structure).toEqual([expect.objectContaining({ stream: 'pokemon', recordIndex: 2, actual: ['identifier'] })]);
  });

  it('fails a stream without records that is not listed in empty_streams', () => {
    const result = runRead(GOOD_READ.filter((message) => message.type !== 'RECORD' || message.record.stream !== 'pokemon'));
    expect(result.byAspect.empty_streams).toEqual([expect.objectContaining({ stream: 'pokemon' })]);
  });

  it('accepts an empty stream listed in empty_streams', () => {
    const messages = GOOD_READ.filter((message) => message.type !== 'RECORD' || message.record.stream !== 'pokemon');
    expect(runRead(messages, { emptyStreams: ['pokemon'] }).failures).toEqual([]);
  });

  it('fails a record whose primary key is null', () => {
    const result = runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, id: null })], { validateSchema: false });
    expect(result.byAspect.primary_keys).toEqual([expect.objectContaining({ stream: 'pokemon', recordIndex: 2, pointer: '/id', actual: null })]);
  });

  it('fails a record whose primary key is an object', () => {
    const result = runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, id: { value: 2 } })], { validateSchema: false });
    expect(result.byAspect.primary_keys).toEqual([expect.objectContaining({ message: expect.stringContaining('is an object') })]);
  });

  it('fails a top-level column the schema does not declare', () => {
    const result = runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, weight: 130 })]);
    expect(result.byAspect.extra_columns).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: '/weight', recordIndex: 2 })]);
  });

  it('allows undeclared columns when fail_on_extra_columns is off', () => {
    expect(runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, weight: 130 })], { failOnExtraColumns: false }).failures).toEqual([]);
  });

  it('allows undeclared columns when validate_schema is off: fail_on_extra_columns is part of schema validation, as in CAT', () => {
    expect(runRead([...GOOD_READ, record('pokemon', { ...IVYSAUR, weight: 130 })], { validateSchema: false, failOnExtraColumns: true }).failures).toEqual([]);
  });

  it('fails a schema field that is null in every record when validate_data_points is on', () => {
    const result = runRead([record('exchange_rates', { ...RATES_2022_01_01, rates: { EUR: 0.88, GBP: null } }), record('pokemon', BULBASAUR)], { validateDataPoints: true });
    expect(result.byAspect.data_points).toEqual([expect.objectContaining({ stream: 'exchange_rates', actual: ['/rates/GBP'] })]);
  });

  it('fails a read in which the connector reports an error', () => {
    expect(runRead([...GOOD_READ, errorTrace('Rate limit exceeded')]).byAspect.trace_errors).toEqual([expect.objectContaining({ message: expect.stringContaining('Rate limit exceeded') })]);
  });

  it('fails a record of a stream that is not in the configured catalog', () => {
    expect(runRead([...GOOD_READ, record('berries', { id: 1 })]).byAspect.unknown_streams).toEqual([expect.objectContaining({ stream: 'berries' })]);
  });

  it('keeps at most the configured number of failures per stream and counts the rest', () => {
    const bad = Array.from({ length: 5 }, (_, index) => record('pokemon', { ...IVYSAUR, id: `n${index}` }));
    const failures = runRead([...GOOD_READ, ...bad], { failuresPerStream: 2 }).byAspect.schema;
    expect(failures.map((failure) => failure.message)).toEqual([expect.any(String), expect.any(String), "3 more failures of stream 'pokemon' not shown (the first 2 are listed)"]);
  });
});

describe('basic_read expect_records', () => {
  const allExpected = expected({ exchange_rates: [RATES_2022_01_01, RATES_2022_01_02], pokemon: [BULBASAUR, IVYSAUR] });

  it('passes when every expected record is read, in any order', () => {
    const reversed = [record('pokemon', IVYSAUR), record('pokemon', BULBASAUR), ...GOOD_READ.slice(0, 2)];
    expect(runRead(reversed, { expectRecords: { records: allExpected } }).failures).toEqual([]);
  });

  it('fails an expected record that was not read', () => {
    const result = runRead(GOOD_READ.slice(0, 4), { expectRecords: { records: allExpected } });
    expect(result.byAspect.expected_records).toEqual([expect.objectContaining({ stream: 'pokemon', message: "stream 'pokemon': expected record 2 was not produced", expected: IVYSAUR })]);
  });

  it('fails records beyond the expected ones when extra_records is off', () => {
    const result = runRead(GOOD_READ, { expectRecords: { records: expected({ exchange_rates: [RATES_2022_01_01, RATES_2022_01_02], pokemon: [BULBASAUR] }), extraRecords: false } });
    expect(result.byAspect.expected_records).toEqual([expect.objectContaining({ stream: 'pokemon', recordIndex: 1, actual: IVYSAUR })]);
  });

  it('fails records out of order when exact_order is on', () => {
    const result = runRead([record('pokemon', IVYSAUR), record('pokemon', BULBASAUR), ...GOOD_READ.slice(0, 2)], { expectRecords: { records: allExpected, exactOrder: true } });
    expect(result.byAspect.expected_records[0]).toEqual(expect.objectContaining({ stream: 'pokemon', recordIndex: 0, pointer: '/id', expected: BULBASAUR }));
  });

  it('fails expected records missing at the end of an exact-order read', () => {
    const result = runRead(GOOD_READ.slice(0, 4), { expectRecords: { records: allExpected, exactOrder: true } });
    expect(result.byAspect.expected_records).toEqual([expect.objectContaining({ message: "stream 'pokemon': 1 expected record was not produced, from expected record 2 on" })]);
  });

  it('accepts fields beyond the expected ones with extra_fields', () => {
    const slim = expected({ exchange_rates: [{ date: '2022-01-01', base: 'USD' }, { date: '2022-01-02', base: 'USD' }], pokemon: [{ id: 1 }, { id: 2 }] });
    expect(runRead(GOOD_READ, { expectRecords: { records: slim, extraFields: true, exactOrder: true, extraRecords: false } }).failures).toEqual([]);
  });

  it('refuses extra_fields without exact_order', () => {
    expect(runRead(GOOD_READ, { expectRecords: { records: allExpected, extraFields: true } }).byAspect.expected_records).toEqual([{ message: 'expect_records: extra_fields requires exact_order' }]);
  });

  it('compares records without their ignored_fields, wildcards included', () => {
    const renamed = { ...IVYSAUR, abilities: [{ ...IVYSAUR.abilities[0], ability: { ...IVYSAUR.abilities[0].ability, url: 'https://pokeapi.co/api/v2/ability/34' } }] };
    const messages = [...GOOD_READ.slice(0, 4), record('pokemon', renamed)];
    const ignoredFields = new Map([['pokemon', [parseFieldPattern('abilities/*/ability/url')]]]);
    expect(runRead(messages, { expectRecords: { records: allExpected, extraRecords: false }, ignoredFields }).failures).toEqual([]);
    expect(runRead(messages, { expectRecords: { records: allExpected, extraRecords: false } }).byAspect.expected_records).toHaveLength(2);
  });
});
