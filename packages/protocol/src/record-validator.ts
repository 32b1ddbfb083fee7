import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { checkCount, checkOptionsObject } from './argument-checks';
import { DATE_TIME_FORMAT_MODES, useDateTimeFormatMode, type DateTimeFormatMode } from './date-time-formats';
import type { AirbyteCatalog, AirbyteRecordMessage, AirbyteStream, ConfiguredAirbyteCatalog, ConfiguredAirbyteStream, JsonSchema } from './messages';
import { DEFAULT_VALUE_EXCERPT_LENGTH, describeValue, toViolations, type SchemaViolation } from './schema-violations';

/** Where a record was in the connector output; both parts are optional and 1-based. */
export interface RecordPosition {
  /** The record's number within its stream: 1 for the stream's first record. */
  recordNumber?: number;
  /** The line of the connector output the record came from. */
  line?: number;
}

interface RecordErrorBase extends RecordPosition {
  stream: string;
  namespace?: string;
  /** One line for people: `stream 'users' record 12 (line 40): /created_at must match format "date-time" (got string "2021-13-01")`. */
  message: string;
}

/** A record that breaks its stream's schema; one error per failed keyword. `instancePath` points into `record.data`. */
export type InvalidRecordError = RecordErrorBase & Omit<SchemaViolation, 'message'> & { kind: 'invalid-record' };
/** A record of a stream the catalog does not list. */
export type UnknownStreamError = RecordErrorBase & { kind: 'unknown-stream' };
/** A record that could not be checked because its stream's `json_schema` does not compile. */
export type InvalidSchemaError = RecordErrorBase & { kind: 'invalid-schema'; problem: string };

export type RecordValidationError = InvalidRecordError | UnknownStreamError | InvalidSchemaError;

/** A stream schema that does not compile, found by `checkSchemas()`. */
export interface StreamSchemaProblem {
  stream: string;
  namespace?: string;
  /** What is wrong with the schema. */
  problem: string;
  /** `stream 'users': json_schema does not compile: ...` */
  message: string;
}

export interface RecordValidatorOptions {
  /** How `format: date-time` and `format: time` are checked. Default: `lenient` (see DateTimeFormatMode). */
  dateTimeFormat?: DateTimeFormatMode;
  /** Errors kept for one record (ajv runs with `allErrors`); the rest are dropped. Default: 10. */
  maxErrorsPerRecord?: number;
  /** Characters of an offending value shown in an error. Default: 60. */
  valueExcerptLength?: number;
}

export const DEFAULT_MAX_ERRORS_PER_RECORD = 10;

// Shared by every valid record, so the common case allocates nothing.
const NO_ERRORS: readonly RecordValidationError[] = Object.freeze([]);

/** A catalog (configured or discovered) or its list of streams. */
export type StreamCatalog = ConfiguredAirbyteCatalog | AirbyteCatalog | ReadonlyArray<AirbyteStream | ConfiguredAirbyteStream>;

export interface RecordValidator {
  /** Checks one record against its stream's schema (compiled on the stream's first record, then reused). Empty: valid. */
  validate(record: AirbyteRecordMessage, position?: RecordPosition): readonly RecordValidationError[];
  /** Compiles every stream's schema now and lists those that do not compile. */
  checkSchemas(): StreamSchemaProblem[];
  /** The streams this validator knows, as `namespace.name` or `name`. */
  readonly streamNames: readonly string[];
}

interface StreamEntry {
  name: string;
  namespace?: string;
  label: string;
  jsonSchema: JsonSchema;
  validate?: ValidateFunction;
  problem?: string;
}

/**
 * Validates records against their streams' JSON schemas (draft-07, ajv with `allErrors` and
 * ajv-formats). Airbyte's own keywords (airbyte_type, airbyte_secret, order, ...) and any other
 * unknown keyword or format are ignored, as Python's jsonschema did for the acceptance tests.
 * Records find their stream by namespace and name, else by name alone when only one stream has it.
 */
export function createRecordValidator(catalog: StreamCatalog, options: RecordValidatorOptions = {}): RecordValidator {
  const streams = streamsOf(catalog);
  const settings = checkOptions(options);
  const byKey = new Map<string, StreamEntry>();
  const byName = new Map<string, StreamEntry | 'ambiguous'>();
  streams.forEach((stream, index) => {
    const entry = toEntry(stream, index);
    const key = streamKey(entry.name, entry.namespace);
    if (byKey.has(key)) throw new TypeError(`createRecordValidator: the catalog lists stream '${entry.label}' twice (streams[${index}]); stream names must be unique per namespace`);
    byKey.set(key, entry);
    byName.set(entry.name, byName.has(entry.name) ? 'ambiguous' : entry);
  });
  let ajv: Ajv | undefined;

  function compile(entry: StreamEntry): void {
    if (entry.validate || entry.problem !== undefined) return;
    ajv ??= recordAjv(settings.dateTimeFormat);
    const schema = asDraft07(entry.jsonSchema);
    try {
      if (!ajv.validateSchema(schema)) {
        const reasons = toViolations(ajv.errors ?? [], 'json_schema').map((violation) => violation.message);
        entry.problem = `json_schema is not a valid draft-07 schema: ${reasons.slice(0, 3).join('; ')}`;
        return;
      }
      entry.validate = ajv.compile(schema);
    } catch (error) {
      entry.problem = `json_schema does not compile: ${(error as Error).message}`;
    }
  }

  function find(record: AirbyteRecordMessage): StreamEntry | undefined {
    const exact = byKey.get(streamKey(record.stream, record.namespace));
    if (exact) return exact;
    const sameName = byName.get(record.stream);
    return sameName === 'ambiguous' ? undefined : sameName;
  }

  return {
    streamNames: [...byKey.values()].map((entry) => entry.label),
    validate(record, position = {}) {
      checkRecord(record, position);
      const entry = find(record);
      if (entry) compile(entry);
      if (entry?.validate?.(record.data)) return NO_ERRORS;
      // Only failures pay for words.
      const where = describePosition(labelOf(record.stream, record.namespace), position);
      const base = { stream: record.stream, ...(record.namespace === undefined ? {} : { namespace: record.namespace }), ...position };
      if (!entry) return [{ ...base, kind: 'unknown-stream', message: `${where}: the catalog has no stream '${labelOf(record.stream, record.namespace)}'` }];
      if (!entry.validate) {
        const problem = entry.problem ?? 'json_schema does not compile';
        return [{ ...base, kind: 'invalid-schema', problem, message: `${where}: not validated, ${problem}` }];
      }
      const errors = (entry.validate.errors ?? []).slice(0, settings.maxErrorsPerRecord);
      return toViolations(errors, 'data', settings.valueExcerptLength).map(
        ({ message, ...violation }): InvalidRecordError => ({ ...base, ...violation, kind: 'invalid-record', message: `${where}: ${message}` }),
      );
    },
    checkSchemas() {
      const problems: StreamSchemaProblem[] = [];
      for (const entry of byKey.values()) {
        compile(entry);
        if (entry.problem !== undefined) {
          problems.push({ stream: entry.name, ...(entry.namespace === undefined ? {} : { namespace: entry.namespace }), problem: entry.problem, message: `stream '${entry.label}': ${entry.problem}` });
        }
      }
      return problems;
    },
  };
}

/** One ajv per validator, so that compiled schemas live and die with it. */
function recordAjv(dateTimeFormat: DateTimeFormatMode): Ajv {
  // strict: false lets Airbyte's keywords and unknown formats through; non-unicode regexps accept patterns
  // written for Python; compile() checks each schema against draft-07 itself, so ajv need not do it again.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, logger: false, unicodeRegExp: false, validateSchema: false });
  addFormats(ajv, { mode: 'full', keywords: false });
  useDateTimeFormatMode(ajv, dateTimeFormat);
  return ajv;
}

// Every stream schema is read as draft-07, as the acceptance tests did, whatever its `$schema` says;
// a top-level `$id` is dropped so that two streams may share one.
function asDraft07(schema: JsonSchema): JsonSchema {
  if (!('$schema' in schema) && !('$id' in schema)) return schema;
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function streamsOf(catalog: StreamCatalog): ReadonlyArray<AirbyteStream | ConfiguredAirbyteStream> {
  if (Array.isArray(catalog)) return catalog;
  if (typeof catalog === 'object' && catalog !== null && Array.isArray((catalog as { streams?: unknown }).streams)) {
    return (catalog as { streams: ReadonlyArray<AirbyteStream | ConfiguredAirbyteStream> }).streams;
  }
  throw new TypeError(`createRecordValidator: expected a catalog ({"streams": [...]}) or an array of streams, got ${describeValue(catalog)}`);
}

function toEntry(item: AirbyteStream | ConfiguredAirbyteStream, index: number): StreamEntry {
  const stream = isConfigured(item) ? item.stream : item;
  const where = isConfigured(item) ? `streams[${index}].stream` : `streams[${index}]`;
  if (typeof stream !== 'object' || stream === null) throw new TypeError(`createRecordValidator: ${where} must be an AirbyteStream object, got ${describeValue(stream)}`);
  if (typeof stream.name !== 'string' || stream.name === '') throw new TypeError(`createRecordValidator: ${where}.name must be a non-empty string, got ${describeValue(stream.name)}`);
  if (stream.namespace !== undefined && typeof stream.namespace !== 'string') {
    throw new TypeError(`createRecordValidator: ${where}.namespace must be a string, got ${describeValue(stream.namespace)}`);
  }
  const jsonSchema: unknown = stream.json_schema;
  if (typeof jsonSchema !== 'object' || jsonSchema === null || Array.isArray(jsonSchema)) {
    throw new TypeError(`createRecordValidator: ${where}.json_schema of stream '${stream.name}' must be a JSON Schema object, got ${describeValue(jsonSchema)}`);
  }
  return { name: stream.name, namespace: stream.namespace, label: labelOf(stream.name, stream.namespace), jsonSchema: jsonSchema as JsonSchema };
}

function isConfigured(item: AirbyteStream | ConfiguredAirbyteStream): item is ConfiguredAirbyteStream {
  return typeof item === 'object' && item !== null && typeof (item as { stream?: unknown }).stream === 'object';
}

function checkOptions(options: RecordValidatorOptions): Required<RecordValidatorOptions> {
  checkOptionsObject('createRecordValidator', options);
  const dateTimeFormat = options.dateTimeFormat ?? 'lenient';
  if (!DATE_TIME_FORMAT_MODES.includes(dateTimeFormat)) {
    throw new TypeError(`createRecordValidator: options.dateTimeFormat must be one of ${DATE_TIME_FORMAT_MODES.join(', ')}, got ${describeValue(dateTimeFormat)}`);
  }
  return {
    dateTimeFormat,
    maxErrorsPerRecord: checkCount('createRecordValidator: options.maxErrorsPerRecord', options.maxErrorsPerRecord, DEFAULT_MAX_ERRORS_PER_RECORD, 1),
    valueExcerptLength: checkCount('createRecordValidator: options.valueExcerptLength', options.valueExcerptLength, DEFAULT_VALUE_EXCERPT_LENGTH, 1),
  };
}

function checkRecord(record: AirbyteRecordMessage, position: RecordPosition): void {
  if (typeof record !== 'object' || record === null || typeof record.stream !== 'string') {
    throw new TypeError(`RecordValidator.validate: expected an AirbyteRecordMessage with a string 'stream', got ${describeValue(record)}`);
  }
  const data: unknown = record.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError(`RecordValidator.validate: record of stream '${record.stream}' has no object 'data' (got ${describeValue(data)}); check messages with checkMessage first`);
  }
  if (typeof position !== 'object' || position === null) throw new TypeError(`RecordValidator.validate: position must be {recordNumber?, line?}, got ${describeValue(position)}`);
}

function streamKey(name: string, namespace: string | undefined): string {
  return namespace === undefined ? name : `${namespace}\u0000${name}`;
}

function labelOf(name: string, namespace: string | undefined): string {
  return namespace === undefined ? name : `${namespace}.${name}`;
}

function describePosition(label: string, position: RecordPosition): string {
  const record = position.recordNumber === undefined ? '' : ` record ${position.recordNumber}`;
  const line = position.line === undefined ? '' : ` (line ${position.line})`;
  return `stream '${label}'${record}${line}`;
}
