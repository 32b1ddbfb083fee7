import { digestText } from '../record-hash';
import { DigestSet } from './digest-set';

describe('DigestSet', () => {
  it('keeps the first of records with the same digest, and lists those never found in the order added', () => {
    const set = new DigestSet();
    set.add(digestText('a'), 0, '[1]');
    set.add(digestText('b'), 1, '[2]');
    set.add(digestText('a'), 2, '[1]');
    set.add(digestText('c'), 3, '[3]');
    set.markFound(digestText('b'));
    set.markFound(digestText('not added'));

    expect(set.size).toBe(3);
    expect([...set.missing()]).toEqual([
      { recordIndex: 0, key: '[1]' },
      { recordIndex: 3, key: '[3]' },
    ]);
  });

  it('keeps entries without a key (records compared whole) apart from keyed ones', () => {
    const set = new DigestSet();
    set.add(digestText('x'), 0);
    set.add(digestText('y'), 1, '"é"');
    set.add(digestText('z'), 2);

    expect([...set.missing()]).toEqual([{ recordIndex: 0 }, { recordIndex: 1, key: '"é"' }, { recordIndex: 2 }]);
  });

  it('grows past its first capacity without losing or confusing a record', () => {
    const set = new DigestSet();
    for (let i = 0; i < 10_000; i++) set.add(digestText(`record ${i}`), i, `[${i}]`);
    for (let i = 0; i < 10_000; i++) if (i !== 4_321 && i !== 9_999) set.markFound(digestText(`record ${i}`));

    expect(set.size).toBe(10_000);
    expect([...set.missing()]).toEqual([
      { recordIndex: 4_321, key: '[4321]' },
      { recordIndex: 9_999, key: '[9999]' },
    ]);
  });
});
