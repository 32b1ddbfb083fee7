import { runCommandInContainer, runConnector, type CommandOutputItem, type ConnectorCommand, type ConnectorInputs, type ContainerMount, type DockerClient, type RunConnectorOptions, type StderrLine } from '@nx-airbyte/docker';
import type { AirbyteMessage, DiagnosticKind, ReaderDiagnostic } from '@nx-airbyte/protocol';
import type { ContainerRunTiming } from '../report/test-result';
import type { SecretLeakWatch } from './secret-leaks';


/**
 * Stdout lines longer than this are dropped as a line-too-long diagnostic, which fails the test, so a
 * connector that prints one huge line costs bounded memory. 64 MiB holds any real record or catalog.
 */
export const DEFAULT_MAX_MESSAGE_LENGTH = 64 * 1024 * 1024;

/** What a run ended with, besides its messages. */
export interface RunEnding {
  /** The image that ran, to name it in failures. */
  image: string;
  exitCode: number;
  timedOut: boolean;
  oomKilled: boolean;
  durationMs: number;
  /** The last stderr lines (masked), to explain a failure. */
  stderrTail: string[];
  diagnostics: ReaderDiagnostic[];
  /** Every diagnostic counted by kind (only the first few are kept in `diagnostics`). */
  diagnosticCounts: Partial<Record<DiagnosticKind, number>>;
  /** Protocol messages the run printed. */
  messageCount: number;
  /** Stderr lines the run printed. */
  stderrLines: number;
}

export interface SessionOptions {
  client: DockerClient;
  image: string;
  runId: string;
  env?: Record<string, string>;
  /** Values that must never appear in connector output (airbyte_secret fields of the configs). */
  leaks: SecretLeakWatch;
  /** Each container's memory limit; a connector that needs more is killed by the kernel (oomKilled). Default: none. */
  memoryLimitBytes?: number;
  /** Default: DEFAULT_MAX_MESSAGE_LENGTH. */
  maxMessageLength?: number;
}

export interface RunRequest extends ConnectorInputs {
  command: ConnectorCommand;
  /** The test this run belongs to, for timings and leak reports. */
  test: string;
  timeoutMs: number;
  /** Another image than the session's, e.g. the previous version for backward compatibility. */
  image?: string;
  /** For `write`: the messages for the connector's stdin. */
  stdin?: RunConnectorOptions['stdin'];
  /** Host directories bound into the container (a temporary /local for destinations). */
  mounts?: readonly ContainerMount[];
  /** Sees every raw stdout line before it is parsed (keep it cheap: it runs on the output path). */
  onStdoutLine?: (line: number, text: string) => void;
}

/** A helper command next to the connector (the read-back of the destination suite). */
export interface CommandRequest {
  image: string;
  command: string[];
  files: Array<{ path: string; contents: Buffer | string }>;
  env: Record<string, string>;
  mounts: readonly ContainerMount[];
  test: string;
  timeoutMs: number;
}

const STDERR_TAIL_LINES = 20;
const DIAGNOSTICS_KEPT = 20;

/**
 * Runs the containers of one acceptance run: all share a run id (their label), the custom environment
 * and the leak watch, and each one's timing is kept for the report.
 */
export class ConnectorSession {
  readonly timings: ContainerRunTiming[] = [];

  constructor(private readonly options: SessionOptions) {}

  get image(): string {
    return this.options.image;
  }

  /** A text with every secret of the run masked. */
  leaksMask(text: string): string {
    return this.options.leaks.mask(text);
  }

  get client(): DockerClient {
    return this.options.client;
  }

  /**
   * Runs one command and hands every protocol message to `onMessage` as it arrives; nothing is kept
   * but the stderr tail and a few diagnostics, so a read of any size costs bounded memory.
   */
  async stream(request: RunRequest, onMessage: (message: AirbyteMessage) => void): Promise<RunEnding> {
    const image = request.image ?? this.options.image;
    const run = await runConnector(this.options.client, {
      image,
      command: request.command,
      config: request.config,
      catalog: request.catalog,
      state: request.state,
      ...(request.stdin !== undefined ? { stdin: request.stdin } : {}),
      ...(request.mounts !== undefined ? { mounts: request.mounts } : {}),
      env: this.options.env,
      timeoutMs: request.timeoutMs,
      runId: this.options.runId,
      maxLineLength: this.options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH,
      ...(this.options.memoryLimitBytes !== undefined ? { memoryLimitBytes: this.options.memoryLimitBytes } : {}),
      onLine: (stream: 'stdout' | 'stderr', line: number, text: string) => {
        this.options.leaks.scan(text, () => `${request.test} (${request.command}, ${stream} line ${line})`);
        if (stream === 'stdout') request.onStdoutLine?.(line, text);
      },
    });
    const stderrTail: string[] = [];
    const diagnostics: ReaderDiagnostic[] = [];
    const diagnosticCounts: RunEnding['diagnosticCounts'] = {};
    let messageCount = 0;
    let stderrLines = 0;
    try {
      for await (const batch of run.batches) {
        for (const item of batch) {
          if (item.type === 'message') {
            messageCount++;
            onMessage(item.message);
          } else if (item.type === 'stderr') {
            stderrLines++;
            keepTail(stderrTail, this.options.leaks.mask((item as StderrLine).text));
          } else {
            diagnosticCounts[item.diagnostic.kind] = (diagnosticCounts[item.diagnostic.kind] ?? 0) + 1;
            if (diagnostics.length < DIAGNOSTICS_KEPT) diagnostics.push({ ...item.diagnostic, excerpt: this.options.leaks.mask(item.diagnostic.excerpt) });
          }
        }
      }
    } catch (error) {
      await run.stop();
      throw error;
    }
    const result = await run.result;
    this.timings.push({ test: request.test, command: request.command, image, durationMs: result.durationMs, exitCode: result.exitCode, timedOut: result.timedOut });
    return { image, exitCode: result.exitCode, timedOut: result.timedOut, oomKilled: result.oomKilled, durationMs: result.durationMs, stderrTail, diagnostics, diagnosticCounts, messageCount, stderrLines };
  }

  /**
   * Runs a helper command and hands every stdout line to `onLine` as it arrives (its output is not the
   * connector's: it is not watched for secrets); the run is labelled and timed like the connector's.
   */
  async command(request: CommandRequest, onLine: (line: number, text: string, truncated: boolean) => void): Promise<RunEnding> {
    const run = await runCommandInContainer(this.options.client, { ...request, runId: this.options.runId });
    const stderrTail: string[] = [];
    let stdoutLines = 0;
    let stderrLines = 0;
    try {
      for await (const batch of run.batches) {
        for (const item of batch as CommandOutputItem[]) {
          if (item.type === 'stdout') {
            stdoutLines++;
            onLine(item.line, item.text, item.truncated === true);
          } else {
            stderrLines++;
            keepTail(stderrTail, this.options.leaks.mask(item.text));
          }
        }
      }
    } catch (error) {
      await run.stop();
      throw error;
    }
    const result = await run.result;
    this.timings.push({ test: request.test, command: 'read-back', image: request.image, durationMs: result.durationMs, exitCode: result.exitCode, timedOut: result.timedOut });
    return { image: request.image, exitCode: result.exitCode, timedOut: result.timedOut, oomKilled: result.oomKilled, durationMs: result.durationMs, stderrTail, diagnostics: [], diagnosticCounts: {}, messageCount: stdoutLines, stderrLines };
  }

  /** Runs a command whose output is small (spec, check, discover) and returns all its messages. */
  async collect(request: RunRequest): Promise<RunEnding & { messages: AirbyteMessage[] }> {
    const messages: AirbyteMessage[] = [];
    const ending = await this.stream(request, (message) => messages.push(message));
    return { ...ending, messages };
  }
}

function keepTail(tail: string[], line: string): void {
  tail.push(line);
  if (tail.length > STDERR_TAIL_LINES) tail.shift();
}
