import type { AirbyteRecordMessage, JsonObject, JsonValue } from '@nx-airbyte/protocol';
import { isStrictDateTime } from '@nx-airbyte/protocol';
import { describeDifferences, diffJson } from '../checks/json-diff';
import { isJsonObject } from '../checks/json-value';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../checks/record-hash';
import type { Failure } from '../report/test-result';
import { streamKey, streamLabel, type DataSetStream } from './data-sets';

/*
 * The read-back contract: every stored record is a JSON object, either Airbyte's raw row
 * (`{"_airbyte_ab_id", "_airbyte_emitted_at", "_airbyte_data": {...}}`, `_airbyte_data` possibly JSON text)
 * or the record's fields themselves. Keys starting with `_airbyte_` are the destination's bookkeeping and
 * are never compared; neither is `emitted_at`.
 */

const BOOKKEEPING_PREFIX = '_airbyte_';
const DATA_KEY = '_airbyte_data';
/** How many records of each stream keep their value (for diffs in failures); beyond it only fingerprints. */
const VALUES_KEPT_PER_STREAM = 1000;
/** Larger records keep only their fingerprint: a very big record is not held a second time for a diff. */
const VALUE_KEPT_MAX_LENGTH = 64 * 1024;
const FAILURES_LISTED = 10;
const EXCERPT_LENGTH = 200;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The record data a stored row holds, or why it holds none. */
export function recordDataOfRow(row: unknown): { data: JsonObject } | { problem: string } {
  if (!isJsonObject(row)) return { problem: `a stored record must be a JSON object, got ${Array.isArray(row) ? 'an array' : row === null ? 'null' : `a ${typeof row}`}` };
  if (Object.prototype.hasOwnProperty.call(row, DATA_KEY)) {
    let data: unknown = row[DATA_KEY];
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        return { problem: `${DATA_KEY} is text that is not JSON` };
      }
    }
    if (!isJsonObject(data)) return { problem: `${DATA_KEY} must be the record's data, a JSON object` };
    return { data };
  }
  return { data: Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith(BOOKKEEPING_PREFIX))) };
}

function schemaTypes(schema: unknown): Set<string> | undefined {
  if (!isJsonObject(schema)) return undefined;
  const type = schema.type;
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((item): item is string => typeof item === 'string'));
  return undefined;
}

/**
 * A value as the comparison sees it, guided by the stream's JSON schema (the expected type decides):
 * a numeric string where the schema says number or integer is that number; `"true"`/`"false"` and 0/1
 * where it says boolean are booleans; JSON text where it says object or array is parsed; a date-time
 * with an offset is the same instant in UTC; a null and an absent field are the same. Text stays text:
 * `"123"` in a string field never equals the number 123.
 */
export function normalizeValue(value: JsonValue, schema: unknown): JsonValue {
  const types = schemaTypes(schema);
  const only = (wanted: string[]) => types !== undefined && wanted.some((type) => types.has(type)) && !types.has('string');
  if (typeof value === 'string') {
    if (only(['number', 'integer']) && NUMBER_TEXT.test(value)) return Number(value);
    if (only(['boolean']) && (value === 'true' || value === 'false')) return value === 'true';
    if (only(['object', 'array'])) {
      try {
        const parsed = JSON.parse(value) as JsonValue;
        if (typeof parsed === 'object' && parsed !== null) return normalizeValue(parsed, schema);
      } catch {
        // text that is not JSON stays text, and differs
      }
    }
    if (isJsonObject(schema) && schema.format === 'date-time' && isStrictDateTime(value)) {
      const instant = new Date(value);
      if (!Number.isNaN(instant.getTime())) return instant.toISOString();
    }
    return value;
  }
  if (typeof value === 'number') {
    if (only(['boolean']) && (value === 0 || value === 1)) return value === 1;
    return Object.is(value, -0) ? 0 : value;
  }
  if (Array.isArray(value)) {
    const items = isJsonObject(schema) ? schema.items : undefined;
    return value.map((item, index) => normalizeValue(item, Array.isArray(items) ? items[index] : items));
  }
  if (isJsonObject(value)) {
    const properties = isJsonObject(schema) && isJsonObject(schema.properties) ? schema.properties : {};
    const additional = isJsonObject(schema) ? schema.additionalProperties : undefined;
    const normalized: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null) continue;
      normalized[key] = normalizeValue(item, Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : additional);
    }
    return normalized;
  }
  return value;
}

/** `id=1` or `id=1,region=eu`: how failures name a record by its primary key. */
export function primaryKeyText(data: JsonObject, primaryKey: readonly string[][]): string {
  return primaryKey
    .map((path) => {
      let node: JsonValue | undefined = data;
      for (const step of path) node = isJsonObject(node) ? node[step] : undefined;
      return `${path.join('.')}=${node === undefined ? '(absent)' : typeof node === 'string' ? node : canonicalJson(node)}`;
    })
    .join(',');
}

interface ExpectedStream {
  stream: DataSetStream;
  /** Fingerprint of each normalized record, and how many times it is expected. */
  counts: Map<string, number>;
  /** Fingerprint -> primary key, for saying which records are missing. */
  keys: Map<string, string>;
  /** Primary key -> normalized value, for the first records: a changed record gets a diff. */
  values: Map<string, JsonObject>;
  /** With dedupe: primary key -> the fingerprint of its latest record. */
  latest?: Map<string, string>;
}

/**
 * The records a destination should hold, per stream, as fingerprints of their normalized data (so that a
 * batch of any size costs a hash per record, not the record). With `dedupe`, a record replaces the
 * earlier one of the same primary key, as append_dedup does.
 */
export class ExpectedRecords {
  private readonly byStream = new Map<string, ExpectedStream>();

  constructor(
    streams: readonly DataSetStream[],
    private readonly dedupe: boolean = false,
  ) {
    for (const stream of streams) this.byStream.set(streamKey(stream), { stream, counts: new Map(), keys: new Map(), values: new Map(), ...(dedupe ? { latest: new Map() } : {}) });
  }

  get streams(): DataSetStream[] {
    return [...this.byStream.values()].map((expected) => expected.stream);
  }

  /** Expects a record sent to the destination; records of streams the data set does not name are ignored. */
  add(record: AirbyteRecordMessage): void {
    const expected = this.byStream.get(streamKey({ name: record.stream, namespace: record.namespace }));
    if (!expected) return;
    const value = normalizeValue(record.data, expected.stream.jsonSchema) as JsonObject;
    const text = canonicalJson(value);
    const fingerprint = fingerprintOf(text);
    const key = primaryKeyText(record.data, expected.stream.primaryKey);
    if (expected.latest) {
      const previous = expected.latest.get(key);
      if (previous !== undefined) decrement(expected.counts, previous);
      expected.latest.set(key, fingerprint);
    }
    expected.counts.set(fingerprint, (expected.counts.get(fingerprint) ?? 0) + 1);
    expected.keys.set(fingerprint, key);
    if (text.length > VALUE_KEPT_MAX_LENGTH) expected.values.delete(key);
    else if (expected.values.size < VALUES_KEPT_PER_STREAM || expected.values.has(key)) expected.values.set(key, value);
  }

  /** Forgets what was expected and expects what `other` does: an overwrite sync replaced it. */
  replaceWith(other: ExpectedRecords): void {
    this.byStream.clear();
    for (const [key, expected] of other.snapshot().byStream) this.byStream.set(key, expected);
  }

  /** A copy that later `add`s do not change: what must be stored at a checkpoint. */
  snapshot(): ExpectedRecords {
    const copy = new ExpectedRecords([], this.dedupe);
    for (const [key, expected] of this.byStream) {
      copy.byStream.set(key, { stream: expected.stream, counts: new Map(expected.counts), keys: new Map(expected.keys), values: new Map(expected.values), ...(expected.latest ? { latest: new Map(expected.latest) } : {}) });
    }
    return copy;
  }

  /** A comparison of one stream's stored records with these; `atLeast` allows records beyond them (a checkpoint mid-sync). */
  comparison(stream: DataSetStream, mode: 'exact' | 'at-least'): StoredRecordsComparison {
    const expected = this.byStream.get(streamKey(stream));
    if (!expected) throw new Error(`stream ${streamLabel(stream)} is not one of the data set's`);
    return new StoredRecordsComparison(expected, mode);
  }
}

/** SHA-256 of canonical JSON, as hashJson computes it (the text is needed here for its length too). */
function fingerprintOf(canonicalText: string): string {
  return createHash('sha256').update(canonicalText).digest('base64');
}

function decrement(counts: Map<string, number>, fingerprint: string): void {
  const count = (counts.get(fingerprint) ?? 0) - 1;
  if (count > 0) counts.set(fingerprint, count);
  else counts.delete(fingerprint);
}

/** Fed the stored rows of one stream as they are read back; says what is missing, extra or changed. */
export class StoredRecordsComparison {
  private readonly remaining: Map<string, number>;
  private readonly unexpected: Array<{ key: string; value?: JsonObject; excerpt: string; where: string }> = [];
  private unexpectedCount = 0;
  private readonly problems: Failure[] = [];
  private problemCount = 0;
  private rows = 0;

  constructor(
    private readonly expected: ExpectedStream,
    private readonly mode: 'exact' | 'at-least',
  ) {
    this.remaining = new Map(expected.counts);
  }

  private get label(): string {
    return streamLabel(this.expected.stream);
  }

  /** One stored row; `where` says where it was read (file and line, command output line). */
  observe(row: unknown, where: string): void {
    this.rows += 1;
    const read = recordDataOfRow(row);
    if ('problem' in read) return this.problem(`${where}: ${read.problem}`);
    const value = normalizeValue(read.data, this.expected.stream.jsonSchema) as JsonObject;
    const fingerprint = fingerprintOf(canonicalJson(value));
    if ((this.remaining.get(fingerprint) ?? 0) > 0) {
      decrement(this.remaining, fingerprint);
      return;
    }
    if (this.mode === 'at-least') return;
    this.unexpectedCount += 1;
    if (this.unexpected.length < FAILURES_LISTED) {
      const key = primaryKeyText(read.data, this.expected.stream.primaryKey);
      // the value is kept only when a diff with the expected one can be shown; else an excerpt says enough
      this.unexpected.push({ key, where, excerpt: excerpt(value), ...(this.expected.values.has(key) ? { value } : {}) });
    }
  }

  /** A row that could not be read at all (not JSON, a line too long). */
  problem(message: string): void {
    this.problemCount += 1;
    if (this.problems.length < FAILURES_LISTED) this.problems.push({ message, stream: this.label });
  }

  finish(context: string): Failure[] {
    const failures: Failure[] = [...this.problems];
    if (this.problemCount > this.problems.length) failures.push({ message: `${this.problemCount - this.problems.length} more stored rows could not be read`, stream: this.label });
    const missing: string[] = [];
    let missingCount = 0;
    for (const [fingerprint, count] of this.remaining) {
      missingCount += count;
      if (missing.length < FAILURES_LISTED) missing.push(this.expected.keys.get(fingerprint) ?? fingerprint);
    }
    const changed = new Set<string>();
    for (const extra of this.unexpected) {
      const before = this.expected.values.get(extra.key);
      if (before === undefined || extra.value === undefined || !missing.includes(extra.key)) continue;
      changed.add(extra.key);
      failures.push({ message: `${context}: the stored record ${extra.key} differs from the one sent (${extra.where}): ${describeDifferences(diffJson(before, extra.value, 5))}`, stream: this.label });
    }
    const notStored = missing.filter((key) => !changed.has(key));
    if (missingCount > changed.size) {
      const more = missingCount - changed.size - notStored.length;
      failures.push({
        message: `${context}: ${missingCount - changed.size} record(s) sent were not read back${this.rows === 0 ? ' (the read-back found no record at all for this stream)' : ''}: ${notStored.join('; ')}${more > 0 ? ` and ${more} more` : ''}`,
        stream: this.label,
      });
    }
    const extras = this.unexpected.filter((extra) => !changed.has(extra.key));
    if (this.unexpectedCount > changed.size) {
      const more = this.unexpectedCount - changed.size - extras.length;
      failures.push({
        message: `${context}: ${this.unexpectedCount - changed.size} stored record(s) were not sent in this form (kept from an earlier sync, duplicated, or changed): ${extras.map((extra) => `${extra.key} ${extra.excerpt} (${extra.where})`).join('; ')}${more > 0 ? ` and ${more} more` : ''}`,
        stream: this.label,
      });
    }
    return failures;
  }
}

function excerpt(value: JsonObject): string {
  const text = JSON.stringify(value);
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
