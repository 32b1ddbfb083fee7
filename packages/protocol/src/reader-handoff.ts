import type { ReadItem } from './reader';

/** The batches behind one readMessages() generator, and whether that generator has run or been taken over. */
export interface ReaderBatches {
  batches: AsyncGenerator<ReadItem[]>;
  started: boolean;
  taken: boolean;
}

// Internal to this package: lets validateRecords read a fresh readMessages() reader chunk by chunk.
const readers = new WeakMap<object, ReaderBatches>();

export function registerReader(items: AsyncGenerator<ReadItem>, handle: ReaderBatches): void {
  readers.set(items, handle);
}

/**
 * Takes over the batches behind a `readMessages()` generator that nobody has started, so that the
 * caller skips the per-item async cost; the generator itself then yields nothing. Anything else
 * (another iterable, a started generator) gives undefined.
 */
export function takeUnstartedBatches(items: unknown): AsyncGenerator<ReadItem[]> | undefined {
  if (typeof items !== 'object' || items === null) return undefined;
  const handle = readers.get(items);
  if (!handle || handle.started || handle.taken) return undefined;
  handle.taken = true;
  return handle.batches;
}
