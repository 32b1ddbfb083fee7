import { readFileSync } from 'node:fs';
import { fixture } from '../../test/fixtures/config/fixture-paths';
import { secretsFromConfig } from './config-secrets';

const hubspotSpec = JSON.parse(readFileSync(fixture('legacy-hubspot', 'source_hubspot', 'spec.json'), 'utf8')).connectionSpecification;

describe('secretsFromConfig', () => {
  it('collects the values of airbyte_secret fields inside the oneOf branch the config uses', () => {
    const config = {
      start_date: '2021-01-01T00:00:00Z',
      credentials: { credentials_title: 'OAuth Credentials', client_id: '123-abc', client_secret: 'cs-5f2a9e', refresh_token: 'rt-91bd77' },
    };

    expect(secretsFromConfig(hubspotSpec, config)).toEqual(['cs-5f2a9e', 'rt-91bd77']);
  });

  it('finds the secret of the other branch too', () => {
    const config = { start_date: '2021-01-01T00:00:00Z', credentials: { credentials_title: 'Private App Credentials', access_token: 'pat-na1-0c3f' } };

    expect(secretsFromConfig(hubspotSpec, config)).toEqual(['pat-na1-0c3f']);
  });

  it('ignores fields that are not marked, even when they look secret', () => {
    const spec = { type: 'object', properties: { api_key_name: { type: 'string' }, api_key: { type: 'string', airbyte_secret: true } } };

    expect(secretsFromConfig(spec, { api_key_name: 'X-Api-Key', api_key: 'k-778899' })).toEqual(['k-778899']);
  });

  it('looks into arrays of objects and anyOf branches', () => {
    const spec = {
      type: 'object',
      properties: {
        tunnels: {
          type: 'array',
          items: { anyOf: [{ type: 'object', properties: { password: { type: 'string', airbyte_secret: true } } }] },
        },
      },
    };

    expect(secretsFromConfig(spec, { tunnels: [{ password: 'tunnel-one' }, { password: 'tunnel-two' }] })).toEqual(['tunnel-one', 'tunnel-two']);
  });

  it('follows local $refs and additional properties', () => {
    const spec = {
      type: 'object',
      definitions: { secretString: { type: 'string', airbyte_secret: true } },
      properties: { token: { $ref: '#/definitions/secretString' } },
      additionalProperties: { type: 'object', properties: { key: { $ref: '#/definitions/secretString' } } },
    };

    expect(secretsFromConfig(spec, { token: 'tok-1234', eu: { key: 'eu-key-5678' } })).toEqual(['tok-1234', 'eu-key-5678']);
  });

  it('hides every leaf of a secret object, numbers as text', () => {
    const spec = { type: 'object', properties: { service_account: { type: 'object', airbyte_secret: true } } };

    expect(secretsFromConfig(spec, { service_account: { private_key: 'pk-abcdef', project_number: 1234567 } })).toEqual(['pk-abcdef', '1234567']);
  });

  it('ends on a $ref that points to itself', () => {
    const spec = { type: 'object', definitions: { loop: { $ref: '#/definitions/loop' } }, properties: { a: { $ref: '#/definitions/loop' } } };

    expect(secretsFromConfig(spec, { a: 'value' })).toEqual([]);
  });

  it('lists each value once', () => {
    const spec = { type: 'object', properties: { a: { type: 'string', airbyte_secret: true }, b: { type: 'string', airbyte_secret: true } } };

    expect(secretsFromConfig(spec, { a: 'same-secret', b: 'same-secret' })).toEqual(['same-secret']);
  });

  it('rejects a spec or config that is not an object with a clear error', () => {
    expect(() => secretsFromConfig(undefined, {})).toThrow("secretsFromConfig needs the spec's connectionSpecification (a JSON Schema object), got a undefined");
    expect(() => secretsFromConfig(hubspotSpec, ['x'])).toThrow('secretsFromConfig needs a connector config (a JSON object), got an array');
  });
});
