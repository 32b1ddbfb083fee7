import type { Failure } from '../report/test-result';

/** One reason a test failed: the reports' type, shared by every check. */
export type { Failure };

/** How many failures a check keeps for one stream before it only counts them. */
export const DEFAULT_FAILURES_PER_STREAM = 10;

const NO_STREAM = '';

/**
 * Collects failures, keeping at most `limitPerStream` for each stream (and for failures without a
 * stream), so that a read of millions of bad records costs a bounded amount of memory. What is
 * left out is summed up in one closing failure per stream.
 */
export class CappedFailures {
  private readonly kept: Failure[] = [];
  private readonly countByStream = new Map<string, number>();

  constructor(private readonly limitPerStream: number = DEFAULT_FAILURES_PER_STREAM) {}

  add(failure: Failure): void {
    const key = failure.stream ?? NO_STREAM;
    const count = (this.countByStream.get(key) ?? 0) + 1;
    this.countByStream.set(key, count);
    if (count <= this.limitPerStream) this.kept.push(failure);
  }

  get size(): number {
    let total = 0;
    for (const count of this.countByStream.values()) total += count;
    return total;
  }

  list(): Failure[] {
    const omitted: Failure[] = [];
    for (const [key, count] of this.countByStream) {
      if (count <= this.limitPerStream) continue;
      const more = count - this.limitPerStream;
      const where = key === NO_STREAM ? '' : ` of stream '${key}'`;
      omitted.push({ message: `${more} more failure${more === 1 ? '' : 's'}${where} not shown (the first ${this.limitPerStream} are listed)`, ...(key === NO_STREAM ? {} : { stream: key }) });
    }
    return [...this.kept, ...omitted];
  }
}
