import { fullFormats } from 'ajv-formats/dist/formats';
import { isLenientDateTime, isStrictDateTime } from './date-time-formats';

describe('isLenientDateTime', () => {
  it.each([
    '2021-01-01T00:00:00Z',
    '2021-01-01T00:00:00',
    '2021-01-01 00:00:00',
    '2021-01-01t00:00:00z',
    '2021-1-1T0:0:0',
    '2021-01-01T00:00:00.123456',
    '2021-01-01T00:00:00,5',
    '2021-01-01T23:59:59+05:30',
    '2021-01-01T00:00:00-0800',
    '2021-01-01T00:00:00+01',
    '2021-01-01 00:00:00 UTC',
    '2020-02-29T12:00:00Z',
    '2000-02-29T12:00:00Z',
  ])('accepts %s', (value) => {
    expect(isLenientDateTime(value)).toBe(true);
  });

  it.each([
    '2021-01-01',
    '2021-01-01T00:00',
    '2021-13-01T00:00:00Z',
    '2021-00-10T00:00:00Z',
    '2021-04-31T00:00:00Z',
    '2021-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T00:60:00Z',
    '2021-01-01T00:00:60Z',
    '2021-01-01T00:00:00+25:00',
    '2021-01-01T00:00:00 garbage',
    '01/02/2021 00:00:00',
    '',
  ])('rejects %s', (value) => {
    expect(isLenientDateTime(value)).toBe(false);
  });
});

describe('isStrictDateTime', () => {
  const dates = ['2021-01-01', '2020-02-29', '2021-02-29', '0000-02-29', '1900-02-29', '2021-13-01', '2021-00-10', '2021-1-01', '21-01-01', '2021-01-32', '2021-04-31', '2021/01/01', ''];
  const separators = ['T', 't', ' ', '\t', '\u00a0', '_', '', 'TT'];
  const times = ['00:00:00', '23:59:59', '23:59:60', '24:00:00', '12:60:00', '12:00:60', '00:00:60', '1:00:00', '12:00:00.5', '12:00:00.', '12:00:00,5', '99:99:99', '12:00'];
  const zones = ['', 'Z', 'z', '+00:00', '-05:30', '+0530', '+05', '+24:00', '+05:60', '+05:', '-00:01', '+01:00', 'UTC', ' Z', 'Zz'];
  const candidates = dates.flatMap((date) => separators.flatMap((separator) => times.flatMap((time) => zones.map((zone) => `${date}${separator}${time}${zone}`))));

  it('agrees with ajv-formats (full mode) on every combination of date, separator, time and zone', () => {
    const reference = fullFormats['date-time'] as { validate: (value: string) => boolean };
    const disagreements = candidates.filter((value) => isStrictDateTime(value) !== reference.validate(value));
    expect(candidates.length).toBeGreaterThan(8000);
    expect(candidates.filter((value) => reference.validate(value)).length).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });

  it.each(['2021-01-01T00:00:00Z', '2021-01-01 00:00:00.123+05:30', '2016-12-31T23:59:60Z', '2016-12-31T18:59:60-05:00'])('accepts %s', (value) => {
    expect(isStrictDateTime(value)).toBe(true);
  });

  it.each(['2021-01-01T00:00:00', '2021-1-1T00:00:00Z', '2021-01-01T12:00:60Z', '2021-01-01T00:00:00 UTC'])('rejects %s', (value) => {
    expect(isStrictDateTime(value)).toBe(false);
  });
});

describe('the date-time checks given something that is not a string', () => {
  it.each([null, undefined, 20210101, {}])('say %p is no date-time instead of throwing', (value) => {
    expect(isLenientDateTime(value as unknown as string)).toBe(false);
    expect(isStrictDateTime(value as unknown as string)).toBe(false);
  });
});
