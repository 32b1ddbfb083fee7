import { catalogMissingOnlySyncModes } from './lenient-catalog';

const schema = { type: 'object', properties: { id: { type: 'integer' } } };
const line = (streams: unknown[]) => JSON.stringify({ type: 'CATALOG', catalog: { streams } });

describe('catalogMissingOnlySyncModes', () => {
  it('gives the catalog, as printed, when streams lack supported_sync_modes and nothing else is wrong', () => {
    const streams = [
      { name: 'items', json_schema: schema, supported_sync_modes: ['full_refresh'] },
      { name: 'events', json_schema: schema, supported_sync_modes: [] },
      { name: 'orders', json_schema: schema },
    ];
    expect(catalogMissingOnlySyncModes(line(streams))).toEqual({ streams });
  });

  it('gives nothing for a catalog with another problem, or with nothing wrong', () => {
    expect(catalogMissingOnlySyncModes(line([{ name: 'events', supported_sync_modes: [] }]))).toBeUndefined(); // no json_schema
    expect(catalogMissingOnlySyncModes(line([{ name: 'items', json_schema: schema, supported_sync_modes: ['full_refresh'] }]))).toBeUndefined();
  });

  it('gives nothing for a line that is no CATALOG message', () => {
    expect(catalogMissingOnlySyncModes('{"type":"LOG","log":{"level":"INFO","message":"CATALOG"}}')).toBeUndefined();
    expect(catalogMissingOnlySyncModes('not json')).toBeUndefined();
  });
});
