import { describeValue } from './schema-violations';

describe('describeValue', () => {
  it('names the JSON type and shows the value', () => {
    expect(describeValue('a')).toBe('string "a"');
    expect(describeValue(1.5)).toBe('number 1.5');
    expect(describeValue(false)).toBe('boolean false');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue({ a: [1] })).toBe('object {"a":[1]}');
    expect(describeValue([1, 2])).toBe('array [1,2]');
  });

  it('cuts long strings inside their quotes', () => {
    expect(describeValue('abcdef', 3)).toBe('string "abc…"');
  });

  it('cuts long objects and the long strings inside them', () => {
    expect(describeValue({ text: 'x'.repeat(100) }, 20)).toBe(`object {"text":"${'x'.repeat(11)}…`);
  });

  it('survives values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('object [object Object]');
    expect(describeValue(10n)).toBe('bigint 10');
  });

  it('survives values nested too deeply for JSON.stringify and String()', () => {
    const deep = JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    expect(describeValue(deep)).toBe('array nested too deeply to show');
  });
});
