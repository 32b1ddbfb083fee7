import { checkCount, checkOptionsObject } from './argument-checks';
import type { ReadItem } from './reader';
import { takeUnstartedBatches } from './reader-handoff';
import { createRecordValidator, type RecordValidationError, type RecordValidator, type RecordValidatorOptions, type StreamCatalog } from './record-validator';
import { describeValue } from './schema-violations';

export interface ValidateRecordsOptions extends RecordValidatorOptions {
  /** Errors kept in the summary; later ones are only counted. Default: 100. */
  maxErrors?: number;
}

export const DEFAULT_MAX_ERRORS = 100;

export interface StreamRecordCounts {
  stream: string;
  namespace?: string;
  records: number;
  /** Records with at least one schema violation. */
  invalidRecords: number;
  /** Records not checked: the catalog lacks their stream, or its schema does not compile. */
  uncheckedRecords: number;
}

export interface RecordValidationSummary {
  /** RECORD messages seen. */
  records: number;
  invalidRecords: number;
  uncheckedRecords: number;
  /** Per stream, in the order streams first appeared in the output. */
  streams: StreamRecordCounts[];
  /**
   * The first `maxErrors` errors, in output order. An unknown stream or a schema that does not
   * compile is reported once, on its stream's first record; its records are counted as unchecked.
   */
  errors: RecordValidationError[];
  /** Errors counted but not kept because of `maxErrors`. */
  omittedErrors: number;
}

/**
 * Streams connector output (items from `readMessages`) through record validation and keeps only
 * counters and the first errors, never the records. Non-RECORD messages and diagnostics pass by.
 * Give it a catalog, or a validator from `createRecordValidator` to reuse compiled schemas.
 * It consumes `items`; given `readMessages(...)` that nobody has started, it reads that reader's
 * chunks of items directly, which is faster and gives the same result.
 */
export async function validateRecords(
  items: AsyncIterable<ReadItem> | Iterable<ReadItem>,
  catalog: StreamCatalog | RecordValidator,
  options: ValidateRecordsOptions = {},
): Promise<RecordValidationSummary> {
  if (typeof items !== 'object' || items === null || !(Symbol.asyncIterator in items || Symbol.iterator in items)) {
    throw new TypeError(`validateRecords: items must be an (async) iterable of ReadItem, e.g. readMessages(stdout); got ${describeValue(items)}`);
  }
  checkOptionsObject('validateRecords', options);
  const { maxErrors: maxErrorsOption, ...validatorOptions } = options;
  const maxErrors = checkCount('validateRecords: options.maxErrors', maxErrorsOption, DEFAULT_MAX_ERRORS, 0);
  const validator = isRecordValidator(catalog) ? catalog : createRecordValidator(catalog, validatorOptions);

  const summary: RecordValidationSummary = { records: 0, invalidRecords: 0, uncheckedRecords: 0, streams: [], errors: [], omittedErrors: 0 };
  const countsByStream = new Map<string, StreamRecordCounts>();
  const keep = (error: RecordValidationError): void => {
    if (summary.errors.length < maxErrors) summary.errors.push(error);
    else summary.omittedErrors += 1;
  };

  const check = (item: ReadItem): void => {
    if (item.type !== 'message' || item.message.type !== 'RECORD') return;
    const record = item.message.record;
    const key = record.namespace === undefined ? record.stream : `${record.namespace}\u0000${record.stream}`;
    let counts = countsByStream.get(key);
    if (!counts) {
      counts = { stream: record.stream, ...(record.namespace === undefined ? {} : { namespace: record.namespace }), records: 0, invalidRecords: 0, uncheckedRecords: 0 };
      countsByStream.set(key, counts);
      summary.streams.push(counts);
    }
    counts.records += 1;
    summary.records += 1;
    const errors = validator.validate(record, { recordNumber: counts.records, line: item.line });
    if (errors.length === 0) return;
    if (errors[0].kind === 'invalid-record') {
      counts.invalidRecords += 1;
      summary.invalidRecords += 1;
      errors.forEach(keep);
    } else {
      counts.uncheckedRecords += 1;
      summary.uncheckedRecords += 1;
      if (counts.uncheckedRecords === 1) keep(errors[0]);
    }
  };

  // Straight from readMessages()? Then one await per chunk instead of one per line.
  const batches = takeUnstartedBatches(items);
  if (batches) {
    for await (const batch of batches) batch.forEach(check);
  } else {
    for await (const item of items) check(item);
  }
  return summary;
}

function isRecordValidator(value: StreamCatalog | RecordValidator): value is RecordValidator {
  return typeof value === 'object' && value !== null && typeof (value as { validate?: unknown }).validate === 'function';
}
