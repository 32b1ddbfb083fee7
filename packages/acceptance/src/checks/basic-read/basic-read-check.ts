import type { AirbyteMessage, AirbyteRecordMessage, ConfiguredAirbyteCatalog, ConfiguredAirbyteStream, RecordValidatorOptions } from '@nx-airbyte/protocol';
import { CappedFailures, type Failure } from '../failure';
import type { FieldPattern } from '../ignored-fields';
import type { RecordCheck } from '../record-check';
import { DataPointsCheck } from './data-points';
import { ExpectedRecordsCheck, type ExpectedRecordsByStream, type ExpectRecordsFlags } from './expected-records';
import { ExtraColumnsCheck } from './extra-columns';
import { PrimaryKeysCheck } from './primary-keys';
import { RecordStructureCheck } from './record-structure';
import { SchemaConformanceCheck } from './schema-conformance';

/** The inputs of basic_read, as the config file gives them (paths already read). */
export interface BasicReadOptions {
  catalog: ConfiguredAirbyteCatalog;
  /** Streams allowed to produce no record (empty_streams, by name). */
  emptyStreams?: readonly string[];
  /** validate_schema (default true): schema conformance and record structure. */
  validateSchema?: boolean;
  /** Options of the protocol package's record validator (date-time strictness, …). */
  recordValidator?: RecordValidatorOptions;
  /** validate_data_points (default false). */
  validateDataPoints?: boolean;
  /** fail_on_extra_columns (default true); applies only with validate_schema, as in CAT. */
  failOnExtraColumns?: boolean;
  /** validate_primary_keys_data_type (default true). */
  validatePrimaryKeysDataType?: boolean;
  /** expect_records: the expected records by stream and the flags. */
  expectRecords?: ExpectRecordsFlags & { records: ExpectedRecordsByStream };
  /** ignored_fields by stream, applied to expect_records comparisons. */
  ignoredFields?: ReadonlyMap<string, readonly FieldPattern[]>;
  /** Failures kept per stream and check (default 10); the rest are counted. */
  failuresPerStream?: number;
}

/** The parts of test_read, each reported separately so a report can say which one failed. */
export type BasicReadAspect =
  | 'records_read'
  | 'unknown_streams'
  | 'schema'
  | 'record_structure'
  | 'empty_streams'
  | 'primary_keys'
  | 'data_points'
  | 'extra_columns'
  | 'expected_records'
  | 'trace_errors';

export interface StreamReadCount {
  stream: string;
  records: number;
}

export interface BasicReadResult {
  /** Every failure, in the order of BasicReadAspect. */
  failures: Failure[];
  byAspect: Record<BasicReadAspect, Failure[]>;
  /** Records per configured stream (0 for empty ones), then any unknown stream that sent records. */
  streams: StreamReadCount[];
  stateMessages: number;
  traceErrors: number;
}

/**
 * test_read as a streaming accumulator: feed it every message of the read with `observe`, in
 * order, then call `finish` once. Each record is checked as it arrives and then forgotten; what
 * stays is counters, capped failures, the expected records and fingerprints of matches.
 */
export class BasicReadCheck {
  private readonly streams: Map<string, ConfiguredAirbyteStream>;
  private readonly recordCounts = new Map<string, number>();
  private readonly recordChecks: Array<[BasicReadAspect, RecordCheck]> = [];
  private readonly dataPoints?: DataPointsCheck;
  private readonly unknownStreams: CappedFailures;
  private readonly traceErrorFailures: CappedFailures;
  private stateMessages = 0;
  private traceErrors = 0;
  private finished = false;

  constructor(private readonly options: BasicReadOptions) {
    const configured = options.catalog.streams;
    this.streams = new Map(configured.map((stream) => [stream.stream.name, stream]));
    const perStream = options.failuresPerStream;
    const validateSchema = options.validateSchema ?? true;
    if (validateSchema) {
      this.recordChecks.push(['schema', new SchemaConformanceCheck(options.catalog, options.recordValidator, perStream)]);
      this.recordChecks.push(['record_structure', new RecordStructureCheck(configured, perStream)]);
    }
    this.recordChecks.push(['primary_keys', new PrimaryKeysCheck(configured, options.validatePrimaryKeysDataType ?? true, perStream)]);
    // as in CAT, extra columns are part of schema validation: validate_schema false turns them off too
    if (validateSchema && (options.failOnExtraColumns ?? true)) this.recordChecks.push(['extra_columns', new ExtraColumnsCheck(configured)]);
    if (options.expectRecords) {
      const { records, ...flags } = options.expectRecords;
      this.recordChecks.push(['expected_records', new ExpectedRecordsCheck({ ...flags, expected: records, ignoredFields: options.ignoredFields, failuresPerStream: perStream })]);
    }
    if (options.validateDataPoints) this.dataPoints = new DataPointsCheck(configured);
    this.unknownStreams = new CappedFailures(perStream);
    this.traceErrorFailures = new CappedFailures(perStream);
  }

  observe(message: AirbyteMessage): void {
    if (this.finished) throw new Error('BasicReadCheck: observe() after finish()');
    if (message.type === 'RECORD') this.observeRecord(message.record);
    else if (message.type === 'STATE') this.stateMessages += 1;
    else if (message.type === 'TRACE' && message.trace.type === 'ERROR') {
      this.traceErrors += 1;
      const stream = message.trace.error?.stream_descriptor?.name;
      this.traceErrorFailures.add({ message: `the connector reported an error during the read: ${message.trace.error?.message ?? '(no message)'}`, ...(stream ? { stream } : {}) });
    }
  }

  finish(): BasicReadResult {
    this.finished = true;
    const byAspect: Record<BasicReadAspect, Failure[]> = {
      records_read: this.totalRecords() === 0 ? [{ message: 'the read produced no record; at least one record is required' }] : [],
      unknown_streams: this.unknownStreams.list(),
      schema: [],
      record_structure: [],
      empty_streams: this.emptyStreamFailures(),
      primary_keys: [],
      data_points: this.dataPoints?.finishFor(this.streamsWithRecords()) ?? [],
      extra_columns: [],
      expected_records: [],
      trace_errors: this.traceErrorFailures.list(),
    };
    for (const [aspect, check] of this.recordChecks) byAspect[aspect] = check.finish();
    const order = Object.keys(byAspect) as BasicReadAspect[];
    return {
      failures: order.flatMap((aspect) => byAspect[aspect]),
      byAspect,
      streams: this.counts(),
      stateMessages: this.stateMessages,
      traceErrors: this.traceErrors,
    };
  }

  private observeRecord(record: AirbyteRecordMessage): void {
    const recordIndex = this.recordCounts.get(record.stream) ?? 0;
    this.recordCounts.set(record.stream, recordIndex + 1);
    if (!this.streams.has(record.stream)) {
      this.unknownStreams.add({ message: `stream '${record.stream}' record ${recordIndex + 1}: the configured catalog has no stream '${record.stream}'`, stream: record.stream, recordIndex });
      return;
    }
    for (const [, check] of this.recordChecks) check.observe(record, recordIndex);
    this.dataPoints?.observe(record);
  }

  private emptyStreamFailures(): Failure[] {
    const allowed = new Set(this.options.emptyStreams ?? []);
    return [...this.streams.keys()]
      .filter((name) => !this.recordCounts.has(name) && !allowed.has(name))
      .map((stream) => ({ message: `stream '${stream}' produced no record; list it under empty_streams if that is expected`, stream }));
  }

  private streamsWithRecords(): Set<string> {
    return new Set(this.recordCounts.keys());
  }

  private totalRecords(): number {
    let total = 0;
    for (const count of this.recordCounts.values()) total += count;
    return total;
  }

  private counts(): StreamReadCount[] {
    const configured = [...this.streams.keys()].map((stream) => ({ stream, records: this.recordCounts.get(stream) ?? 0 }));
    const unknown = [...this.recordCounts].filter(([stream]) => !this.streams.has(stream)).map(([stream, records]) => ({ stream, records }));
    return [...configured, ...unknown];
  }
}
