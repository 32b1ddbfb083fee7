import { LineSplitter, type AirbyteRecordMessage, type Chunk, type JsonObject, type JsonValue } from '@nx-airbyte/protocol';
import { CappedFailures, type Failure } from '../failure';
import { describeDifferences, diffJson } from '../json-diff';
import { isJsonObject, jsonEqual } from '../json-value';
import { withoutFields, type FieldPattern } from '../ignored-fields';
import { hashJson } from '../record-hash';
import type { RecordCheck } from '../record-check';

/** The flags of `expect_records`, with Airbyte's defaults. */
export interface ExpectRecordsFlags {
  /** Records may have fields the expected records lack (only with exact_order, without extra_records). Default false. */
  extraFields?: boolean;
  /** Records come in the order of the file. Default false. */
  exactOrder?: boolean;
  /** The read may produce records the file does not list. Default true. */
  extraRecords?: boolean;
}

/** Expected records' data, by stream, in file order. */
export type ExpectedRecordsByStream = ReadonlyMap<string, readonly JsonObject[]>;

/**
 * The combinations of (extra_fields, exact_order, extra_records) Airbyte's suite accepts:
 * extra_fields needs exact_order and no extra_records. Returns why a combination is refused.
 */
export function expectRecordsFlagsProblem(flags: ExpectRecordsFlags): string | undefined {
  const { extraFields = false, exactOrder = false, extraRecords = true } = flags;
  if (extraFields && !exactOrder) return 'expect_records: extra_fields requires exact_order';
  if (extraFields && extraRecords) return 'expect_records: extra_fields cannot be combined with extra_records';
  return undefined;
}

/**
 * Reads an expected-records file: JSON lines, each an AirbyteRecordMessage (`{stream, data,
 * emitted_at}`) or a RECORD message wrapping one. Blank lines are skipped; emitted_at is dropped
 * (comparisons ignore it). Lines that are neither give a failure naming the line.
 */
export async function parseExpectedRecords(source: AsyncIterable<Chunk> | Iterable<Chunk> | string): Promise<{ records: Map<string, JsonObject[]>; failures: Failure[] }> {
  const records = new Map<string, JsonObject[]>();
  const failures: Failure[] = [];
  const splitter = new LineSplitter();
  const take = (line: { number: number; text: string }): void => {
    if (line.text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      failures.push({ message: `expected records, line ${line.number}: not JSON (${(error as Error).message})` });
      return;
    }
    const record = isJsonObject(value) && value.type === 'RECORD' && isJsonObject(value.record) ? value.record : value;
    if (!isJsonObject(record) || typeof record.stream !== 'string' || !isJsonObject(record.data)) {
      failures.push({ message: `expected records, line ${line.number}: not a record (needs a string 'stream' and an object 'data')` });
      return;
    }
    const list = records.get(record.stream) ?? [];
    list.push(record.data);
    records.set(record.stream, list);
  };
  for await (const chunk of typeof source === 'string' ? [source] : source) for (const line of splitter.push(chunk)) take(line);
  for (const line of splitter.end()) take(line);
  return { records, failures };
}

export interface ExpectedRecordsOptions extends ExpectRecordsFlags {
  expected: ExpectedRecordsByStream;
  /** Fields left out of both sides before comparing, by stream (basic_read ignored_fields). */
  ignoredFields?: ReadonlyMap<string, readonly FieldPattern[]>;
  failuresPerStream?: number;
}

interface OrderedStream {
  expected: readonly JsonValue[];
  next: number;
  extra: number;
}

interface UnorderedStream {
  expected: readonly JsonValue[];
  indexByHash: Map<string, number>;
  matched: Set<string>;
}

/**
 * expect_records, fed the actual records one by one; only the expected records and (without
 * exact_order) the fingerprints of the ones matched so far are kept. emitted_at is never compared.
 * - exact_order: the stream's records start with the expected ones, in order; with extra_fields a
 *   record may have more fields than the expected one. After them, further records fail unless
 *   extra_records.
 * - otherwise: every expected record is produced (any order, duplicates count once, like a set);
 *   records not in the file fail unless extra_records.
 */
export class ExpectedRecordsCheck implements RecordCheck {
  private readonly ordered = new Map<string, OrderedStream>();
  private readonly unordered = new Map<string, UnorderedStream>();
  private readonly failures: CappedFailures;
  private readonly configurationProblem: string | undefined;
  private readonly extraFields: boolean;
  private readonly extraRecords: boolean;

  constructor(private readonly options: ExpectedRecordsOptions) {
    this.configurationProblem = expectRecordsFlagsProblem(options);
    this.extraFields = options.extraFields ?? false;
    this.extraRecords = options.extraRecords ?? true;
    this.failures = new CappedFailures(options.failuresPerStream);
    for (const [stream, records] of options.expected) {
      const expected = records.map((data) => this.comparable(stream, data));
      if (options.exactOrder) {
        this.ordered.set(stream, { expected, next: 0, extra: 0 });
      } else {
        const indexByHash = new Map<string, number>();
        expected.forEach((data, index) => {
          const hash = hashJson(data);
          if (!indexByHash.has(hash)) indexByHash.set(hash, index);
        });
        this.unordered.set(stream, { expected, indexByHash, matched: new Set() });
      }
    }
  }

  observe(record: AirbyteRecordMessage, recordIndex: number): void {
    if (this.configurationProblem) return;
    const data = this.comparable(record.stream, record.data);
    if (this.options.exactOrder) this.observeInOrder(record.stream, data, recordIndex);
    else this.observeInAnyOrder(record.stream, data, recordIndex);
  }

  finish(): Failure[] {
    if (this.configurationProblem) return [{ message: this.configurationProblem }];
    for (const [stream, state] of this.ordered) {
      if (state.next < state.expected.length) {
        const missing = state.expected.length - state.next;
        this.failures.add({ message: `stream '${stream}': ${missing} expected record${missing === 1 ? ' was' : 's were'} not produced, from expected record ${state.next + 1} on`, stream, expected: state.expected[state.next] });
      }
      if (state.extra > 0 && !this.extraRecords) {
        this.failures.add({ message: `stream '${stream}': ${state.extra} record${state.extra === 1 ? '' : 's'} after the ${state.expected.length} expected ones, and extra_records is off`, stream, expected: state.expected.length, actual: state.expected.length + state.extra });
      }
    }
    for (const [stream, state] of this.unordered) {
      for (const [hash, index] of state.indexByHash) {
        if (state.matched.has(hash)) continue;
        this.failures.add({ message: `stream '${stream}': expected record ${index + 1} was not produced`, stream, expected: state.expected[index] });
      }
    }
    return this.failures.list();
  }

  private comparable(stream: string, data: JsonObject): JsonValue {
    const ignored = this.options.ignoredFields?.get(stream);
    return ignored ? withoutFields(data, ignored) : data;
  }

  private observeInOrder(stream: string, data: JsonValue, recordIndex: number): void {
    const state = this.ordered.get(stream);
    if (!state) return this.unexpectedStream(stream, recordIndex);
    if (state.next >= state.expected.length) {
      state.extra += 1;
      return;
    }
    const expected = state.expected[state.next];
    state.next += 1;
    const compared = this.extraFields ? projectOnto(data, expected) : data;
    if (jsonEqual(expected, compared)) return;
    const differences = diffJson(expected, compared, 5);
    this.failures.add({
      message: `stream '${stream}' record ${recordIndex + 1} differs from expected record ${state.next}: ${describeDifferences(differences)}`,
      stream,
      recordIndex,
      pointer: differences[0]?.pointer,
      expected,
      actual: data,
    });
  }

  private observeInAnyOrder(stream: string, data: JsonValue, recordIndex: number): void {
    const state = this.unordered.get(stream);
    if (!state) return this.unexpectedStream(stream, recordIndex);
    const hash = hashJson(data);
    if (state.indexByHash.has(hash)) state.matched.add(hash);
    else if (!this.extraRecords) this.failures.add({ message: `stream '${stream}' record ${recordIndex + 1} is not among the expected records, and extra_records is off`, stream, recordIndex, actual: data });
  }

  /** A stream the file has no records for: its records are all extra. */
  private unexpectedStream(stream: string, recordIndex: number): void {
    if (this.extraRecords) return;
    this.failures.add({ message: `stream '${stream}' record ${recordIndex + 1}: the expected records list nothing for this stream, and extra_records is off`, stream, recordIndex });
  }
}

/** `actual` restricted to the fields `expected` has, recursively through objects (extra_fields). */
function projectOnto(actual: JsonValue, expected: JsonValue): JsonValue {
  if (!isJsonObject(expected) || !isJsonObject(actual)) return actual;
  const projected: JsonObject = {};
  for (const key of Object.keys(expected)) {
    if (key in actual) projected[key] = projectOnto(actual[key], expected[key]);
  }
  return projected;
}
