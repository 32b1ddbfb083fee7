import type { AirbyteMessage, AirbyteStateMessage, ConfiguredAirbyteCatalog, JsonValue } from '@nx-airbyte/protocol';
import { canonicalJson } from '../checks/record-hash';
import type { Failure } from '../report/test-result';
import type { ConnectorSession, RunEnding } from '../suite/connector-session';
import { describeRun } from '../suite/source-fixtures';
import type { ExpectedRecords } from './stored-records';

/** How long the suite waits, after sending a STATE, for its echo before it sends on (a destination may echo at the end). */
export const STATE_ECHO_GRACE_MS = 2000;
/** Bytes of input lines sent to the destination at once. */
const INPUT_CHUNK_BYTES = 64 * 1024;
const FAILURES_LISTED = 5;

export interface SyncRequest {
  /** For timings and secret leaks: `destination.test_sync[data_set=x] (sync 1)`. */
  test: string;
  config: JsonValue;
  catalog: ConfiguredAirbyteCatalog;
  /** The sync's input, generated as it is sent. */
  messages: Iterable<AirbyteMessage>;
  /** Every record sent is added here as it goes out. */
  expected: ExpectedRecords;
  localDirectory: string;
  timeoutMs: number;
  /**
   * When given, the input is held back after each STATE until the destination echoes it (or the grace
   * period passes); on an echo, what was sent before the STATE must be stored: this checks it.
   */
  verifyCheckpoint?: (sentBefore: ExpectedRecords, stateNumber: number) => Promise<Failure[]>;
}

/**
 * Counters a destination (or the platform) may add to a STATE it echoes; they are not the state, so the
 * comparison leaves them out (newer CDK destinations add destinationStats to every echo).
 */
const STATE_STATS_FIELDS = ['sourceStats', 'destinationStats'];

/** The canonical JSON of a STATE without its stats: what an echo is compared on. */
export function stateIdentity(state: AirbyteStateMessage): string {
  const rest: Record<string, unknown> = { ...state };
  for (const field of STATE_STATS_FIELDS) delete rest[field];
  return canonicalJson(rest as JsonValue);
}

/** The states sent and echoed: an echo is a STATE that was sent, in the order they were sent. */
class StateEchoes {
  readonly sent: string[] = [];
  private matched = 0;
  lastEchoed: string | undefined;
  readonly failures: Failure[] = [];
  private unknown = 0;
  private waiters: Array<{ stateIndex: number; wake: (echoed: boolean) => void }> = [];

  send(state: AirbyteStateMessage): number {
    this.sent.push(stateIdentity(state));
    return this.sent.length - 1;
  }

  /** True once the state `stateIndex`, or a later one, was echoed. */
  isEchoed(stateIndex: number): boolean {
    return stateIndex < this.matched;
  }

  echo(state: AirbyteStateMessage): void {
    const text = stateIdentity(state);
    this.lastEchoed = text;
    const found = this.sent.indexOf(text, this.matched);
    if (found === -1) {
      this.unknown += 1;
      if (this.failures.length < FAILURES_LISTED) {
        const before = this.sent.lastIndexOf(text, this.matched - 1) !== -1;
        this.failures.push({ message: before ? `echoed a STATE again, or out of order (after a later one): ${excerpt(text)}` : `echoed a STATE that was never sent: ${excerpt(text)}` });
      }
      return;
    }
    this.matched = found + 1;
    this.waiters = this.waiters.filter((waiter) => (waiter.stateIndex < this.matched ? (waiter.wake(true), false) : true));
  }

  /** Resolves true once the state `stateIndex` (or a later one) is echoed, false after `graceMs`. */
  waitFor(stateIndex: number, graceMs: number): Promise<boolean> {
    if (this.isEchoed(stateIndex)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.wake !== wake);
        resolve(false);
      }, graceMs);
      const wake = (echoed: boolean) => {
        clearTimeout(timer);
        resolve(echoed);
      };
      this.waiters.push({ stateIndex, wake });
    });
  }

  finish(): Failure[] {
    const failures = [...this.failures];
    if (this.unknown > this.failures.length) failures.push({ message: `${this.unknown - this.failures.length} more echoed STATE messages were never sent` });
    const last = this.sent[this.sent.length - 1];
    if (last !== undefined && this.lastEchoed !== last) {
      failures.push({
        message: this.lastEchoed === undefined
          ? `the destination echoed no STATE; it must echo each STATE once the records before it are stored, the last one last (the last sent: ${excerpt(last)})`
          : `the last STATE echoed must be the last STATE sent: sent ${excerpt(last)}, last echoed ${excerpt(this.lastEchoed)}`,
        expected: JSON.parse(last),
        actual: JSON.parse(this.lastEchoed ?? 'null'),
      });
    }
    return failures;
  }
}

/**
 * Runs one `write`: the messages go to stdin as they are generated (their records added to the expected
 * ones on the way), /local is the given host directory, and the destination's output is checked as it
 * arrives: STATEs echoed in order and each one sent, the last one last, no TRACE error, no line of stdout
 * dropped (not text, too long), exit code 0.
 */
export async function runSync(session: ConnectorSession, request: SyncRequest): Promise<Failure[]> {
  const states = new StateEchoes();
  const failures: Failure[] = [];
  const errors: string[] = [];
  // STATEs whose echo did not come within the grace: checked when it comes, while the input is held
  let late: Array<{ index: number; sentBefore: ExpectedRecords }> = [];
  async function verifyLateEchoes(): Promise<void> {
    if (!request.verifyCheckpoint) return;
    const echoed = late.filter((checkpoint) => states.isEchoed(checkpoint.index));
    late = late.filter((checkpoint) => !states.isEchoed(checkpoint.index));
    for (const checkpoint of echoed) failures.push(...(await request.verifyCheckpoint(checkpoint.sentBefore, checkpoint.index + 1)));
  }
  async function* input(): AsyncGenerator<Buffer> {
    let chunk: string[] = [];
    let size = 0;
    const flush = () => {
      const buffer = Buffer.from(chunk.join(''));
      chunk = [];
      size = 0;
      return buffer;
    };
    for (const message of request.messages) {
      const line = `${JSON.stringify(message)}\n`;
      chunk.push(line);
      size += line.length;
      if (message.type === 'RECORD') request.expected.add(message.record);
      if (message.type === 'STATE') {
        const index = states.send(message.state);
        if (request.verifyCheckpoint) {
          yield flush();
          const sentBefore = request.expected.snapshot();
          if (await states.waitFor(index, STATE_ECHO_GRACE_MS)) failures.push(...(await request.verifyCheckpoint(sentBefore, index + 1)));
          else late.push({ index, sentBefore });
          await verifyLateEchoes();
          continue;
        }
      }
      if (size >= INPUT_CHUNK_BYTES) {
        if (late.length > 0) await verifyLateEchoes();
        yield flush();
      }
    }
    if (size > 0) yield flush();
    // the last chance to check a late echo while the destination waits for more input
    const last = late[late.length - 1];
    if (last) {
      await states.waitFor(last.index, STATE_ECHO_GRACE_MS);
      await verifyLateEchoes();
    }
  }
  const run = await session.stream(
    { command: 'write', test: request.test, config: request.config, catalog: request.catalog as unknown as JsonValue, stdin: input(), mounts: [{ hostPath: request.localDirectory, containerPath: '/local', temporary: true }], timeoutMs: request.timeoutMs },
    (message) => {
      if (message.type === 'STATE') states.echo(message.state);
      else if (message.type === 'TRACE' && message.trace.type === 'ERROR' && errors.length < FAILURES_LISTED) errors.push(session.leaksMask(message.trace.error?.message ?? '(no message)'));
    },
  );
  if (run.exitCode !== 0 || run.timedOut || run.oomKilled) failures.push({ message: `write: ${describeRun(run)}` });
  failures.push(...droppedLineFailures('write', run));
  for (const error of errors) failures.push({ message: `write: the destination reported an error: ${error}` });
  return [...failures, ...states.finish()];
}

/** Lines of stdout the platform could not carry (bytes that are not text, a line over the limit): a destination's STATE or error may be among them. */
function droppedLineFailures(command: string, run: RunEnding): Failure[] {
  return (['not-text', 'line-too-long'] as const).flatMap((kind) => {
    const first = run.diagnostics.find((diagnostic) => diagnostic.kind === kind);
    return first ? [{ message: `${command}: ${run.diagnosticCounts[kind]} line(s) of stdout of ${run.image} were dropped (first, line ${first.line}: ${first.reason}: ${first.excerpt})` }] : [];
  });
}

function excerpt(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
