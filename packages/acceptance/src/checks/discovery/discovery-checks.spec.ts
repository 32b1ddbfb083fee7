import type { AirbyteCatalog, JsonSchema } from '@nx-airbyte/protocol';
import { exchangeRatesLikeCatalog } from '../../../test/fixtures/checks/catalog-fixtures';
import { checkCatalogBackwardCompatibility } from './catalog-backward-compatibility';
import { checkDefaultCursorsExist, checkPrimaryKeysExist, checkStreamsHaveSyncModes } from './cursors-and-keys';
import { checkDiscoverOutput } from './discover-output';
import { checkStreamAdditionalPropertiesIsTrue, checkStreamRefsResolved, checkStreamSchemasAreValid, checkStreamSchemasAvoidKeyword } from './stream-schemas';

function pokemonProperties(catalog: AirbyteCatalog): Record<string, JsonSchema> {
  return catalog.streams[1].json_schema.properties as Record<string, JsonSchema>;
}

describe('test_discover', () => {
  it('passes one catalog with uniquely named streams', () => {
    expect(checkDiscoverOutput([exchangeRatesLikeCatalog()])).toEqual([]);
  });

  it('fails when discover emits no catalog', () => {
    expect(checkDiscoverOutput([])).toEqual([expect.objectContaining({ expected: 1, actual: 0 })]);
  });

  it('fails a catalog without streams', () => {
    expect(checkDiscoverOutput([{ streams: [] }])).toEqual([expect.objectContaining({ pointer: '/streams' })]);
  });

  it('fails two streams with the same name', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams.push({ ...catalog.streams[1] });
    expect(checkDiscoverOutput([catalog])).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: '/streams/2/name' })]);
  });
});

describe('test_streams_have_valid_json_schemas', () => {
  it('passes draft-07 schemas', () => {
    expect(checkStreamSchemasAreValid(exchangeRatesLikeCatalog())).toEqual([]);
  });

  it('fails a schema with an unknown type name', () => {
    const catalog = exchangeRatesLikeCatalog();
    pokemonProperties(catalog).id.type = 'int';
    expect(checkStreamSchemasAreValid(catalog)[0]).toEqual(expect.objectContaining({ stream: 'pokemon', pointer: '/streams/1/json_schema/properties/id/type' }));
  });
});

describe('test_defined_refs_exist_in_schema', () => {
  it('fails a $ref in a stream schema', () => {
    const catalog = exchangeRatesLikeCatalog();
    pokemonProperties(catalog).abilities = { $ref: 'abilities.json' };
    expect(checkStreamRefsResolved(catalog)).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: '/streams/1/json_schema/properties/abilities/$ref' })]);
  });

  it('passes schemas without $ref', () => {
    expect(checkStreamRefsResolved(exchangeRatesLikeCatalog())).toEqual([]);
  });
});

describe('test_defined_keyword_exist_in_schema', () => {
  it.each(['allOf', 'not'])('fails a stream schema using %s', (keyword) => {
    const catalog = exchangeRatesLikeCatalog();
    pokemonProperties(catalog).name = { [keyword]: keyword === 'not' ? { type: 'null' } : [{ type: 'string' }] };
    expect(checkStreamSchemasAvoidKeyword(catalog, keyword)).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: `/streams/1/json_schema/properties/name/${keyword}` })]);
  });

  it('passes a property that is merely named not', () => {
    const catalog = exchangeRatesLikeCatalog();
    pokemonProperties(catalog).not = { type: 'boolean' };
    expect(checkStreamSchemasAvoidKeyword(catalog, 'not')).toEqual([]);
  });
});

describe('test_defined_cursors_exist_in_schema', () => {
  it('passes a default cursor declared in the schema', () => {
    expect(checkDefaultCursorsExist(exchangeRatesLikeCatalog())).toEqual([]);
  });

  it('fails a default cursor missing from the schema', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[0].default_cursor_field = ['updated_at'];
    expect(checkDefaultCursorsExist(catalog)).toEqual([expect.objectContaining({ stream: 'exchange_rates', pointer: '/streams/0/default_cursor_field', actual: ['updated_at'] })]);
  });
});

describe('test_primary_keys_exist_in_schema', () => {
  it('passes declared scalar primary keys', () => {
    expect(checkPrimaryKeysExist(exchangeRatesLikeCatalog())).toEqual([]);
  });

  it('fails a primary key missing from the schema', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[1].source_defined_primary_key = [['pokemon_id']];
    expect(checkPrimaryKeysExist(catalog)).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: '/streams/1/source_defined_primary_key/0' })]);
  });

  it('fails a primary key typed array', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[1].source_defined_primary_key = [['abilities']];
    expect(checkPrimaryKeysExist(catalog)).toEqual([expect.objectContaining({ stream: 'pokemon', actual: ['null', 'array'] })]);
  });

  it('accepts a primary key typed object when the data-type check is off', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[0].source_defined_primary_key = [['rates']];
    expect(checkPrimaryKeysExist(catalog, { checkDataTypes: false })).toEqual([]);
  });
});

describe('test_streams_has_sync_modes', () => {
  it('fails a stream with an empty supported_sync_modes', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[1].supported_sync_modes = [];
    expect(checkStreamsHaveSyncModes(catalog)).toEqual([expect.objectContaining({ stream: 'pokemon', message: "stream 'pokemon' has an empty supported_sync_modes" })]);
  });

  it('passes streams that declare their sync modes', () => {
    expect(checkStreamsHaveSyncModes(exchangeRatesLikeCatalog())).toEqual([]);
  });
});

describe('test_additional_properties_is_true (discovery)', () => {
  it('fails additionalProperties: false in a stream schema', () => {
    const catalog = exchangeRatesLikeCatalog();
    catalog.streams[0].json_schema.additionalProperties = false;
    expect(checkStreamAdditionalPropertiesIsTrue(catalog)).toEqual([expect.objectContaining({ stream: 'exchange_rates', pointer: '/streams/0/json_schema/additionalProperties' })]);
  });

  it('passes stream schemas that leave additionalProperties out', () => {
    expect(checkStreamAdditionalPropertiesIsTrue(exchangeRatesLikeCatalog())).toEqual([]);
  });
});

describe('test_backward_compatibility (discovery)', () => {
  it('passes a catalog with a new stream and a newly nullable field', () => {
    const current = exchangeRatesLikeCatalog();
    pokemonProperties(current).name.type = ['null', 'string'];
    current.streams.push({ name: 'berries', json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh'] });
    expect(checkCatalogBackwardCompatibility(exchangeRatesLikeCatalog(), current)).toEqual([]);
  });

  it('fails a removed stream', () => {
    const current = exchangeRatesLikeCatalog();
    current.streams.pop();
    expect(checkCatalogBackwardCompatibility(exchangeRatesLikeCatalog(), current)).toEqual([expect.objectContaining({ stream: 'pokemon', message: expect.stringContaining("stream 'pokemon' was removed") })]);
  });

  it('fails a widened type, which catalogs do not allow', () => {
    const current = exchangeRatesLikeCatalog();
    pokemonProperties(current).id.type = ['integer', 'string'];
    expect(checkCatalogBackwardCompatibility(exchangeRatesLikeCatalog(), current)).toEqual([expect.objectContaining({ stream: 'pokemon', pointer: '/streams/1/json_schema/properties/id/type', message: expect.stringContaining("'string' added") })]);
  });

  it('fails a removed property', () => {
    const current = exchangeRatesLikeCatalog();
    delete pokemonProperties(current).base_experience;
    expect(checkCatalogBackwardCompatibility(exchangeRatesLikeCatalog(), current)).toEqual([expect.objectContaining({ pointer: '/streams/1/json_schema/properties/base_experience' })]);
  });

  it('fails a changed default_cursor_field', () => {
    const current = exchangeRatesLikeCatalog();
    current.streams[0].default_cursor_field = ['base'];
    expect(checkCatalogBackwardCompatibility(exchangeRatesLikeCatalog(), current)).toEqual([expect.objectContaining({ stream: 'exchange_rates', expected: ['date'], actual: ['base'] })]);
  });
});
