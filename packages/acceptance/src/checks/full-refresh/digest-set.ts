/** Bytes of a record digest: 128 bits, where a chance collision among a billion records is ~1e-21. */
export const DIGEST_BYTES = 16;
const WORDS = DIGEST_BYTES / 4;

const EMPTY = -1;
const INITIAL_CAPACITY = 1024;

/**
 * The distinct records of one stream's first read, as compact entries in typed arrays: a 16-byte
 * digest, the record's index and (for streams with a primary key) the key's text for messages; and
 * an open-addressing table over the digests. About 40 bytes a record plus the key text, where a Map
 * of strings and objects took ~150.
 */
export class DigestSet {
  /** Each digest as four 32-bit words, compared in JavaScript (a Buffer.compare per probe costs a native call). */
  private digests = new Uint32Array(INITIAL_CAPACITY * WORDS);
  private recordIndexes = new Uint32Array(INITIAL_CAPACITY);
  private keyEnds = new Uint32Array(INITIAL_CAPACITY);
  private keys = Buffer.alloc(0);
  private keyBytes = 0;
  private found = new Uint8Array(INITIAL_CAPACITY);
  private table = new Int32Array(INITIAL_CAPACITY * 2).fill(EMPTY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a record unless one with the same digest is already in (the first one is kept). */
  add(digest: Buffer, recordIndex: number, key?: string): void {
    const words = wordsOf(digest);
    const slot = this.slotOf(words);
    if (this.table[slot] !== EMPTY) return;
    if (this.count === this.recordIndexes.length) {
      this.grow();
      this.add(digest, recordIndex, key);
      return;
    }
    const entry = this.count++;
    this.digests.set(words, entry * WORDS);
    this.recordIndexes[entry] = recordIndex;
    if (key !== undefined) this.appendKey(key);
    this.keyEnds[entry] = this.keyBytes;
    this.table[slot] = entry;
  }

  /** Marks the record with this digest as seen again; a digest not in the set is ignored. */
  markFound(digest: Buffer): void {
    const entry = this.table[this.slotOf(wordsOf(digest))];
    if (entry !== EMPTY) this.found[entry] = 1;
  }

  /** The records never marked found, in the order they were added. */
  *missing(): Generator<{ recordIndex: number; key?: string }> {
    for (let entry = 0; entry < this.count; entry++) {
      if (this.found[entry]) continue;
      const start = entry === 0 ? 0 : this.keyEnds[entry - 1];
      const end = this.keyEnds[entry];
      yield { recordIndex: this.recordIndexes[entry], ...(end > start ? { key: this.keys.toString('utf8', start, end) } : {}) };
    }
  }

  /** The table slot holding this digest, or the empty slot where it would go (linear probing). */
  private slotOf(words: Uint32Array): number {
    const mask = this.table.length - 1;
    const digests = this.digests;
    let slot = words[0] & mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === EMPTY) return slot;
      const at = entry * WORDS;
      if (digests[at] === words[0] && digests[at + 1] === words[1] && digests[at + 2] === words[2] && digests[at + 3] === words[3]) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private appendKey(key: string): void {
    const length = Buffer.byteLength(key);
    if (this.keyBytes + length > this.keys.length) {
      const larger = Buffer.alloc(Math.max(this.keys.length * 2, this.keyBytes + length, INITIAL_CAPACITY * 8));
      this.keys.copy(larger, 0, 0, this.keyBytes);
      this.keys = larger;
    }
    this.keys.write(key, this.keyBytes);
    this.keyBytes += length;
  }

  /** Doubles every array and rebuilds the table, which stays at most half full. */
  private grow(): void {
    const capacity = this.recordIndexes.length * 2;
    this.digests = grown(this.digests, new Uint32Array(capacity * WORDS));
    this.recordIndexes = grown(this.recordIndexes, new Uint32Array(capacity));
    this.keyEnds = grown(this.keyEnds, new Uint32Array(capacity));
    this.found = grown(this.found, new Uint8Array(capacity));
    this.table = new Int32Array(capacity * 2).fill(EMPTY);
    const mask = this.table.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.digests[entry * WORDS] & mask;
      while (this.table[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.table[slot] = entry;
    }
  }
}

const scratch = new Uint32Array(WORDS);

/** The first 16 bytes of a digest as words (in a shared scratch array: copied by `add`, never kept). */
function wordsOf(digest: Buffer): Uint32Array {
  if (digest.length < DIGEST_BYTES) throw new TypeError(`DigestSet: a digest has ${DIGEST_BYTES} bytes, got ${digest.length}`);
  for (let word = 0; word < WORDS; word++) scratch[word] = digest.readUInt32LE(word * 4);
  return scratch;
}

function grown<T extends Uint32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
