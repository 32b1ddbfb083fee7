/**
 * A small deterministic random generator (mulberry32) for the fuzz specs of every package: a failure
 * prints its seed, and FUZZ_SEED=<seed> replays exactly the same inputs.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  bytes(length: number): Buffer {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; i++) buffer[i] = this.int(0, 255);
    return buffer;
  }

  /** Text of `length` characters drawn from `alphabet`. */
  text(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(0, alphabet.length - 1)];
    return text;
  }
}

/** The seed of this run: FUZZ_SEED when set (to replay a failure), else a fixed default so CI is deterministic. */
export function fuzzSeed(defaultSeed: number): number {
  const fromEnvironment = process.env.FUZZ_SEED;
  if (fromEnvironment === undefined || fromEnvironment === '') return defaultSeed;
  const seed = Number(fromEnvironment);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got '${fromEnvironment}'`);
  return seed;
}

/** Runs `body` and, when it throws, says which seed and case replay it. */
export function withSeed<T>(what: string, random: SeededRandom, caseNumber: number, body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw new Error(`${what}: case ${caseNumber} failed (replay with FUZZ_SEED=${random.seed}): ${(error as Error).message}`, { cause: error });
  }
}
