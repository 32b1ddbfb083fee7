import { parse } from 'yaml';
import { ReleaseFileError } from './connector-release';
import { readSpecCache, specCachePath, updateSpecCache } from './spec-cache';

const FILE = specCachePath('airbyte-config/init/src/main/resources', 'source');
const spec = (title: string) => ({ documentationUrl: 'https://example.com', connectionSpecification: { title, type: 'object' } });

describe('the spec cache file', () => {
  it('lives next to the seed definitions, one per connector type', () => {
    expect(FILE).toBe('airbyte-config/init/src/main/resources/seed/source_specs.yaml');
  });

  it('starts with a header and holds one entry per image, with the defaults Airbyte\'s seed wrote, strings double-quoted', () => {
    const text = updateSpecCache(FILE, undefined, 'airbyte/source-x', '0.1.0', spec('X'));
    expect(text).toMatch(/^# The spec of every published connector image/);
    expect(text).toContain('- dockerImage: "airbyte/source-x:0.1.0"\n  spec:\n    documentationUrl: "https://example.com"\n');
    expect(parse(text)).toEqual([{ dockerImage: 'airbyte/source-x:0.1.0', spec: { ...spec('X'), supportsNormalization: false, supportsDBT: false, supported_destination_sync_modes: [] } }]);
  });

  it('keeps entries sorted by dockerImage and replaces the entry of an earlier version', () => {
    let text = updateSpecCache(FILE, undefined, 'airbyte/source-z', '1.0.0', spec('Z'));
    text = updateSpecCache(FILE, text, 'airbyte/source-a', '0.1.0', spec('A'));
    text = updateSpecCache(FILE, text, 'airbyte/source-a', '0.2.0', spec('A2'));
    expect(readSpecCache(FILE, text).map((entry) => entry.dockerImage)).toEqual(['airbyte/source-a:0.2.0', 'airbyte/source-z:1.0.0']);
    expect(readSpecCache(FILE, text)[0].spec['connectionSpecification']).toEqual({ title: 'A2', type: 'object' });
  });

  it('refuses a file that is not a list of { dockerImage, spec }, naming it', () => {
    expect(() => readSpecCache(FILE, 'dockerImage: x\n')).toThrow(ReleaseFileError);
    expect(() => readSpecCache(FILE, '- dockerImage: no-tag\n  spec: {}\n')).toThrow(`${FILE} (entry 1): must have dockerImage (repository:tag) and spec (an object)`);
    expect(() => readSpecCache(FILE, '- [\n')).toThrow(/is not valid YAML/);
  });
});
