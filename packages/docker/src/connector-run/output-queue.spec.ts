import { OutputQueue } from './output-queue';

async function drain<T>(queue: OutputQueue<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of queue) items.push(item);
  return items;
}

function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

describe('OutputQueue', () => {
  it('hands items to the consumer in order and ends', async () => {
    const queue = new OutputQueue<string>(100);
    queue.push('a', 1);
    queue.push('b', 1);
    queue.end();
    expect(await drain(queue)).toEqual(['a', 'b']);
  });

  it('wakes a consumer that waits for the next item', async () => {
    const queue = new OutputQueue<string>(100);
    const drained = drain(queue);
    setTimeout(() => {
      queue.push('late', 1);
      queue.end();
    }, 5);
    expect(await drained).toEqual(['late']);
  });

  it('lets the producer go on while the buffer is under the high-water mark', async () => {
    const queue = new OutputQueue<string>(10);
    queue.push('a', 5);
    expect(await settledWithin(queue.waitForRoom(), 20)).toBe(true);
  });

  it('holds the producer back above the high-water mark until the consumer takes items', async () => {
    const queue = new OutputQueue<string>(10);
    queue.push('a', 8);
    queue.push('b', 8);
    const room = queue.waitForRoom();
    expect(await settledWithin(room, 20)).toBe(false);
    const iterator = queue[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: 'a' });
    expect(await settledWithin(room, 20)).toBe(true);
  });

  it('throws a producer failure to the consumer after the items before it', async () => {
    const queue = new OutputQueue<string>(100);
    queue.push('a', 1);
    queue.fail(new Error('connection lost'));
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const item of queue) seen.push(item);
      })(),
    ).rejects.toThrow('connection lost');
    expect(seen).toEqual(['a']);
  });

  it('drops buffered items and releases the producer when the consumer breaks out', async () => {
    const queue = new OutputQueue<string>(1);
    queue.push('a', 5);
    queue.push('b', 5);
    const room = queue.waitForRoom();
    for await (const item of queue) {
      expect(item).toBe('a');
      break;
    }
    expect(await settledWithin(room, 20)).toBe(true);
    expect(queue.buffered).toBe(0);
    queue.push('c', 5);
    expect(queue.buffered).toBe(0);
  });

  it('can be iterated only once', () => {
    const queue = new OutputQueue<string>(1);
    queue[Symbol.asyncIterator]();
    expect(() => queue[Symbol.asyncIterator]()).toThrow('can be iterated only once');
  });

  it('keeps memory proportional to what is buffered over many items', async () => {
    const queue = new OutputQueue<number>(50);
    const consumer = (async () => {
      let sum = 0;
      for await (const item of queue) sum += item;
      return sum;
    })();
    for (let i = 1; i <= 10_000; i++) {
      queue.push(i, 1);
      expect(queue.buffered).toBeLessThanOrEqual(51);
      await queue.waitForRoom();
    }
    queue.end();
    expect(await consumer).toBe((10_000 * 10_001) / 2);
  });

  describe('batches()', () => {
    it('hands over everything buffered at once, in order, then what arrives later', async () => {
      const queue = new OutputQueue<string>(100);
      queue.push('a', 1);
      queue.push('b', 1);
      const iterator = queue.batches()[Symbol.asyncIterator]();
      expect(await iterator.next()).toEqual({ done: false, value: ['a', 'b'] });
      const next = iterator.next();
      queue.push('c', 1);
      expect(await next).toEqual({ done: false, value: ['c'] });
      queue.end();
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });

    it('releases a held-back producer once a batch is taken', async () => {
      const queue = new OutputQueue<string>(10);
      queue.push('a', 8);
      queue.push('b', 8);
      const room = queue.waitForRoom();
      expect(await settledWithin(room, 20)).toBe(false);
      const iterator = queue.batches()[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toEqual(['a', 'b']);
      expect(queue.buffered).toBe(0);
      expect(await settledWithin(room, 20)).toBe(true);
    });

    it('throws a producer failure after the batches before it', async () => {
      const queue = new OutputQueue<string>(100);
      queue.push('a', 1);
      queue.fail(new Error('connection lost'));
      const seen: string[][] = [];
      await expect(
        (async () => {
          for await (const batch of queue.batches()) seen.push(batch);
        })(),
      ).rejects.toThrow('connection lost');
      expect(seen).toEqual([['a']]);
    });

    it('shares the one iteration with the per-item iterator', () => {
      const queue = new OutputQueue<string>(1);
      queue.batches()[Symbol.asyncIterator]();
      expect(() => queue[Symbol.asyncIterator]()).toThrow('can be iterated only once');
    });

    it('drops the rest when the consumer breaks out', async () => {
      const queue = new OutputQueue<string>(100);
      queue.push('a', 1);
      for await (const batch of queue.batches()) {
        expect(batch).toEqual(['a']);
        break;
      }
      queue.push('b', 1);
      expect(queue.buffered).toBe(0);
    });
  });
});
