import { StringDecoder } from 'node:string_decoder';
import type { AirbyteMessage } from './messages';
import { checkMessage } from './message-check';

/** Why a line of connector output did not become a message. */
export type DiagnosticKind = 'not-json' | 'not-a-message' | 'line-too-long';

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

/** Any byte or string source: a Node stream, an async generator, an array of chunks. */
export type ChunkSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>;

/**
 * Splits connector output into lines and turns each into a protocol message or a diagnostic.
 * Streams stay streams: one line is held at a time, and a line split over many chunks is joined
 * once (pieces are collected, never re-concatenated per chunk), so a line of tens of MB costs
 * linear time and memory bounded by the longest line. Never throws on content.
 */
export async function* readMessages(source: ChunkSource, options: ReadMessagesOptions = {}): AsyncGenerator<ReadItem> {
  const lines = new LineSplitter(options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
  const excerptLength = options.excerptLength ?? DEFAULT_EXCERPT_LENGTH;
  for await (const chunk of source) {
    for (const line of lines.push(chunk)) {
      const item = parseLine(line, excerptLength);
      if (item) yield item;
    }
  }
  for (const line of lines.end()) {
    const item = parseLine(line, excerptLength);
    if (item) yield item;
  }
}

/** A line as the splitter hands it over: its text, or the fact that it was too long. */
export type SplitLine = { number: number; text: string; tooLong?: false } | { number: number; text: string; tooLong: true; length: number };

/**
 * Incremental newline splitter over bytes or strings. Handles `\n` and `\r\n`, multi-byte UTF-8
 * characters split across chunks, and a last line without a newline.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pieces: string[] = [];
  private pendingLength = 0;
  private overflow = false;
  private overflowHead = '';
  private lineNumber = 0;

  constructor(private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH) {}

  *push(chunk: Buffer | Uint8Array | string): Generator<SplitLine> {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk as Buffer);
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
    if (rest) yield* this.push(rest);
    if (this.pendingLength > 0 || this.overflow) yield this.finishLine();
  }

  private keep(text: string, from: number, to: number): void {
    if (to <= from) return;
    if (this.overflow) {
      this.pendingLength += to - from;
      return;
    }
    if (this.pendingLength + (to - from) > this.maxLineLength) {
      this.overflow = true;
      this.overflowHead = (this.pieces.join('') + text.slice(from, Math.min(to, from + DEFAULT_EXCERPT_LENGTH))).slice(0, DEFAULT_EXCERPT_LENGTH);
      this.pieces = [];
      this.pendingLength += to - from;
      return;
    }
    this.pieces.push(from === 0 && to === text.length ? text : text.slice(from, to));
    this.pendingLength += to - from;
  }

  private finishLine(): SplitLine {
    this.lineNumber += 1;
    let line: SplitLine;
    if (this.overflow) {
      line = { number: this.lineNumber, text: this.overflowHead, tooLong: true, length: this.pendingLength };
    } else {
      let text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
      if (text.endsWith('\r')) text = text.slice(0, -1);
      line = { number: this.lineNumber, text };
    }
    this.pieces = [];
    this.pendingLength = 0;
    this.overflow = false;
    this.overflowHead = '';
    return line;
  }
}

/** Turns one line into a message or a diagnostic; blank lines give nothing. */
export function parseLine(line: SplitLine, excerptLength: number = DEFAULT_EXCERPT_LENGTH): ReadItem | undefined {
  if (line.tooLong) {
    return diagnostic('line-too-long', line.number, line.text, excerptLength, `line of ${line.length} characters is over the limit`);
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
  return { type: 'message', line: line.number, message: value as AirbyteMessage };
}

function diagnostic(kind: DiagnosticKind, line: number, text: string, excerptLength: number, reason: string): ReadItem {
  return { type: 'diagnostic', line, diagnostic: { kind, line, excerpt: excerpt(text, excerptLength), reason } };
}

/** A short, printable excerpt: control characters shown as escapes, long text cut with an ellipsis. */
export function excerpt(text: string, length: number = DEFAULT_EXCERPT_LENGTH): string {
  const head = text.length > length ? text.slice(0, length) : text;
  // eslint-disable-next-line no-control-regex
  const printable = head.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return text.length > length ? `${printable}…` : printable;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
