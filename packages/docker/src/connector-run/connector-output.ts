import type { ReadItem, SplitLine } from '@nx-airbyte/protocol';
import { protocolReader } from '../protocol-reader';
import { demuxFrames } from './container-frames';
import type { OutputQueue } from './output-queue';

/** A line the connector wrote to stderr. `line` counts stderr lines from 1. */
export interface StderrLine {
  type: 'stderr';
  line: number;
  text: string;
  /** Set when the line was longer than the limit and `text` holds only its start. */
  truncated?: true;
}

/** What a connector run yields: protocol messages and diagnostics from stdout, and stderr lines. */
export type ConnectorOutputItem = ReadItem | StderrLine;

export interface OutputCounts {
  stdoutBytes: number;
  stderrBytes: number;
}

/** Sees every raw output line before it is parsed, e.g. to look for secret values in it. */
export type LineObserver = (stream: 'stdout' | 'stderr', line: number, text: string) => void;

/** A line a command wrote to stdout, as text: what runCommandInContainer yields instead of protocol messages. */
export interface StdoutLine {
  type: 'stdout';
  line: number;
  text: string;
  truncated?: true;
}

/** What runCommandInContainer yields: every line of stdout and stderr, as text. */
export type CommandOutputItem = StdoutLine | StderrLine;

/**
 * Reads the attach stream to its end: stdout through the protocol reader (messages and diagnostics),
 * stderr as lines. Pauses while the queue is full, which holds the container's output back.
 */
export function pumpConnectorOutput(
  attachStream: AsyncIterable<Buffer>,
  queue: OutputQueue<ConnectorOutputItem>,
  maxLineLength?: number,
  onLine?: LineObserver,
): Promise<OutputCounts> {
  const { parseLine } = protocolReader();
  return pumpLines(attachStream, queue, (line) => parseLine(line), maxLineLength, onLine);
}

/** Reads the attach stream to its end, every stdout and stderr line as text. */
export function pumpCommandOutput(attachStream: AsyncIterable<Buffer>, queue: OutputQueue<CommandOutputItem>, maxLineLength?: number): Promise<OutputCounts> {
  return pumpLines(attachStream, queue, (line) => ({ type: 'stdout', line: line.number, text: line.text, ...(line.tooLong ? { truncated: true as const } : {}) }), maxLineLength);
}

async function pumpLines<Item>(
  attachStream: AsyncIterable<Buffer>,
  queue: OutputQueue<Item | StderrLine>,
  stdoutItem: (line: SplitLine) => Item | undefined,
  maxLineLength?: number,
  onLine?: LineObserver,
): Promise<OutputCounts> {
  const { LineSplitter } = protocolReader();
  const stdout = new LineSplitter(maxLineLength);
  const stderr = new LineSplitter(maxLineLength);
  const counts: OutputCounts = { stdoutBytes: 0, stderrBytes: 0 };
  const takeStdout = (line: SplitLine) => {
    onLine?.('stdout', line.number, line.text);
    const item = stdoutItem(line);
    if (item) queue.push(item, line.text.length + 1);
  };
  const takeStderr = (line: SplitLine) => {
    onLine?.('stderr', line.number, line.text);
    queue.push({ type: 'stderr', line: line.number, text: line.text, ...(line.tooLong ? { truncated: true as const } : {}) }, line.text.length + 1);
  };
  for await (const piece of demuxFrames(attachStream)) {
    if (piece.stream === 'stdout') {
      counts.stdoutBytes += piece.payload.length;
      for (const line of stdout.push(piece.payload)) takeStdout(line);
    } else {
      counts.stderrBytes += piece.payload.length;
      for (const line of stderr.push(piece.payload)) takeStderr(line);
    }
    await queue.waitForRoom();
  }
  for (const line of stdout.end()) takeStdout(line);
  for (const line of stderr.end()) takeStderr(line);
  return counts;
}
