import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import type { AirbyteMessage } from './messages';
import { checkMessage } from './message-check';
import { checkCount, checkOptionsObject } from './argument-checks';
import { registerReader, type ReaderBatches } from './reader-handoff';
import { describeValue } from './schema-violations';

/** Why a line of connector output did not become a message. */
export type DiagnosticKind = 'not-json' | 'not-a-message' | 'line-too-long' | 'not-text';

export interface ReaderDiagnostic {
  kind: DiagnosticKind;
  /** 1-based line number in the output. */
  line: number;
  /** At most `excerptLength` characters of the line, for people to recognise it. */
  excerpt: string;
  /** What was wrong, in words. */
  reason: string;
}

export type ReadItem =
  | { type: 'message'; line: number; message: AirbyteMessage }
  | { type: 'diagnostic'; line: number; diagnostic: ReaderDiagnostic };

export interface ReadMessagesOptions {
  /**
   * Lines longer than this (in UTF-16 code units) are dropped as a `line-too-long` diagnostic
   * instead of being parsed. Memory stays bounded by this limit. Default: 512 MiB.
   */
  maxLineLength?: number;
  /** Characters of a bad line kept in its diagnostic. Default: 120. */
  excerptLength?: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 512 * 1024 * 1024;
export const DEFAULT_EXCERPT_LENGTH = 120;
/**
 * Messages nested deeper than this are refused (not-a-message). JSON.parse takes any depth, but every
 * recursive walk of the value after it (hashing, diffs, JSON.stringify) would overflow the stack; 1000
 * is also the limit of Jackson (StreamReadConstraints), which Airbyte's platform parses messages with.
 */
export const MAX_NESTING_DEPTH = 1000;

/** One piece of connector output. */
export type Chunk = Buffer | Uint8Array | string;

/** Any byte or string source: a Node stream, an async generator, an array of chunks, or one whole string or Buffer. */
export type ChunkSource = AsyncIterable<Chunk> | Iterable<Chunk> | Chunk;

/**
 * Splits connector output into lines and turns each into a protocol message or a diagnostic.
 * Streams stay streams: one line is held at a time, and a line split over many chunks is joined
 * once (pieces are collected, never re-concatenated per chunk), so a line of tens of MB costs
 * linear time and memory bounded by the longest line. Never throws on content; throws a TypeError
 * on a source that is not one, a chunk that is not text or bytes, or a bad option.
 */
export function readMessages(source: ChunkSource, options: ReadMessagesOptions = {}): AsyncGenerator<ReadItem> {
  const handle: ReaderBatches = { batches: readMessageBatches(source, options), started: false, taken: false };
  const items = (async function* () {
    if (handle.taken) return;
    handle.started = true;
    for await (const batch of handle.batches) {
      for (const item of batch) yield item;
    }
  })();
  registerReader(items, handle);
  return items;
}

/**
 * The same items as `readMessages`, as one array per chunk of the source (empty chunks give
 * none): a consumer that handles many items per `await` skips most of the per-item async cost.
 */
export async function* readMessageBatches(source: ChunkSource, options: ReadMessagesOptions = {}): AsyncGenerator<ReadItem[]> {
  const { maxLineLength, excerptLength } = checkReadOptions(options);
  const chunks = asIterable(source);
  const lines = new LineSplitter(maxLineLength, excerptLength + 1);
  for await (const chunk of chunks) {
    const batch = parseLines(lines.push(chunk), excerptLength);
    if (batch.length > 0) yield batch;
  }
  const last = parseLines(lines.end(), excerptLength);
  if (last.length > 0) yield last;
}

function parseLines(lines: Iterable<SplitLine>, excerptLength: number): ReadItem[] {
  const items: ReadItem[] = [];
  for (const line of lines) {
    const item = parseLine(line, excerptLength);
    if (item) items.push(item);
  }
  return items;
}

function asIterable(source: ChunkSource): AsyncIterable<Chunk> | Iterable<Chunk> {
  if (typeof source === 'string' || source instanceof Uint8Array) return [source];
  if (typeof source === 'object' && source !== null && (Symbol.asyncIterator in source || Symbol.iterator in source)) return source;
  throw new TypeError(`readMessages: source must be a stream, an (async) iterable of Buffer/string chunks, a string or a Buffer; got ${describeValue(source)}`);
}

function checkReadOptions(options: ReadMessagesOptions): Required<ReadMessagesOptions> {
  checkOptionsObject('readMessages', options);
  return {
    maxLineLength: checkCount('readMessages: options.maxLineLength', options.maxLineLength, DEFAULT_MAX_LINE_LENGTH, 1),
    excerptLength: checkCount('readMessages: options.excerptLength', options.excerptLength, DEFAULT_EXCERPT_LENGTH, 0),
  };
}

/** A line as the splitter hands it over: its text, or the start of it and its length when it was too long. */
export type SplitLine =
  | { number: number; text: string; tooLong?: false; notUtf8?: true }
  | { number: number; text: string; tooLong: true; length: number; maxLineLength: number; notUtf8?: true };

/**
 * Incremental newline splitter over bytes or strings. Handles `\n` and `\r\n`, multi-byte UTF-8
 * characters split across chunks, and a last line without a newline. Bytes that are not UTF-8
 * become U+FFFD, as Node's decoder does, and their line is marked `notUtf8`.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pieces: string[] = [];
  private pendingLength = 0;
  private overflow = false;
  private overflowHead = '';
  private lineNumber = 0;
  /** The end of the last byte chunk when it stops inside a character: checked with the next chunk. */
  private partialCharacter: Buffer | undefined;
  /** Invalid UTF-8 seen in the line being collected, and in the lines a byte chunk completes (in order). */
  private pendingNotUtf8 = false;
  private notUtf8Lines: boolean[] | undefined;
  private openLineNotUtf8 = false;

  /**
   * @param maxLineLength longer lines are reported as `tooLong` with only their start kept
   * @param headLength characters kept of a too-long line; one more than the excerpt shows, so it can say it was cut
   */
  constructor(
    private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH,
    private readonly headLength: number = DEFAULT_EXCERPT_LENGTH + 1,
  ) {
    checkCount('LineSplitter: maxLineLength', maxLineLength, DEFAULT_MAX_LINE_LENGTH, 1);
    checkCount('LineSplitter: headLength', headLength, DEFAULT_EXCERPT_LENGTH + 1, 0);
  }

  *push(chunk: Chunk): Generator<SplitLine> {
    let text: string;
    if (typeof chunk === 'string') {
      // A string after bytes: whatever partial character the decoder holds can no longer complete.
      const pending = this.decoder.end();
      text = pending ? pending + chunk : chunk;
      if (this.partialCharacter) this.pendingNotUtf8 = true;
      this.partialCharacter = undefined;
    } else if (chunk instanceof Uint8Array) {
      text = this.decoder.write(chunk);
      this.notUtf8Lines = this.checkUtf8(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } else {
      throw new TypeError(`LineSplitter: a chunk must be a Buffer, Uint8Array or string, got ${describeValue(chunk)}`);
    }
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        this.keep(text, start, text.length);
        return;
      }
      this.keep(text, start, newline);
      yield this.finishLine();
      start = newline + 1;
    }
  }

  *end(): Generator<SplitLine> {
    const rest = this.decoder.end();
    // bytes of a character the output never finished
    if (this.partialCharacter) this.pendingNotUtf8 = true;
    this.partialCharacter = undefined;
    if (rest) yield* this.push(rest);
    if (this.pendingLength > 0 || this.overflow) yield this.finishLine();
  }

  /**
   * Which lines of this chunk hold bytes that are not UTF-8: undefined when none does (the native
   * check, GB/s), else one flag per line the chunk completes; the line it leaves open goes to
   * pendingNotUtf8. A character split across chunks is checked whole, with the next chunk.
   */
  private checkUtf8(chunk: Buffer): boolean[] | undefined {
    let bytes = this.partialCharacter ? Buffer.concat([this.partialCharacter, chunk]) : chunk;
    this.partialCharacter = undefined;
    const cut = incompleteTail(bytes);
    if (cut < bytes.length) {
      this.partialCharacter = Buffer.from(bytes.subarray(cut));
      bytes = bytes.subarray(0, cut);
    }
    if (isUtf8(bytes)) return undefined;
    const flags: boolean[] = [];
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(0x0a, start);
      const invalid = !isUtf8(bytes.subarray(start, newline === -1 ? bytes.length : newline));
      if (newline === -1) {
        if (flags.length === 0) {
          this.pendingNotUtf8 ||= invalid;
          return undefined;
        }
        // the first line this chunk completes began before it; the line it leaves open is flagged once these are done
        flags[0] ||= this.pendingNotUtf8;
        this.pendingNotUtf8 = false;
        this.openLineNotUtf8 = invalid;
        return flags;
      }
      flags.push(invalid);
      start = newline + 1;
    }
  }

  private keep(text: string, from: number, to: number): void {
    if (to <= from) return;
    const length = to - from;
    if (!this.overflow && this.pendingLength + length > this.maxLineLength) {
      this.overflow = true;
      this.overflowHead = this.headOf(text, from, to);
      this.pieces = [];
    } else if (this.overflow && this.overflowHead.length < this.headLength) {
      // the head goes on filling from later chunks, so it is the same however the line was chunked
      this.overflowHead += text.slice(from, Math.min(to, from + this.headLength - this.overflowHead.length));
    }
    this.pendingLength += length;
    if (!this.overflow) this.pieces.push(from === 0 && to === text.length ? text : text.slice(from, to));
  }

  private headOf(text: string, from: number, to: number): string {
    let head = '';
    for (const piece of this.pieces) {
      if (head.length >= this.headLength) break;
      head += piece.slice(0, this.headLength - head.length);
    }
    if (head.length < this.headLength) head += text.slice(from, Math.min(to, from + this.headLength - head.length));
    return head;
  }

  private finishLine(): SplitLine {
    this.lineNumber += 1;
    let line: SplitLine;
    if (this.overflow) {
      line = { number: this.lineNumber, text: this.overflowHead, tooLong: true, length: this.pendingLength, maxLineLength: this.maxLineLength };
    } else {
      let text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      line = { number: this.lineNumber, text };
    }
    // the flags of a chunk's lines, in order; the first continues the line collected before the chunk
    let notUtf8: boolean;
    if (this.notUtf8Lines) {
      notUtf8 = this.notUtf8Lines.shift() ?? false;
      if (this.notUtf8Lines.length === 0) {
        this.notUtf8Lines = undefined;
        this.pendingNotUtf8 = this.openLineNotUtf8;
      }
    } else {
      notUtf8 = this.pendingNotUtf8;
      this.pendingNotUtf8 = false;
    }
    if (notUtf8) line.notUtf8 = true;
    this.pieces = [];
    this.pendingLength = 0;
    this.overflow = false;
    this.overflowHead = '';
    return line;
  }
}

/** Turns one line into a message or a diagnostic; blank lines give nothing. */
export function parseLine(line: SplitLine, excerptLength: number = DEFAULT_EXCERPT_LENGTH): ReadItem | undefined {
  if (typeof line !== 'object' || line === null || typeof line.text !== 'string' || typeof line.number !== 'number') {
    throw new TypeError(`parseLine: expected a line {number, text} from LineSplitter, got ${describeValue(line)}`);
  }
  if (line.notUtf8) {
    return diagnostic('not-text', line.number, line.text, excerptLength, 'the line holds bytes that are not UTF-8 text (binary output, or text in another encoding); they are shown as \ufffd');
  }
  if (line.tooLong) {
    const reason = `line of ${line.length} characters is longer than the limit of ${line.maxLineLength}; it was skipped (raise maxLineLength to read it)`;
    return diagnostic('line-too-long', line.number, line.text, excerptLength, reason);
  }
  const text = line.text;
  if (text.length === 0 || isBlank(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return diagnostic('not-json', line.number, text, excerptLength, (error as Error).message);
  }
  const problem = checkMessage(value);
  if (problem !== undefined) return diagnostic('not-a-message', line.number, text, excerptLength, problem);
  // a line with fewer opening brackets than the limit cannot nest deeper: ordinary lines, wide ones
  // included, skip the character scan (it costs more than JSON.parse; counting costs ~5 % of it)
  if (text.length > 2 * MAX_NESTING_DEPTH && openingBracketsExceed(text, MAX_NESTING_DEPTH) && nestingDepthExceeds(text, MAX_NESTING_DEPTH)) {
    return diagnostic('not-a-message', line.number, text, excerptLength, `the message is nested deeper than ${MAX_NESTING_DEPTH} levels of objects and arrays`);
  }
  return { type: 'message', line: line.number, message: value as AirbyteMessage };
}

function diagnostic(kind: DiagnosticKind, line: number, text: string, excerptLength: number, reason: string): ReadItem {
  return { type: 'diagnostic', line, diagnostic: { kind, line, excerpt: excerpt(text, excerptLength), reason } };
}

/** A short, printable excerpt: control characters shown as escapes, long text cut with an ellipsis. */
export function excerpt(text: string, length: number = DEFAULT_EXCERPT_LENGTH): string {
  if (typeof text !== 'string') throw new TypeError(`excerpt: text must be a string, got ${describeValue(text)}`);
  checkCount('excerpt: length', length, DEFAULT_EXCERPT_LENGTH, 0);
  const head = text.length > length ? text.slice(0, length) : text;
  // eslint-disable-next-line no-control-regex
  const printable = head.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > length ? `${printable}…` : printable;
}

/** Where the bytes stop being whole UTF-8 characters: the start of a last character that is cut short, else the length. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** True when the text holds more than `limit` `{` and `[` in all (in strings too): found by the native indexOf. */
function openingBracketsExceed(text: string, limit: number): boolean {
  let count = 0;
  for (const open of ['{', '[']) {
    for (let at = text.indexOf(open); at !== -1; at = text.indexOf(open, at + 1)) if (++count > limit) return true;
  }
  return false;
}

/** True when the JSON text opens more than `limit` objects or arrays inside each other (brackets in strings do not count). */
function nestingDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
