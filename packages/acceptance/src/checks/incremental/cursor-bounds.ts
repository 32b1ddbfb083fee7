import type { AirbyteRecordMessage, ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';
import { CappedFailures, type Failure } from '../failure';
import { toPointer } from '../json-pointer';
import { valueAtPath } from '../json-value';
import { cursorInState, type CompleteState } from './connector-state';
import { compareCursorValues, showCursorValue, toCursorValue, type CursorValue } from './cursor-values';

/** Where a stream's cursor is: in its records (cursor field) and in the state (cursor path). */
export interface StreamCursor {
  cursorField: readonly string[];
  statePath: readonly string[];
}

/**
 * The cursor of every stream of a catalog whose cursors are resolved (withResolvedCursors):
 * `cursorPaths` (cursor_paths of the config) overrides the state path, which defaults to the last
 * element of the cursor field.
 */
export function streamCursors(catalog: ConfiguredAirbyteCatalog, cursorPaths: Readonly<Record<string, readonly string[]>> = {}): Map<string, StreamCursor> {
  const cursors = new Map<string, StreamCursor>();
  for (const configured of catalog.streams) {
    const cursorField = configured.cursor_field ?? [];
    if (cursorField.length === 0) continue;
    const name = configured.stream.name;
    cursors.set(name, { cursorField, statePath: cursorPaths[name] ?? [cursorField[cursorField.length - 1]] });
  }
  return cursors;
}

/** The record's cursor value; `skip` for a null cursor (nothing to compare), a failure when absent or unusable. */
function recordCursor(record: AirbyteRecordMessage, recordIndex: number, cursor: StreamCursor): CursorValue | 'skip' | Failure {
  const raw = valueAtPath(record.data, cursor.cursorField);
  const pointer = toPointer(cursor.cursorField);
  const where = `stream '${record.stream}' record ${recordIndex + 1}`;
  if (raw === undefined) return { message: `${where} has no cursor field ${pointer}`, stream: record.stream, recordIndex, pointer };
  if (raw === null) return 'skip';
  const value = toCursorValue(raw);
  if ('unusable' in value) return { message: `${where}: cursor ${pointer} is ${value.unusable}, which cannot be ordered`, stream: record.stream, recordIndex, pointer, actual: raw };
  return value;
}

function stateCursor(state: CompleteState, stream: string, cursor: StreamCursor): CursorValue | 'skip' | Failure {
  const found = cursorInState(state, stream, cursor.statePath);
  if (!found.found) {
    if (found.reason === 'reset') return 'skip';
    return { message: `the state holds no cursor for stream '${stream}' at ${JSON.stringify(cursor.statePath)} (looked under the stream's state, then from the state's root); set cursor_paths for this stream`, stream, expected: cursor.statePath };
  }
  const value = toCursorValue(found.value);
  if ('unusable' in value) return { message: `the state's cursor for stream '${stream}' is ${value.unusable}, which cannot be ordered`, stream, actual: found.value };
  return value;
}

function incomparable(stream: string, left: CursorValue, right: CursorValue, recordIndex?: number): Failure {
  return {
    message: `stream '${stream}': cursor values ${showCursorValue(left)} (${left.kind}) and ${showCursorValue(right)} (${right.kind}) cannot be compared`,
    stream,
    ...(recordIndex === undefined ? {} : { recordIndex }),
    expected: showCursorValue(left),
    actual: showCursorValue(right),
  };
}

/** Numbers the records of each stream as they come (0-based) and counts them all. */
class RecordCounter {
  private readonly byStream = new Map<string, number>();
  total = 0;

  next(stream: string): number {
    const index = this.byStream.get(stream) ?? 0;
    this.byStream.set(stream, index + 1);
    this.total += 1;
    return index;
  }
}

/**
 * Read 1 of the incremental tests: keeps the greatest cursor of each stream (and its record), so
 * that at the end every record can be checked against the final state with one comparison.
 */
export class GreatestCursors {
  private readonly greatest = new Map<string, { value: CursorValue; recordIndex: number }>();
  private readonly counter = new RecordCounter();
  private readonly failures: CappedFailures;

  constructor(private readonly cursors: ReadonlyMap<string, StreamCursor>, failuresPerStream?: number) {
    this.failures = new CappedFailures(failuresPerStream);
  }

  get records(): number {
    return this.counter.total;
  }

  observe(record: AirbyteRecordMessage): void {
    const recordIndex = this.counter.next(record.stream);
    const cursor = this.cursors.get(record.stream);
    if (!cursor) return;
    const value = recordCursor(record, recordIndex, cursor);
    if (value === 'skip') return;
    if (!('kind' in value)) return this.failures.add(value);
    const current = this.greatest.get(record.stream);
    if (!current) return void this.greatest.set(record.stream, { value, recordIndex });
    const order = compareCursorValues(value, current.value);
    if (order === undefined) this.failures.add(incomparable(record.stream, current.value, value, recordIndex));
    else if (order > 0) this.greatest.set(record.stream, { value, recordIndex });
  }

  /** Every record's cursor is at most the cursor the final state holds for its stream. */
  checkAgainst(finalState: CompleteState): Failure[] {
    for (const [stream, { value, recordIndex }] of this.greatest) {
      const cursor = this.cursors.get(stream) as StreamCursor;
      const bound = stateCursor(finalState, stream, cursor);
      if (bound === 'skip') continue;
      if (!('kind' in bound)) {
        this.failures.add(bound);
        continue;
      }
      const order = compareCursorValues(value, bound);
      if (order === undefined) this.failures.add(incomparable(stream, bound, value, recordIndex));
      else if (order > 0) {
        this.failures.add({
          message: `stream '${stream}' record ${recordIndex + 1} has cursor ${showCursorValue(value)}, after the final state's cursor ${showCursorValue(bound)}; the state must cover every record read`,
          stream,
          recordIndex,
          pointer: toPointer(cursor.cursorField),
          expected: `≤ ${showCursorValue(bound)}`,
          actual: showCursorValue(value),
        });
      }
    }
    return this.failures.list();
  }
}

/**
 * A read started from a state: every record's cursor is at least the state's cursor for its
 * stream, minus `thresholdDays` for date cursors (threshold_days).
 */
export class CursorsFromState {
  private readonly bounds = new Map<string, CursorValue>();
  private readonly counter = new RecordCounter();
  private readonly failures: CappedFailures;

  constructor(
    state: CompleteState,
    private readonly cursors: ReadonlyMap<string, StreamCursor>,
    private readonly thresholdDays = 0,
    private readonly description = 'the read started from the state',
    failuresPerStream?: number,
  ) {
    this.failures = new CappedFailures(failuresPerStream);
    for (const [stream, cursor] of cursors) {
      const bound = stateCursor(state, stream, cursor);
      if (bound !== 'skip' && 'kind' in bound) this.bounds.set(stream, bound);
    }
  }

  get records(): number {
    return this.counter.total;
  }

  observe(record: AirbyteRecordMessage): void {
    const recordIndex = this.counter.next(record.stream);
    const cursor = this.cursors.get(record.stream);
    const bound = this.bounds.get(record.stream);
    if (!cursor || !bound) return;
    const value = recordCursor(record, recordIndex, cursor);
    if (value === 'skip') return;
    if (!('kind' in value)) return this.failures.add(value);
    const order = compareCursorValues(value, bound, this.thresholdDays);
    if (order === undefined) this.failures.add(incomparable(record.stream, bound, value, recordIndex));
    else if (order < 0) {
      const threshold = this.thresholdDays > 0 && bound.kind === 'instant' ? ` minus threshold_days (${this.thresholdDays})` : '';
      this.failures.add({
        message: `stream '${record.stream}' record ${recordIndex + 1} of ${this.description} has cursor ${showCursorValue(value)}, before the state's cursor ${showCursorValue(bound)}${threshold}; an incremental read must not go back before its state`,
        stream: record.stream,
        recordIndex,
        pointer: toPointer(cursor.cursorField),
        expected: `≥ ${showCursorValue(bound)}${threshold}`,
        actual: showCursorValue(value),
      });
    }
  }

  finish(): Failure[] {
    return this.failures.list();
  }
}
