import type { AirbyteMessage, AirbyteStateMessage, JsonValue } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { hashJson } from '../record-hash';
import { StateAccumulator, stateInput, type CompleteState } from './connector-state';
import { CursorsFromState, GreatestCursors, streamCursors, type StreamCursor } from './cursor-bounds';
import type { IncrementalReadOptions } from './incremental-options';

/** How many checkpoints test_read_sequential_slices replays at most (about; sampling is even). */
export const CHECKPOINTS_TO_REPLAY = 10;

/**
 * The positions to replay among `count` checkpoints: all of them when there are fewer than
 * `target`, else `target` positions spread evenly from the first to the last.
 */
export function chooseCheckpointPositions(count: number, target = CHECKPOINTS_TO_REPLAY): number[] {
  if (count < target) return Array.from({ length: count }, (_, index) => index);
  if (target <= 1) return [count - 1];
  const positions = new Set<number>();
  for (let step = 0; step < target; step++) positions.add(Math.round((step * (count - 1)) / (target - 1)));
  return [...positions].sort((left, right) => left - right);
}

/** A point of read 1 to restart from: the complete state there and the `--state` input for it. */
export interface Checkpoint {
  /** 0-based position among the distinct STATE messages of read 1. */
  position: number;
  state: CompleteState;
  stateInput: JsonValue;
}

/**
 * test_read_sequential_slices. Read 1: at least one STATE and one RECORD; no record after the
 * final state's cursor. Its distinct STATE messages are the checkpoints; some are chosen
 * (chooseCheckpointPositions) and each is replayed: a read started from the complete state at that
 * checkpoint must not return records before it (minus threshold_days for dates).
 */
export class SequentialSlicesCheck {
  private readonly cursors: Map<string, StreamCursor>;
  private readonly greatest: GreatestCursors;
  private readonly distinctStates: AirbyteStateMessage[] = [];
  private readonly seenStates = new Set<string>();

  constructor(private readonly options: IncrementalReadOptions) {
    this.cursors = streamCursors(options.catalog, options.cursorPaths);
    this.greatest = new GreatestCursors(this.cursors, options.failuresPerStream);
  }

  observeFirstRead(message: AirbyteMessage): void {
    if (message.type === 'RECORD') this.greatest.observe(message.record);
    else if (message.type === 'STATE') {
      const hash = hashJson(message.state as unknown as JsonValue);
      if (this.seenStates.has(hash)) return;
      this.seenStates.add(hash);
      this.distinctStates.push(message.state);
    }
  }

  /** Ends read 1: its failures and the checkpoints to replay, in order. */
  finishFirstRead(): { failures: Failure[]; checkpoints: Checkpoint[] } {
    const failures: Failure[] = [];
    if (this.distinctStates.length === 0) failures.push({ message: 'the incremental read produced no STATE message; at least one is required', expected: '≥ 1 STATE', actual: 0 });
    if (this.greatest.records === 0) failures.push({ message: 'the incremental read produced no record; at least one is required', expected: '≥ 1 RECORD', actual: 0 });
    const chosen = new Set(chooseCheckpointPositions(this.distinctStates.length));
    const accumulator = new StateAccumulator();
    const checkpoints: Checkpoint[] = [];
    this.distinctStates.forEach((message, position) => {
      accumulator.add(message);
      const state = accumulator.current();
      if (chosen.has(position) && state) checkpoints.push({ position, state, stateInput: stateInput(state) });
    });
    const finalState = accumulator.current();
    if (finalState) failures.push(...this.greatest.checkAgainst(finalState));
    return { failures, checkpoints };
  }

  /** The check of one replay: feed it the messages of the read started from `checkpoint`, then finish(). */
  replay(checkpoint: Checkpoint): { observe(message: AirbyteMessage): void; finish(): Failure[] } {
    const bounds = new CursorsFromState(checkpoint.state, this.cursors, this.options.thresholdDays, `the read from checkpoint ${checkpoint.position + 1}`, this.options.failuresPerStream);
    return {
      observe: (message) => {
        if (message.type === 'RECORD') bounds.observe(message.record);
      },
      finish: () => bounds.finish(),
    };
  }
}
