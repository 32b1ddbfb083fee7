import { validateCatalog, validateConfiguredCatalog, validateConnectorSpecification } from './protocol-validation';

const stream = { name: 'users', json_schema: { type: 'object' }, supported_sync_modes: ['full_refresh', 'incremental'] };

describe('validateConfiguredCatalog', () => {
  it('accepts a configured catalog as configured_catalog.json files hold it', () => {
    const catalog = {
      streams: [
        { stream, sync_mode: 'incremental', cursor_field: ['updated_at'], destination_sync_mode: 'append_dedup', primary_key: [['id']] },
        { stream: { ...stream, name: 'orders' }, sync_mode: 'full_refresh', destination_sync_mode: 'overwrite', generation_id: 3 },
      ],
    };
    expect(validateConfiguredCatalog(catalog)).toEqual([]);
  });

  it('names the file given as source in every violation', () => {
    const catalog = { streams: [{ stream, sync_mode: 'incremental', destination_sync_mode: 'upsert' }] };
    expect(validateConfiguredCatalog(catalog, { source: 'integration_tests/configured_catalog.json' }).map((violation) => violation.message)).toEqual([
      expect.stringMatching(/^integration_tests\/configured_catalog.json: \/streams\/0\/destination_sync_mode must be one of "append", .* \(got string "upsert"\)$/),
    ]);
  });

  it('reports a missing sync_mode and a bad cursor_field together', () => {
    const catalog = { streams: [{ stream, destination_sync_mode: 'append', cursor_field: 'updated_at' }] };
    expect(validateConfiguredCatalog(catalog).map((violation) => violation.message)).toEqual([
      "configured catalog: /streams/0 must have required property 'sync_mode'",
      'configured catalog: /streams/0/cursor_field must be array (got string "updated_at")',
    ]);
  });

  it('rejects a discovered catalog given in place of a configured one', () => {
    expect(validateConfiguredCatalog({ streams: [stream] })[0].message).toBe("configured catalog: /streams/0 must have required property 'stream'");
  });

  it('rejects options that are not an object', () => {
    expect(() => validateConfiguredCatalog({ streams: [] }, null as unknown as { source: string })).toThrow(new TypeError('validateConfiguredCatalog: options must be an object, got null'));
  });

  it('reports a document that is not an object instead of throwing', () => {
    expect(validateConfiguredCatalog(undefined).map((violation) => violation.message)).toEqual(['configured catalog: must be object (got nothing)']);
    expect(validateConfiguredCatalog('streams').map((violation) => violation.message)).toEqual(['configured catalog: must be object (got string "streams")']);
  });
});

describe('validateCatalog', () => {
  it('accepts a discovered catalog', () => {
    expect(validateCatalog({ streams: [stream] })).toEqual([]);
  });

  it('requires at least one sync mode per stream', () => {
    expect(validateCatalog({ streams: [{ ...stream, supported_sync_modes: [] }] })[0].message).toBe('catalog: /streams/0/supported_sync_modes must NOT have fewer than 1 items (got array [])');
  });
});

describe('validateConnectorSpecification', () => {
  it('accepts a spec with Airbyte keywords in its connectionSpecification', () => {
    const spec = {
      documentationUrl: 'https://docs.example.com/sources/users',
      connectionSpecification: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        required: ['api_key'],
        properties: { api_key: { type: 'string', airbyte_secret: true, order: 0 } },
      },
    };
    expect(validateConnectorSpecification(spec, { source: 'source_users/spec.yaml' })).toEqual([]);
  });

  it('says which field of which file is wrong', () => {
    const violations = validateConnectorSpecification({ connectionSpecification: [], supportsIncremental: 'yes' }, { source: 'spec.json' });
    expect(violations.map((violation) => violation.message)).toEqual([
      'spec.json: /connectionSpecification must be object (got array [])',
      'spec.json: /supportsIncremental must be boolean (got string "yes")',
    ]);
  });
});
