import type { AirbyteMessage, JsonValue } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { StateAccumulator, stateInput } from './connector-state';
import { CursorsFromState, GreatestCursors, streamCursors, type StreamCursor } from './cursor-bounds';
import type { IncrementalReadOptions } from './incremental-options';

/**
 * test_two_sequential_reads. Read 1 must give at least one STATE and one RECORD, and no record's
 * cursor may be after the final state's (for STREAM state: the latest message per stream). Read 2
 * runs with that state (`secondReadState`) and no record's cursor may be before it (minus
 * threshold_days for dates). Feed read 1 to observeFirstRead, call finishFirstRead, feed read 2 to
 * observeSecondRead, then finish.
 */
export class TwoSequentialReadsCheck {
  private readonly cursors: Map<string, StreamCursor>;
  private readonly greatest: GreatestCursors;
  private readonly states = new StateAccumulator();
  private firstReadFailures: Failure[] | undefined;
  private secondRead: CursorsFromState | undefined;

  constructor(private readonly options: IncrementalReadOptions) {
    this.cursors = streamCursors(options.catalog, options.cursorPaths);
    this.greatest = new GreatestCursors(this.cursors, options.failuresPerStream);
  }

  observeFirstRead(message: AirbyteMessage): void {
    if (this.firstReadFailures) throw new Error('TwoSequentialReadsCheck: the first read is over');
    if (message.type === 'RECORD') this.greatest.observe(message.record);
    else if (message.type === 'STATE') this.states.add(message.state);
  }

  /** Ends read 1. `secondReadState` is the `--state` input for read 2, absent when read 1 gave no state. */
  finishFirstRead(): { failures: Failure[]; secondReadState?: JsonValue } {
    const failures: Failure[] = [];
    const finalState = this.states.current();
    if (!finalState) failures.push({ message: 'the first incremental read produced no STATE message; at least one is required', expected: '≥ 1 STATE', actual: 0 });
    if (this.greatest.records === 0) failures.push({ message: 'the first incremental read produced no record; at least one is required', expected: '≥ 1 RECORD', actual: 0 });
    const mixed = this.states.mixedTypes;
    if (mixed) failures.push({ message: `the first incremental read mixed state types ${mixed.join(', ')}; a connector uses one`, actual: mixed });
    if (finalState) {
      failures.push(...this.greatest.checkAgainst(finalState));
      this.secondRead = new CursorsFromState(finalState, this.cursors, this.options.thresholdDays, 'the second read', this.options.failuresPerStream);
    }
    this.firstReadFailures = failures;
    return finalState ? { failures, secondReadState: stateInput(finalState) } : { failures };
  }

  observeSecondRead(message: AirbyteMessage): void {
    if (!this.firstReadFailures) throw new Error('TwoSequentialReadsCheck: call finishFirstRead() before feeding the second read');
    if (message.type === 'RECORD') this.secondRead?.observe(message.record);
  }

  /** All failures of both reads. */
  finish(): Failure[] {
    const first = this.firstReadFailures ?? this.finishFirstRead().failures;
    return [...first, ...(this.secondRead?.finish() ?? [])];
  }
}
