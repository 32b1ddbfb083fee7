/**
 * A one-consumer queue between a producer that reads a container's output and whoever iterates it.
 * The producer waits (`waitForRoom`) while more than `highWaterMark` units are buffered, so a slow
 * consumer holds the container's stdout back instead of letting memory grow.
 */
export class OutputQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private sizes: number[] = [];
  private head = 0;
  private bufferedSize = 0;
  private ended = false;
  private failure: Error | undefined;
  private discarding = false;
  private iterated = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeProducer: (() => void) | undefined;

  constructor(private readonly highWaterMark: number) {}

  push(item: T, size: number): void {
    if (this.discarding || this.ended) return;
    this.items.push(item);
    this.sizes.push(size);
    this.bufferedSize += size;
    this.notifyConsumer();
  }

  /** Resolves at once while there is room; otherwise when the consumer has taken enough, or discards. */
  waitForRoom(): Promise<void> {
    if (this.discarding || this.bufferedSize <= this.highWaterMark) return Promise.resolve();
    return new Promise((resolve) => (this.wakeProducer = resolve));
  }

  end(): void {
    this.ended = true;
    this.notifyConsumer();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.ended = true;
    this.notifyConsumer();
  }

  /** Drops what is buffered and everything pushed later; iteration ends, with `error` when given. */
  discard(error?: Error): void {
    if (error) this.failure ??= error;
    this.discarding = true;
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.bufferedSize = 0;
    this.notifyProducer();
    this.notifyConsumer();
  }

  get buffered(): number {
    return this.bufferedSize;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterator(() => this.take());
  }

  /**
   * The same items, as one array of everything buffered per wake-up. A consumer that handles a
   * whole batch per `await` skips the per-item async cost, and the queue stays about one chunk of
   * output deep, so few parsed messages live long enough to be copied by the garbage collector.
   */
  batches(): AsyncIterable<T[]> {
    return { [Symbol.asyncIterator]: () => this.iterator(() => this.takeAll()) };
  }

  private iterator<V>(take: () => V): AsyncIterator<V> {
    if (this.iterated) throw new Error('the output of a connector run can be iterated only once');
    this.iterated = true;
    return {
      next: () => this.next(take),
      return: async (): Promise<IteratorResult<V>> => {
        this.discard();
        return { done: true, value: undefined };
      },
    };
  }

  private async next<V>(take: () => V): Promise<IteratorResult<V>> {
    for (;;) {
      if (this.head < this.items.length) return { done: false, value: take() };
      if (this.failure) {
        const failure = this.failure;
        this.failure = undefined;
        this.ended = true;
        throw failure;
      }
      if (this.discarding) return { done: true, value: undefined };
      if (this.ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  private takeAll(): T[] {
    const batch = this.head === 0 ? this.items : this.items.slice(this.head);
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.bufferedSize = 0;
    this.notifyProducer();
    return batch;
  }

  private take(): T {
    const item = this.items[this.head];
    this.bufferedSize -= this.sizes[this.head];
    this.head++;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    if (this.bufferedSize <= this.highWaterMark) this.notifyProducer();
    return item;
  }

  private notifyConsumer(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }

  private notifyProducer(): void {
    const wake = this.wakeProducer;
    this.wakeProducer = undefined;
    wake?.();
  }
}
