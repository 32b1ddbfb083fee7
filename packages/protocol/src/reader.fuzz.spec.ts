import { checkMessage } from './message-check';
import { readMessageBatches, type ChunkSource, type ReadItem, type ReadMessagesOptions } from './reader';
import { fuzzSeed, SeededRandom } from '../test/support/seeded-random';

// The reader never throws on content: 100,000 generated outputs (valid and broken messages, binary,
// invalid UTF-8, deep nesting, prototype keys, long lines, CR/LF mixes), each read whole and read in
// random chunks. Deterministic: the seed is printed, FUZZ_SEED=<seed> replays a run.
const SEED = fuzzSeed(20260801);
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 100_000);

const KINDS = new Set(['not-json', 'not-a-message', 'line-too-long', 'not-text']);
const MESSAGE_TYPES = ['RECORD', 'STATE', 'LOG', 'SPEC', 'CATALOG', 'CONNECTION_STATUS', 'TRACE', 'CONTROL', 'NOPE', ''];
const INVALID_UTF8 = [[0xc3], [0xf0, 0x9f], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xfe, 0xff], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]];

function jsonValue(random: SeededRandom, depth: number): unknown {
  switch (random.int(0, depth > 3 ? 5 : 7)) {
    case 0: return null;
    case 1: return random.chance(0.5);
    case 2: return random.pick([0, -1, 1.5, 1e308, -1e-308, Number.MAX_SAFE_INTEGER + 2, 3]);
    case 3: return random.text(random.int(0, 12), 'ab é😀\\"\n\t\u0000\u2028');
    case 4: return random.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    case 5: return random.text(random.int(0, 5), 'xyz');
    case 6: return Array.from({ length: random.int(0, 4) }, () => jsonValue(random, depth + 1));
    default: return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [random.pick(['type', 'record', 'data', 'stream', '__proto__', 'constructor', 'k', '']), jsonValue(random, depth + 1)]));
  }
}

/** A line that is a message, or close to one (fields of the wrong type, missing, extra). */
function messageLike(random: SeededRandom): string {
  if (random.chance(0.4)) return JSON.stringify({ type: 'RECORD', record: { stream: 'users', data: { id: random.int(0, 1e6), value: jsonValue(random, 1) }, emitted_at: 1700000000000 } });
  const type = random.pick(MESSAGE_TYPES);
  const message: Record<string, unknown> = { type };
  if (type === 'RECORD' || random.chance(0.2)) message.record = random.chance(0.7) ? { stream: random.pick(['users', '', 5, null]), data: jsonValue(random, 0), emitted_at: random.pick([1700000000000, -1, 'now', 1.5]) } : jsonValue(random, 0);
  if (type === 'LOG' || random.chance(0.2)) message.log = { level: random.pick(['INFO', 'ERROR', 'info', 7]), message: jsonValue(random, 2) };
  if (type === 'STATE' || random.chance(0.1)) message.state = jsonValue(random, 0);
  if (random.chance(0.1)) message[random.pick(['__proto__', 'constructor', 'extra'])] = jsonValue(random, 0);
  let text = random.chance(0.05) ? `{"__proto__":${JSON.stringify(message)}}` : JSON.stringify(message);
  if (random.chance(0.3)) text = mutate(random, text);
  return text;
}

function mutate(random: SeededRandom, text: string): string {
  const at = random.int(0, text.length);
  switch (random.int(0, 3)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + random.pick(['"', '{', '}', ',', '\\', '\u0000', ']', 'null']) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + random.int(1, 5));
    default: return `${text}${random.pick(['', ' ', '\t', 'garbage', '\r'])}`;
  }
}

function deepNesting(random: SeededRandom): string {
  const depth = random.int(900, 1100);
  const open = random.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  const inner = `${open.repeat(depth)}1${random.chance(0.7) ? close.repeat(depth) : ''}`;
  return random.chance(0.5) ? `{"type":"RECORD","record":{"stream":"s","emitted_at":1,"data":{"x":${inner}}}}` : inner;
}

/** One piece of output: lines of all kinds, as bytes. */
function output(random: SeededRandom): Buffer {
  const parts: Buffer[] = [];
  if (random.chance(0.05)) parts.push(Buffer.from([0xef, 0xbb, 0xbf])); // a byte order mark
  const lines = random.int(0, 6);
  for (let i = 0; i < lines; i++) {
    switch (random.int(0, 9)) {
      case 0: parts.push(random.bytes(random.int(0, 64))); break;
      case 1: parts.push(Buffer.from(random.pick(INVALID_UTF8)), Buffer.from(messageLike(random)), Buffer.from(random.pick(INVALID_UTF8))); break;
      case 2: parts.push(Buffer.from(random.chance(0.1) ? deepNesting(random) : messageLike(random))); break;
      case 3: parts.push(Buffer.from(JSON.stringify(jsonValue(random, 0)) ?? 'undefined')); break;
      case 4: parts.push(Buffer.from(random.text(random.int(0, 400), 'a{}[]":,\\ \r'))); break;
      case 5: parts.push(Buffer.from(random.pick(['', ' ', '\t', '\r', '   \r']))); break;
      default: parts.push(Buffer.from(messageLike(random))); break;
    }
    parts.push(Buffer.from(random.pick(['\n', '\n', '\n', '\r\n', '\r', '\n\n'])));
  }
  if (random.chance(0.3) && parts.length > 0) parts.pop(); // a last line without a newline
  return Buffer.concat(parts);
}

/** The same bytes in random chunks: some of one byte, some cut inside a character, some as strings. */
function chunked(random: SeededRandom, bytes: Buffer, allowStrings: boolean): Array<Buffer | string> {
  const chunks: Array<Buffer | string> = [];
  let at = 0;
  while (at < bytes.length) {
    const size = random.chance(0.2) ? 1 : random.int(1, 64);
    const piece = bytes.subarray(at, at + size);
    chunks.push(allowStrings && random.chance(0.1) ? piece.toString('latin1') : piece);
    at += size;
  }
  if (random.chance(0.1)) chunks.splice(random.int(0, chunks.length), 0, Buffer.alloc(0));
  return chunks;
}

async function readAll(source: ChunkSource, options: ReadMessagesOptions): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const batch of readMessageBatches(source, options)) items.push(...batch);
  return items;
}

function firstDifference(whole: ReadItem[], pieces: ReadItem[]): string | undefined {
  for (let i = 0; i < Math.max(whole.length, pieces.length); i++) {
    const [a, b] = [JSON.stringify(whole[i]), JSON.stringify(pieces[i])];
    if (a !== b) return `item ${i}: whole ${a}, chunked ${b}`;
  }
  return undefined;
}

function checkItems(items: ReadItem[], options: Required<ReadMessagesOptions>): void {
  let previous = 0;
  for (const item of items) {
    if (!(item.line > previous)) throw new Error(`line numbers must grow: ${item.line} after ${previous}`);
    previous = item.line;
    if (item.type === 'message') {
      const problem = checkMessage(item.message);
      if (problem !== undefined) throw new Error(`line ${item.line} became a message that checkMessage refuses: ${problem}`);
    } else if (item.type === 'diagnostic') {
      const { diagnostic } = item;
      if (!KINDS.has(diagnostic.kind) || diagnostic.line !== item.line || typeof diagnostic.reason !== 'string' || diagnostic.reason === '') throw new Error(`bad diagnostic ${JSON.stringify(diagnostic)}`);
      if (diagnostic.excerpt.length > options.excerptLength * 4 + 1) throw new Error(`excerpt of ${diagnostic.excerpt.length} characters for excerptLength ${options.excerptLength}`);
      if (diagnostic.kind === 'line-too-long' && !diagnostic.reason.includes(String(options.maxLineLength))) throw new Error('a line-too-long diagnostic must name the limit');
    } else {
      throw new Error(`an item that is neither message nor diagnostic: ${JSON.stringify(item)}`);
    }
  }
}

describe(`readMessages under fuzzing (seed ${SEED}, FUZZ_SEED=<n> to replay)`, () => {
  it(`never throws on ${INPUTS.toLocaleString('en')} generated outputs, and gives the same items however the bytes are chunked`, async () => {
    console.log(`reader fuzz: seed ${SEED}, ${INPUTS} inputs`);
    const random = new SeededRandom(SEED);
    let messages = 0;
    let diagnostics = 0;
    for (let n = 0; n < INPUTS; n++) {
      const bytes = output(random);
      const options = { maxLineLength: random.chance(0.3) ? random.int(1, 300) : 512 * 1024 * 1024, excerptLength: random.pick([0, 1, 40, 120]) };
      const where = `case ${n} (seed ${SEED}, replay with FUZZ_SEED=${SEED}); input (base64) ${bytes.toString('base64').slice(0, 2000)}`;
      let whole: ReadItem[];
      try {
        whole = await readAll([bytes], options);
        checkItems(whole, options);
        const pieces = await readAll(chunked(random, bytes, false), options);
        const differs = firstDifference(whole, pieces);
        if (differs) throw new Error(`chunked bytes (options ${JSON.stringify(options)}) gave other items than the whole output: ${differs}`);
        // strings mixed in change how bytes decode, never whether the reader copes
        checkItems(await readAll(chunked(random, bytes, true), options), options);
      } catch (error) {
        throw new Error(`${where}: ${(error as Error).stack}`);
      }
      for (const item of whole) {
        if (item.type === 'message') messages++;
        else diagnostics++;
      }
    }
    console.log(`reader fuzz: ${messages} messages, ${diagnostics} diagnostics`);
    expect(messages).toBeGreaterThan(INPUTS / 5);
    expect(diagnostics).toBeGreaterThan(INPUTS / 10);
  }, 300_000);
});
