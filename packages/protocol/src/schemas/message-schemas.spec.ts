import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { validateMessage } from '../protocol-validation';
import type { JsonSchema } from '../messages';
import * as schemas from './index';
import { airbyteMessageSchema } from './message';

const EMITTED_AT = 1700000000000;
const streamDescriptor = { name: 'users', namespace: 'public' };
const usersStream = { name: 'users', json_schema: { type: 'object', properties: { id: { type: 'integer' } } }, supported_sync_modes: ['full_refresh', 'incremental'] };

/** A valid message of each kind, written as connectors print them. */
const VALID: Record<string, unknown> = {
  'RECORD with namespace, meta and unknown fields': {
    type: 'RECORD',
    record: { stream: 'users', namespace: 'public', data: { id: 1 }, emitted_at: EMITTED_AT, meta: { changes: [{ field: 'bio', change: 'TRUNCATED', reason: 'SOURCE_FIELD_SIZE_LIMITATION' }] }, extra: 1 },
    extra: true,
  },
  'STATE in the legacy shape (data only)': { type: 'STATE', state: { data: { users: { cursor: '2021-01-01' } } } },
  'STATE of one stream': { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: streamDescriptor, stream_state: { cursor: 5 } }, sourceStats: { recordCount: 10.0 } } },
  'STATE resetting a stream (null stream_state)': { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: 'users' }, stream_state: null } } },
  'GLOBAL STATE': { type: 'STATE', state: { type: 'GLOBAL', global: { shared_state: { lsn: 42 }, stream_states: [{ stream_descriptor: streamDescriptor }] } } },
  LOG: { type: 'LOG', log: { level: 'WARN', message: 'slow API', stack_trace: 'at x' } },
  SPEC: {
    type: 'SPEC',
    spec: {
      documentationUrl: 'https://docs.airbyte.com/integrations/sources/users',
      connectionSpecification: { type: 'object', required: ['api_key'], properties: { api_key: { type: 'string', airbyte_secret: true } } },
      supportsIncremental: true,
      supported_destination_sync_modes: ['append', 'overwrite', 'append_dedup'],
      advanced_auth: {
        auth_flow_type: 'oauth2.0',
        predicate_key: ['credentials', 'auth_type'],
        oauth_config_specification: { oauth_connector_input_specification: { consent_url: 'https://x/consent', access_token_url: 'https://x/token' } },
      },
    },
  },
  CONNECTION_STATUS: { type: 'CONNECTION_STATUS', connectionStatus: { status: 'FAILED', message: 'bad key' } },
  CATALOG: { type: 'CATALOG', catalog: { streams: [{ ...usersStream, source_defined_cursor: true, default_cursor_field: ['updated_at'], source_defined_primary_key: [['id']] }] } },
  'TRACE ERROR': { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1700000000000.5, error: { message: 'Boom', failure_type: 'config_error', stream_descriptor: streamDescriptor } } },
  'TRACE ESTIMATE': { type: 'TRACE', trace: { type: 'ESTIMATE', emitted_at: EMITTED_AT, estimate: { name: 'users', type: 'STREAM', row_estimate: 100 } } },
  'TRACE STREAM_STATUS': {
    type: 'TRACE',
    trace: { type: 'STREAM_STATUS', emitted_at: EMITTED_AT, stream_status: { stream_descriptor: streamDescriptor, status: 'INCOMPLETE', reasons: [{ type: 'RATE_LIMITED', rate_limited: { quota_reset: 5 } }] } },
  },
  'TRACE ANALYTICS': { type: 'TRACE', trace: { type: 'ANALYTICS', emitted_at: EMITTED_AT, analytics: { type: 'cursor-indexed', value: '2' } } },
  CONTROL: { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: EMITTED_AT, connectorConfig: { config: { refresh_token: 'new' } } } },
  DESTINATION_CATALOG: { type: 'DESTINATION_CATALOG', destination_catalog: { operations: [{ object_name: 'contacts', sync_mode: 'update', json_schema: {}, matching_keys: [['email']] }] } },
};

/** Invalid messages, each with every violation validateMessage must report. */
const INVALID: Array<[string, unknown, string[]]> = [
  ['RECORD without emitted_at', { type: 'RECORD', record: { stream: 'users', data: {} } }, ["RECORD message: /record must have required property 'emitted_at'"]],
  ['RECORD with a fractional emitted_at', { type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: 1.5 } }, ['RECORD message: /record/emitted_at must be integer (got number 1.5)']],
  ['RECORD whose data is an array', { type: 'RECORD', record: { stream: 'users', data: [1], emitted_at: 1 } }, ['RECORD message: /record/data must be object (got array [1])']],
  ['RECORD without its record payload', { type: 'RECORD', data: {} }, ["RECORD message: must have required property 'record'"]],
  [
    'RECORD with an unknown change reason',
    { type: 'RECORD', record: { stream: 'users', data: {}, emitted_at: 1, meta: { changes: [{ field: 'a', change: 'NULLED', reason: 'TOO_BIG' }] } } },
    [expect.stringMatching(/^RECORD message: \/record\/meta\/changes\/0\/reason must be one of "SOURCE_RECORD_SIZE_LIMITATION", .* \(got string "TOO_BIG"\)$/) as unknown as string],
  ],
  ['STREAM STATE without stream', { type: 'STATE', state: { type: 'STREAM', data: {} } }, ["STATE message: /state must have required property 'stream'"]],
  ['GLOBAL STATE without stream_states', { type: 'STATE', state: { type: 'GLOBAL', global: { shared_state: {} } } }, ["STATE message: /state/global must have required property 'stream_states'"]],
  ['STATE of an unknown type', { type: 'STATE', state: { type: 'PER_STREAM' } }, ['STATE message: /state/type must be one of "LEGACY", "STREAM", "GLOBAL" (got string "PER_STREAM")']],
  ['STATE whose stream descriptor has no name', { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: {} } } }, ["STATE message: /state/stream/stream_descriptor must have required property 'name'"]],
  ['STATE whose legacy data is a string', { type: 'STATE', state: { data: 'cursor' } }, ['STATE message: /state/data must be object or null (got string "cursor")']],
  ['LOG whose log is a plain string (the tutorial connector)', { type: 'LOG', log: 'hello' }, ['LOG message: /log must be object (got string "hello")']],
  ['LOG at an unknown level', { type: 'LOG', log: { level: 'WARNING', message: 'x' } }, ['LOG message: /log/level must be one of "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE" (got string "WARNING")']],
  ['LOG without message', { type: 'LOG', log: { level: 'INFO' } }, ["LOG message: /log must have required property 'message'"]],
  ['SPEC without connectionSpecification', { type: 'SPEC', spec: { documentationUrl: 'https://x.io' } }, ["SPEC message: /spec must have required property 'connectionSpecification'"]],
  ['SPEC whose documentationUrl is not a URI', { type: 'SPEC', spec: { connectionSpecification: {}, documentationUrl: 'docs page' } }, ['SPEC message: /spec/documentationUrl must match format "uri" (got string "docs page")']],
  [
    'SPEC with an unknown destination sync mode',
    { type: 'SPEC', spec: { connectionSpecification: {}, supported_destination_sync_modes: ['upsert'] } },
    [expect.stringMatching(/^SPEC message: \/spec\/supported_destination_sync_modes\/0 must be one of "append", .* \(got string "upsert"\)$/) as unknown as string],
  ],
  ['CONNECTION_STATUS with an unknown status', { type: 'CONNECTION_STATUS', connectionStatus: { status: 'OK' } }, ['CONNECTION_STATUS message: /connectionStatus/status must be one of "SUCCEEDED", "FAILED" (got string "OK")']],
  ['CONNECTION_STATUS in snake_case', { type: 'CONNECTION_STATUS', connection_status: { status: 'SUCCEEDED' } }, ["CONNECTION_STATUS message: must have required property 'connectionStatus'"]],
  ['CATALOG stream without sync modes', { type: 'CATALOG', catalog: { streams: [{ ...usersStream, supported_sync_modes: [] }] } }, ['CATALOG message: /catalog/streams/0/supported_sync_modes must NOT have fewer than 1 items (got array [])']],
  ['CATALOG stream without json_schema', { type: 'CATALOG', catalog: { streams: [{ name: 'users', supported_sync_modes: ['full_refresh'] }] } }, ["CATALOG message: /catalog/streams/0 must have required property 'json_schema'"]],
  ['CATALOG without streams', { type: 'CATALOG', catalog: {} }, ["CATALOG message: /catalog must have required property 'streams'"]],
  ['TRACE ERROR without its error', { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1 } }, ["TRACE message: /trace must have required property 'error'"]],
  ['TRACE without emitted_at', { type: 'TRACE', trace: { type: 'ANALYTICS', analytics: { type: 'x' } } }, ["TRACE message: /trace must have required property 'emitted_at'"]],
  [
    'TRACE ERROR with an unknown failure type',
    { type: 'TRACE', trace: { type: 'ERROR', emitted_at: 1, error: { message: 'x', failure_type: 'fatal' } } },
    ['TRACE message: /trace/error/failure_type must be one of "system_error", "config_error", "transient_error" (got string "fatal")'],
  ],
  [
    'TRACE STREAM_STATUS with an unknown status',
    { type: 'TRACE', trace: { type: 'STREAM_STATUS', emitted_at: 1, stream_status: { stream_descriptor: { name: 'a' }, status: 'DONE' } } },
    ['TRACE message: /trace/stream_status/status must be one of "STARTED", "RUNNING", "COMPLETE", "INCOMPLETE" (got string "DONE")'],
  ],
  [
    'TRACE ESTIMATE with a fractional row estimate',
    { type: 'TRACE', trace: { type: 'ESTIMATE', emitted_at: 1, estimate: { name: 'a', type: 'STREAM', row_estimate: 1.5 } } },
    ['TRACE message: /trace/estimate/row_estimate must be integer (got number 1.5)'],
  ],
  ['CONTROL without connectorConfig', { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: 1 } }, ["CONTROL message: /control must have required property 'connectorConfig'"]],
  ['CONTROL whose config is missing', { type: 'CONTROL', control: { type: 'CONNECTOR_CONFIG', emitted_at: 1, connectorConfig: {} } }, ["CONTROL message: /control/connectorConfig must have required property 'config'"]],
  [
    'DESTINATION_CATALOG operation without object_name',
    { type: 'DESTINATION_CATALOG', destination_catalog: { operations: [{ sync_mode: 'append', json_schema: {} }] } },
    ["DESTINATION_CATALOG message: /destination_catalog/operations/0 must have required property 'object_name'"],
  ],
  ['a JSON array', [{ type: 'RECORD' }], ['not a JSON object: must be object (got array [{"type":"RECORD"}])']],
  ['an object without type', { record: {} }, ["not a message: must have required property 'type'"]],
  ['an unknown type', { type: 'RECORDS' }, [expect.stringMatching(/^unknown message type: \/type must be one of RECORD, STATE, .* \(got string "RECORDS"\)$/) as unknown as string]],
];

describe('message schemas', () => {
  it.each(Object.entries(VALID))('accept a valid %s message', (_name, message) => {
    expect(validateMessage(message)).toEqual([]);
  });

  it.each(INVALID)('reject %s, saying where and why', (_name, message, expected) => {
    expect(validateMessage(message).map((violation) => violation.message)).toEqual(expected);
  });

  it('report every violation of a message at once', () => {
    const violations = validateMessage({ type: 'RECORD', record: { stream: 7, data: 'x', emitted_at: '1' } });
    expect(violations.map((violation) => violation.instancePath)).toEqual(['/record/stream', '/record/data', '/record/emitted_at']);
  });

  it('give each violation its keyword, expectation and the offending value', () => {
    expect(validateMessage({ type: 'LOG', log: { level: 'INFO', message: 5 } })).toEqual([
      {
        instancePath: '/log/message',
        schemaPath: '#/properties/log/properties/message/type',
        keyword: 'type',
        expected: 'must be string',
        actual: 'number 5',
        message: 'LOG message: /log/message must be string (got number 5)',
      },
    ]);
  });

  describe('as one exported draft-07 schema (airbyteMessageSchema)', () => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }), ['uri']);
    const validate = ajv.compile(airbyteMessageSchema);

    it.each(Object.entries(VALID))('accepts the valid %s message', (_name, message) => {
      expect(validate(message)).toBe(true);
    });

    it.each(INVALID)('rejects %s', (_name, message) => {
      expect(validate(message)).toBe(false);
    });
  });

  it('are all valid draft-07 schemas', () => {
    const metaValidator = new Ajv({ strict: false });
    const exported: Array<[string, JsonSchema]> = [];
    for (const [name, value] of Object.entries(schemas)) {
      if (name === 'PAYLOAD_SCHEMAS' || name === 'MESSAGE_SCHEMAS') {
        for (const [type, schema] of Object.entries(value as Record<string, JsonSchema>)) exported.push([`${name}.${type}`, schema]);
      } else {
        exported.push([name, value as JsonSchema]);
      }
    }
    const invalid = exported.filter(([, schema]) => !metaValidator.validateSchema(schema)).map(([name]) => name);
    expect(exported.length).toBeGreaterThan(20);
    expect(invalid).toEqual([]);
  });

  it('are frozen, so nobody can change what a compiled validator means', () => {
    expect(Object.isFrozen(airbyteMessageSchema)).toBe(true);
    expect(() => {
      (airbyteMessageSchema as { required: string[] }).required.push('record');
    }).toThrow(TypeError);
  });
});
