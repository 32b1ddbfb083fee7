import type { AirbyteRecordMessage, AirbyteStream, JsonSchema } from './messages';
import { createRecordValidator, type RecordValidatorOptions, type StreamCatalog } from './record-validator';

function stream(name: string, json_schema: JsonSchema, namespace?: string): AirbyteStream {
  return { name, json_schema, supported_sync_modes: ['full_refresh'], ...(namespace === undefined ? {} : { namespace }) };
}

function record(streamName: string, data: Record<string, unknown>, namespace?: string): AirbyteRecordMessage {
  return { stream: streamName, data: data as AirbyteRecordMessage['data'], emitted_at: 1700000000000, ...(namespace === undefined ? {} : { namespace }) };
}

/** The users schema as a Python CDK connector writes it: nullable unions, nested objects, formats, Airbyte keywords. */
const USERS_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'integer', airbyte_type: 'big_integer' },
    name: { type: ['null', 'string'] },
    score: { type: ['null', 'number'] },
    active: { type: 'boolean' },
    status: { type: 'string', enum: ['active', 'suspended'] },
    email: { type: ['null', 'string'], format: 'email' },
    birthday: { type: ['null', 'string'], format: 'date' },
    created_at: { type: 'string', format: 'date-time', airbyte_type: 'timestamp_with_timezone' },
    opens_at: { type: ['null', 'string'], format: 'time', airbyte_type: 'time_without_timezone' },
    tags: { type: ['null', 'array'], items: { type: 'string' } },
    address: {
      type: ['null', 'object'],
      properties: { city: { type: 'string' }, geo: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } }, required: ['lat', 'lng'] } },
    },
    api_key: { type: 'string', airbyte_secret: true, order: 1, always_show: true, airbyte_hidden: false, group: 'auth', display_type: 'dropdown', examples: ['k'], multiline: false, pattern_descriptor: 'KEY' },
  },
};

const validUser = {
  id: 1,
  name: null,
  score: 4.5,
  active: true,
  status: 'active',
  email: 'ada@example.com',
  birthday: '1815-12-10',
  created_at: '2021-01-01T00:00:00Z',
  opens_at: '09:00:00',
  tags: ['a', 'b'],
  address: { city: 'London', geo: { lat: 51.5, lng: -0.1 } },
  api_key: 'k',
};

function usersValidator(options?: RecordValidatorOptions) {
  return createRecordValidator([stream('users', USERS_SCHEMA)], options);
}

function messagesFor(data: Record<string, unknown>, options?: RecordValidatorOptions): string[] {
  return usersValidator(options)
    .validate(record('users', data))
    .map((error) => error.message);
}

describe('createRecordValidator', () => {
  describe('types', () => {
    it('accepts a record that matches its schema, Airbyte keywords included', () => {
      expect(usersValidator().validate(record('users', validUser))).toEqual([]);
    });

    it('rejects a value of the wrong type', () => {
      expect(messagesFor({ ...validUser, active: 'yes' })).toEqual([`stream 'users': /active must be boolean (got string "yes")`]);
    });

    it('rejects a fractional number where an integer is declared', () => {
      expect(messagesFor({ ...validUser, id: 1.5 })).toEqual([`stream 'users': /id must be integer (got number 1.5)`]);
    });

    it('accepts null and the other type of a nullable union, and rejects a third type', () => {
      expect(messagesFor({ ...validUser, score: null })).toEqual([]);
      expect(messagesFor({ ...validUser, score: 3 })).toEqual([]);
      expect(messagesFor({ ...validUser, score: '3' })).toEqual([`stream 'users': /score must be null or number (got string "3")`]);
    });

    it('rejects a missing required field', () => {
      const { id: _id, ...withoutId } = validUser;
      expect(messagesFor(withoutId)).toEqual([`stream 'users': data must have required property 'id'`]);
    });

    it('rejects a value outside an enum and lists the allowed ones', () => {
      expect(messagesFor({ ...validUser, status: 'deleted' })).toEqual([`stream 'users': /status must be one of "active", "suspended" (got string "deleted")`]);
    });

    it('checks array items', () => {
      expect(messagesFor({ ...validUser, tags: ['a', 2] })).toEqual([`stream 'users': /tags/1 must be string (got number 2)`]);
    });

    it('checks nested objects and points at the nested field', () => {
      expect(messagesFor({ ...validUser, address: { city: 'London', geo: { lat: '51.5' } } })).toEqual([
        `stream 'users': /address/geo must have required property 'lng'`,
        `stream 'users': /address/geo/lat must be number (got string "51.5")`,
      ]);
    });

    it('accepts fields the schema does not declare', () => {
      expect(messagesFor({ ...validUser, extra_column: { anything: true } })).toEqual([]);
    });

    it('reports every violation of a record (allErrors)', () => {
      expect(messagesFor({ ...validUser, id: 'x', active: 1, tags: 'a' })).toHaveLength(3);
    });

    it('keeps at most maxErrorsPerRecord errors of one record', () => {
      const schema = { type: 'object', properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, { type: 'integer' }])) };
      const data = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x']));
      const validator = createRecordValidator([stream('wide', schema)], { maxErrorsPerRecord: 5 });
      expect(validator.validate(record('wide', data))).toHaveLength(5);
    });

    it('describes a failed anyOf by what each alternative wanted', () => {
      const schema = { type: 'object', properties: { id: { anyOf: [{ type: 'string' }, { type: 'integer' }] } } };
      const validator = createRecordValidator([stream('ids', schema)]);
      expect(validator.validate(record('ids', { id: true })).map((error) => error.message)).toEqual([
        `stream 'ids': /id must match a schema in anyOf: must be string | must be integer (got boolean true)`,
      ]);
    });
  });

  describe('formats', () => {
    it.each(['2021-01-01T00:00:00Z', '2021-01-01T00:00:00', '2021-01-01 00:00:00', '2021-01-01T00:00:00.123+05:30'])('accepts date-time %s in lenient mode (the default)', (value) => {
      expect(messagesFor({ ...validUser, created_at: value })).toEqual([]);
    });

    it.each(['2021-13-01T00:00:00Z', '2021-01-01', 'yesterday'])('rejects date-time %s in lenient mode', (value) => {
      expect(messagesFor({ ...validUser, created_at: value })).toEqual([`stream 'users': /created_at must match format "date-time" (got string "${value}")`]);
    });

    it('requires an RFC 3339 zone in strict mode', () => {
      const zonedUser = { ...validUser, opens_at: '09:00:00Z' };
      expect(messagesFor({ ...zonedUser, created_at: '2021-01-01T00:00:00Z' }, { dateTimeFormat: 'strict' })).toEqual([]);
      expect(messagesFor({ ...zonedUser, created_at: '2021-01-01T00:00:00' }, { dateTimeFormat: 'strict' })).toEqual([
        `stream 'users': /created_at must match format "date-time" (got string "2021-01-01T00:00:00")`,
      ]);
    });

    it('accepts a time without zone in lenient mode and requires one in strict mode', () => {
      expect(messagesFor({ ...validUser, opens_at: '09:00:00' })).toEqual([]);
      expect(messagesFor({ ...validUser, opens_at: '09:00:00' }, { dateTimeFormat: 'strict' })).toEqual([`stream 'users': /opens_at must match format "time" (got string "09:00:00")`]);
    });

    it('checks date and email formats', () => {
      expect(messagesFor({ ...validUser, birthday: '1815-02-30', email: 'not-an-email' })).toEqual([
        `stream 'users': /email must match format "email" (got string "not-an-email")`,
        `stream 'users': /birthday must match format "date" (got string "1815-02-30")`,
      ]);
    });

    it('applies formats to strings only, so null passes a nullable date-time', () => {
      const schema = { type: 'object', properties: { updated_at: { type: ['null', 'string'], format: 'date-time' } } };
      expect(createRecordValidator([stream('s', schema)]).validate(record('s', { updated_at: null }))).toEqual([]);
    });

    it('ignores formats it does not know, as Python jsonschema does', () => {
      const schema = { type: 'object', properties: { amount: { type: 'string', format: 'decimal' } } };
      expect(createRecordValidator([stream('s', schema)]).validate(record('s', { amount: 'anything' }))).toEqual([]);
    });
  });

  describe('error contents', () => {
    it('names the stream, the record number, the line, the pointer, the expectation and the actual value', () => {
      const [error] = usersValidator().validate(record('users', { ...validUser, created_at: '2021-01-01T25:00:00Z' }), { recordNumber: 12, line: 40 });
      expect(error).toEqual({
        kind: 'invalid-record',
        stream: 'users',
        recordNumber: 12,
        line: 40,
        instancePath: '/created_at',
        schemaPath: '#/properties/created_at/format',
        keyword: 'format',
        expected: 'must match format "date-time"',
        actual: 'string "2021-01-01T25:00:00Z"',
        message: `stream 'users' record 12 (line 40): /created_at must match format "date-time" (got string "2021-01-01T25:00:00Z")`,
      });
    });

    it('shortens a long actual value to valueExcerptLength', () => {
      const [error] = usersValidator({ valueExcerptLength: 10 }).validate(record('users', { ...validUser, id: 'abcdefghijklmnop' }));
      expect(error.kind === 'invalid-record' && error.actual).toBe('string "abcdefghij…"');
    });

    it('names the namespace of a namespaced stream', () => {
      const validator = createRecordValidator([stream('users', USERS_SCHEMA, 'public')]);
      const [error] = validator.validate(record('users', { ...validUser, id: 'x' }, 'public'), { recordNumber: 1 });
      expect(error).toEqual(expect.objectContaining({ stream: 'users', namespace: 'public', message: `stream 'public.users' record 1: /id must be integer (got string "x")` }));
    });
  });

  describe('streams', () => {
    it('takes a configured catalog, a discovered catalog or a list of streams', () => {
      const configured = { streams: [{ stream: stream('users', USERS_SCHEMA), sync_mode: 'full_refresh' as const, destination_sync_mode: 'append' as const }] };
      for (const catalog of [configured, { streams: [stream('users', USERS_SCHEMA)] }, [stream('users', USERS_SCHEMA)]] as StreamCatalog[]) {
        expect(createRecordValidator(catalog).validate(record('users', { ...validUser, id: 'x' }))).toHaveLength(1);
      }
    });

    it('tells streams of the same name apart by namespace', () => {
      const validator = createRecordValidator([stream('items', { properties: { v: { type: 'string' } } }, 'a'), stream('items', { properties: { v: { type: 'integer' } } }, 'b')]);
      expect(validator.validate(record('items', { v: 'x' }, 'a'))).toEqual([]);
      expect(validator.validate(record('items', { v: 'x' }, 'b'))).toHaveLength(1);
      expect(validator.streamNames).toEqual(['a.items', 'b.items']);
    });

    it('finds the only stream of a name when the record and the catalog disagree on the namespace', () => {
      const validator = createRecordValidator([stream('users', USERS_SCHEMA, 'public')]);
      expect(validator.validate(record('users', { ...validUser, id: 'x' }))).toEqual([expect.objectContaining({ kind: 'invalid-record', instancePath: '/id' })]);
    });

    it('reports a record of a stream the catalog does not list', () => {
      expect(usersValidator().validate(record('orders', { id: 1 }), { recordNumber: 1, line: 3 })).toEqual([
        { kind: 'unknown-stream', stream: 'orders', recordNumber: 1, line: 3, message: `stream 'orders' record 1 (line 3): the catalog has no stream 'orders'` },
      ]);
    });

    it('reads every stream schema as draft-07, whatever its $schema says, and lets two streams share an $id', () => {
      const schema = { $schema: 'http://json-schema.org/draft-04/schema#', $id: 'shared', type: 'object', properties: { id: { type: 'integer' } } };
      const validator = createRecordValidator([stream('a', schema), stream('b', schema)]);
      expect(validator.validate(record('a', { id: 'x' }))).toHaveLength(1);
      expect(validator.validate(record('b', { id: 1 }))).toEqual([]);
    });

    it('resolves local $ref definitions', () => {
      const schema = { type: 'object', definitions: { money: { type: 'number' } }, properties: { price: { $ref: '#/definitions/money' } } };
      expect(createRecordValidator([stream('s', schema)]).validate(record('s', { price: 'ten' }))).toEqual([expect.objectContaining({ kind: 'invalid-record', instancePath: '/price' })]);
    });

    it('accepts patterns written for Python regular expressions', () => {
      const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]\\-\\d+$' } } };
      const validator = createRecordValidator([stream('s', schema)]);
      expect(validator.validate(record('s', { code: 'A-1' }))).toEqual([]);
      expect(validator.validate(record('s', { code: 'a1' }))).toHaveLength(1);
    });
  });

  describe('schemas that do not compile', () => {
    const catalog = [stream('users', USERS_SCHEMA), stream('broken', { type: 'object', properties: { at: { type: 'datetime' } } }), stream('remote', { $ref: 'https://example.com/s.json' })];

    it('reports the stream and the schema problem instead of throwing', () => {
      const [error] = createRecordValidator(catalog).validate(record('broken', { at: 'x' }), { recordNumber: 1, line: 2 });
      expect(error).toEqual(
        expect.objectContaining({
          kind: 'invalid-schema',
          stream: 'broken',
          problem: expect.stringMatching(/^json_schema is not a valid draft-07 schema: \/properties\/at\/type must be one of "array", .* \(got string "datetime"\)/),
          message: expect.stringMatching(/^stream 'broken' record 1 \(line 2\): not validated, json_schema is not a valid draft-07 schema: /),
        }),
      );
    });

    it('reports an unresolvable $ref as a schema that does not compile', () => {
      const [error] = createRecordValidator(catalog).validate(record('remote', {}));
      expect(error).toEqual(expect.objectContaining({ kind: 'invalid-schema', problem: expect.stringMatching(/^json_schema does not compile: can't resolve reference https:\/\/example.com\/s.json/) }));
    });

    it('still validates the other streams', () => {
      const validator = createRecordValidator(catalog);
      validator.validate(record('broken', {}));
      expect(validator.validate(record('users', { ...validUser, id: 'x' }))).toEqual([expect.objectContaining({ kind: 'invalid-record' })]);
    });

    it('lists every schema that does not compile on checkSchemas()', () => {
      expect(createRecordValidator(catalog).checkSchemas().map((problem) => problem.stream)).toEqual(['broken', 'remote']);
    });
  });

  describe('bad input', () => {
    it('rejects something that is not a catalog', () => {
      expect(() => createRecordValidator(null as unknown as StreamCatalog)).toThrow(new TypeError('createRecordValidator: expected a catalog ({"streams": [...]}) or an array of streams, got null'));
    });

    it('rejects a stream without a name or a schema, saying which one', () => {
      expect(() => createRecordValidator([{ json_schema: {} } as unknown as AirbyteStream])).toThrow(new TypeError('createRecordValidator: streams[0].name must be a non-empty string, got nothing'));
      expect(() => createRecordValidator({ streams: [{ stream: { name: 'users', json_schema: 'x' } }] } as unknown as StreamCatalog)).toThrow(
        new TypeError(`createRecordValidator: streams[0].stream.json_schema of stream 'users' must be a JSON Schema object, got string "x"`),
      );
    });

    it('rejects a catalog that lists a stream twice', () => {
      expect(() => createRecordValidator([stream('users', {}), stream('users', {})])).toThrow(/lists stream 'users' twice \(streams\[1\]\)/);
    });

    it('rejects unknown options', () => {
      expect(() => usersValidator({ dateTimeFormat: 'loose' as 'strict' })).toThrow(new TypeError('createRecordValidator: options.dateTimeFormat must be one of lenient, strict, got string "loose"'));
      expect(() => usersValidator({ maxErrorsPerRecord: 0 })).toThrow(/options.maxErrorsPerRecord must be an integer of at least 1, got number 0/);
    });

    it('rejects a record without data, pointing at checkMessage', () => {
      expect(() => usersValidator().validate({ stream: 'users' } as AirbyteRecordMessage)).toThrow(
        new TypeError(`RecordValidator.validate: record of stream 'users' has no object 'data' (got nothing); check messages with checkMessage first`),
      );
      expect(() => usersValidator().validate(undefined as unknown as AirbyteRecordMessage)).toThrow(/expected an AirbyteRecordMessage with a string 'stream', got nothing/);
    });
  });
});
