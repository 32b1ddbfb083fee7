import type { AirbyteRecordMessage, JsonObject } from '@nx-airbyte/protocol';
import type { DataSetStream } from './data-sets';
import { ExpectedRecords, normalizeValue, recordDataOfRow } from './stored-records';

const STREAM: DataSetStream = {
  name: 'rates',
  jsonSchema: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      region: { type: 'string' },
      amount: { type: 'number' },
      active: { type: 'boolean' },
      code: { type: 'string' },
      when: { type: 'string', format: 'date-time' },
      details: { type: ['null', 'object'], properties: { depth: { type: 'integer' } } },
      tags: { type: 'array', items: { type: 'number' } },
      free: { type: 'object' },
    },
  },
  primaryKey: [['id'], ['region']],
  cursorField: ['id'],
};

const record = (data: JsonObject): AirbyteRecordMessage => ({ stream: 'rates', data, emitted_at: 1 });

function compare(sent: JsonObject[], stored: unknown[], options: { dedupe?: boolean; mode?: 'exact' | 'at-least' } = {}) {
  const expected = new ExpectedRecords([STREAM], options.dedupe);
  sent.forEach((data) => expected.add(record(data)));
  const comparison = expected.comparison(STREAM, options.mode ?? 'exact');
  stored.forEach((row, index) => comparison.observe(row, `line ${index + 1}`));
  return comparison.finish('after the sync').map((failure) => failure.message);
}

describe('recordDataOfRow (the read-back contract)', () => {
  it('takes _airbyte_data, as an object or as JSON text, and nothing else of a raw row', () => {
    expect(recordDataOfRow({ _airbyte_ab_id: 'x', _airbyte_emitted_at: 5, _airbyte_data: { id: 1 } })).toEqual({ data: { id: 1 } });
    expect(recordDataOfRow({ _airbyte_data: '{"id":1}' })).toEqual({ data: { id: 1 } });
  });

  it('takes a plain row as the record, without its _airbyte_ bookkeeping columns', () => {
    expect(recordDataOfRow({ id: 1, _airbyte_ab_id: 'x', _airbyte_normalized_at: 'y', _airbyte_rates_hashid: 'z' })).toEqual({ data: { id: 1 } });
  });

  it('says what is wrong with a row that holds no record', () => {
    expect(recordDataOfRow([1])).toEqual({ problem: 'a stored record must be a JSON object, got an array' });
    expect(recordDataOfRow({ _airbyte_data: 'not json' })).toEqual({ problem: '_airbyte_data is text that is not JSON' });
    expect(recordDataOfRow({ _airbyte_data: [1] })).toEqual({ problem: "_airbyte_data must be the record's data, a JSON object" });
  });
});

describe('normalizeValue (type-aware, the schema decides)', () => {
  const schema = STREAM.jsonSchema;
  it('reads numeric text as a number where the schema says number or integer, not where it says string', () => {
    expect(normalizeValue({ amount: '10.10', id: '7', code: '7' }, schema)).toEqual({ amount: 10.1, id: 7, code: '7' });
    expect(normalizeValue({ amount: '10,1' }, schema)).toEqual({ amount: '10,1' });
  });

  it('reads "true"/"false" and 0/1 as booleans where the schema says boolean', () => {
    expect(normalizeValue({ active: 'true' }, schema)).toEqual({ active: true });
    expect(normalizeValue({ active: 0 }, schema)).toEqual({ active: false });
  });

  it('reads JSON text as the object or array the schema declares, recursively', () => {
    expect(normalizeValue({ details: '{"depth":"3"}', tags: '[1,"2.5"]' }, schema)).toEqual({ details: { depth: 3 }, tags: [1, 2.5] });
  });

  it('treats a null and an absent field alike, at any depth', () => {
    expect(normalizeValue({ id: 1, details: null, free: { a: null, b: 1 } }, schema)).toEqual({ id: 1, free: { b: 1 } });
  });

  it('reads date-times with an offset as the same instant; text without one stays as it is', () => {
    expect(normalizeValue({ when: '2020-03-31T02:00:00+02:00' }, schema)).toEqual({ when: '2020-03-31T00:00:00.000Z' });
    expect(normalizeValue({ when: '2020-03-31 00:00' }, schema)).toEqual({ when: '2020-03-31 00:00' });
  });

  it('leaves strings exact: unicode, \\n and \\r included', () => {
    const text = 'Zürich\r\n東京 👩‍💻\u2028';
    expect(normalizeValue({ code: text }, schema)).toEqual({ code: text });
    expect(normalizeValue({ code: text }, schema)).not.toEqual({ code: text.replace('\r', '') });
  });

  it('keeps values the schema does not type exactly as they are', () => {
    expect(normalizeValue({ free: { n: '1' } }, schema)).toEqual({ free: { n: '1' } });
  });
});

describe('ExpectedRecords and its comparison with what was stored', () => {
  const one = { id: 1, region: 'eu', amount: 10.1 };
  const two = { id: 2, region: 'eu', amount: 2 };

  it('passes when the stored records are the sent ones, in any order, however they are typed', () => {
    expect(compare([one, two], [{ _airbyte_data: { id: '2', region: 'eu', amount: '2.0' } }, { ...one, _airbyte_emitted_at: 99 }])).toEqual([]);
  });

  it('names the records that were not stored, by primary key', () => {
    expect(compare([one, two], [one])).toEqual(['after the sync: 1 record(s) sent were not read back: id=2,region=eu']);
  });

  it('says when nothing at all was stored', () => {
    expect(compare([one], [])[0]).toMatch(/the read-back found no record at all/);
  });

  it('names records stored that were not sent, and counts duplicates', () => {
    expect(compare([one], [one, one, { id: 9, region: 'us', amount: 1 }])).toEqual([
      expect.stringMatching(/^after the sync: 2 stored record\(s\) were not sent in this form .*id=1,region=eu .*id=9,region=us/),
    ]);
  });

  it('shows how a changed record differs, field by field', () => {
    expect(compare([one], [{ ...one, amount: 10 }])).toEqual(['after the sync: the stored record id=1,region=eu differs from the one sent (line 1): /amount: expected 10.1, got 10']);
  });

  it('fails a string stored as a number', () => {
    expect(compare([{ id: 1, region: 'eu', code: '123' }], [{ id: 1, region: 'eu', code: 123 }])[0]).toMatch(/\/code: expected "123", got 123/);
  });

  it('with dedupe, expects only the latest record of each composite key', () => {
    const sent = [one, { ...one, region: 'us' }, { ...one, amount: 11 }];
    expect(compare(sent, [{ ...one, amount: 11 }, { ...one, region: 'us' }], { dedupe: true })).toEqual([]);
    expect(compare(sent, [{ ...one, amount: 11 }], { dedupe: true })).toEqual(['after the sync: 1 record(s) sent were not read back: id=1,region=us']);
  });

  it('at a checkpoint, allows records beyond the ones sent so far but not fewer', () => {
    expect(compare([one], [one, two], { mode: 'at-least' })).toEqual([]);
    expect(compare([one, two], [two], { mode: 'at-least' })).toEqual(['after the sync: 1 record(s) sent were not read back: id=1,region=eu']);
  });

  it('reports rows that are not records', () => {
    expect(compare([one], [one, 'text'])).toEqual(['line 2: a stored record must be a JSON object, got a string']);
  });

  it('snapshots: later records are not expected of an earlier snapshot', () => {
    const expected = new ExpectedRecords([STREAM]);
    expected.add(record(one));
    const snapshot = expected.snapshot();
    expected.add(record(two));
    const comparison = snapshot.comparison(STREAM, 'exact');
    comparison.observe(one, 'line 1');
    expect(comparison.finish('x')).toEqual([]);
  });

  it('keeps no second copy of a very big record: a changed one is named by key with an excerpt, not diffed', () => {
    const big = { id: 1, region: 'eu', code: 'x'.repeat(100_000) };
    const failures = compare([big], [{ ...big, code: 'x'.repeat(99_999) }]);
    expect(failures).toEqual(['after the sync: 1 record(s) sent were not read back: id=1,region=eu', expect.stringMatching(/^after the sync: 1 stored record\(s\) were not sent in this form .*id=1,region=eu \{"id":1,"region":"eu","code":"xxxx.*…/)]);
  });

  it('costs a fingerprint per record: a batch of 100,000 compares without keeping the records', () => {
    const expected = new ExpectedRecords([STREAM]);
    for (let id = 0; id < 100_000; id++) expected.add(record({ id, region: 'eu', amount: id / 10 }));
    const comparison = expected.comparison(STREAM, 'exact');
    for (let id = 99_999; id >= 0; id--) comparison.observe({ _airbyte_data: { id, region: 'eu', amount: id / 10 } }, `line ${id}`);
    expect(comparison.finish('x')).toEqual([]);
  });
});
