import { editDistance, suggestKey } from './key-suggestion';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('pth', 'path')).toBe(1);
    expect(editDistance('status', 'statuses')).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('stauts', 'status')).toBe(1);
  });

  it('is zero for equal strings', () => {
    expect(editDistance('config_path', 'config_path')).toBe(0);
  });
});

describe('suggestKey', () => {
  const entryKeys = ['config_path', 'configured_catalog_path', 'empty_streams', 'expect_records', 'timeout_seconds'];

  it('suggests the known key a typo most likely meant', () => {
    expect(suggestKey('config_pth', entryKeys)).toBe('config_path');
    expect(suggestKey('expect_record', entryKeys)).toBe('expect_records');
  });

  it('treats dashes as underscores and ignores case, as a reader would', () => {
    expect(suggestKey('acceptance-tests', ['connector_image', 'acceptance_tests'])).toBe('acceptance_tests');
    expect(suggestKey('Timeout_Seconds', entryKeys)).toBe('timeout_seconds');
  });

  it('suggests nothing when no key is close', () => {
    expect(suggestKey('cursor_field', entryKeys)).toBeUndefined();
  });

  it('does not stretch short keys to distant ones', () => {
    expect(suggestKey('id', ['tests', 'name'])).toBeUndefined();
  });
});
