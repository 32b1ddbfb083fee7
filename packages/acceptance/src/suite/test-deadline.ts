import type { Failure } from '../report/test-result';

/**
 * The time limit of one test (its entry's timeout_seconds), shared by all the container runs the test
 * makes: a test of a read and ten replays gets timeout_seconds in all, not each.
 */
export class TestDeadline {
  private readonly end: number;

  constructor(
    /** The test, as its failure names it: `incremental.test_read_sequential_slices`. */
    readonly test: string,
    readonly timeoutMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.end = clock() + timeoutMs;
  }

  /** What is left for the next container run; 0 once the time is up. */
  remainingMs(): number {
    return Math.max(0, this.end - this.clock());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** The failure of a test whose time ran out, with what was running then when known. */
  timedOut(detail?: string): Failure {
    return { message: `${this.test} timed out after ${Math.round(this.timeoutMs / 1000)} s (timeout_seconds, one limit for all the container runs of the test)${detail ? `: ${detail}` : ''}` };
  }
}
