/**
 * faros-airbyte-cdk writes its STATE for Faros' own destination: the whole connector state as one
 * gzip+base64 LEGACY blob (`{data: {format: 'base64/gzip', data}}`), plus STATE messages that carry
 * Faros extensions (sourceConfig, sourceIdentity, sourceStatus, logs). A standard Airbyte consumer
 * cannot read a cursor from that, and stream failures only exist as a Faros sourceStatus.
 *
 * This bridge sits where every message of the CDK passes (the runner's logger) and writes the
 * standard protocol instead: one plain per-stream STATE (type STREAM) whenever a stream's state
 * changes or the stream completes, and a TRACE ERROR for every failure the CDK reports as status.
 */
import {
  AirbyteLogLevel,
  AirbyteMessage,
  AirbyteMessageType,
  AirbyteSourceLogger,
  AirbyteStateMessage,
  AirbyteTraceFailureType,
  State,
} from 'faros-airbyte-cdk';

/** The protocol's per-stream state message (AirbyteStateMessage, type STREAM). */
export interface StreamStateMessage extends AirbyteMessage {
  readonly type: AirbyteMessageType.STATE;
  readonly state: {
    readonly type: 'STREAM';
    readonly stream: { readonly stream_descriptor: { readonly name: string }; readonly stream_state: Record<string, unknown> };
  };
}

/** The protocol's TRACE ERROR, with the optional stream_descriptor the CDK's own type lacks. */
export interface TraceErrorMessage extends AirbyteMessage {
  readonly type: AirbyteMessageType.TRACE;
  readonly trace: {
    readonly type: 'ERROR';
    readonly emitted_at: number;
    readonly error: {
      readonly message: string;
      readonly internal_message?: string;
      readonly failure_type: AirbyteTraceFailureType;
      readonly stream_descriptor?: { readonly name: string };
    };
  };
}

/** The Faros extension fields a STATE message of the CDK may carry. */
interface FarosStateMessage extends AirbyteStateMessage {
  readonly sourceStatus?: { status: 'ERRORED' | 'RUNNING' | 'SUCCESS'; message?: { summary?: string; details?: { reason?: string } } };
  readonly streamStatus?: { name: string; status: 'SUCCESS' | 'ERROR' };
}

const EXTENSION_FIELDS = ['sourceStatus', 'streamStatus', 'redactedConfig', 'sourceIdentity', 'logs'];

export function streamState(name: string, state: Record<string, unknown>): StreamStateMessage {
  return {
    type: AirbyteMessageType.STATE,
    state: { type: 'STREAM', stream: { stream_descriptor: { name }, stream_state: state } },
  };
}

export function traceError(message: string, failureType: AirbyteTraceFailureType, stream?: string, internalMessage?: string): TraceErrorMessage {
  return {
    type: AirbyteMessageType.TRACE,
    trace: {
      type: 'ERROR',
      emitted_at: Date.now(),
      error: {
        message,
        failure_type: failureType,
        ...(internalMessage ? { internal_message: internalMessage } : {}),
        ...(stream ? { stream_descriptor: { name: stream } } : {}),
      },
    },
  };
}

/**
 * Turns the STATE messages of one CDK run into standard ones. Stateful: it remembers the state
 * it started from and the last state it wrote per stream, so it writes a stream's state only
 * when it changed, and once more when the stream completes if it never wrote one.
 */
export class FarosStateTranslator {
  private startState: Record<string, unknown> | undefined;
  private readonly written = new Map<string, string>();

  translate(message: AirbyteStateMessage): AirbyteMessage[] {
    const faros = message as FarosStateMessage;
    const streamMessage = this.platformStreamState(message);
    if (streamMessage) return streamMessage;

    const connectorState = decodeConnectorState(message.state);
    // The first STATE of a read (the CDK's identity or config message) carries the state the read started from.
    if (this.startState === undefined) this.startState = connectorState ?? {};

    if (faros.sourceStatus) return this.translateStatus(faros, connectorState);
    if (Object.keys(message).some((key) => EXTENSION_FIELDS.includes(key))) return [];
    return this.changedStreams(connectorState ?? {});
  }

  private translateStatus(message: FarosStateMessage, connectorState: Record<string, unknown> | undefined): AirbyteMessage[] {
    const { sourceStatus, streamStatus } = message;
    const summary = sourceStatus?.message?.summary;
    if (streamStatus?.status === 'ERROR' || sourceStatus?.status === 'ERRORED') {
      const stream = streamStatus?.name;
      const configProblem = sourceStatus?.message?.details?.reason === 'PRE_READ_CHECK_FAILED';
      const text = stream
        ? `Reading the ${stream} stream failed: ${summary ?? 'no reason given'}`
        : `The sync failed: ${summary ?? 'no reason given'}`;
      return [traceError(text, configProblem ? AirbyteTraceFailureType.CONFIG_ERROR : AirbyteTraceFailureType.SYSTEM_ERROR, stream)];
    }
    if (streamStatus?.status === 'SUCCESS' && !this.written.has(streamStatus.name)) {
      const state = connectorState?.[streamStatus.name];
      return [this.write(streamStatus.name, isObject(state) ? state : {})];
    }
    return [];
  }

  private changedStreams(connectorState: Record<string, unknown>): AirbyteMessage[] {
    const out: AirbyteMessage[] = [];
    for (const [name, state] of Object.entries(connectorState)) {
      if (State.isSharedStateKey(name) || !isObject(state)) continue;
      const previous = this.written.get(name) ?? (this.startState && JSON.stringify(this.startState[name]));
      if (JSON.stringify(state) !== previous) out.push(this.write(name, state));
    }
    return out;
  }

  /** With WORKER_JOB_ID set the CDK already writes per-stream STATE, but compressed, plus its own __faros__ namespaces. */
  private platformStreamState(message: AirbyteStateMessage): AirbyteMessage[] | undefined {
    const state = message.state as { type?: string; stream?: { stream_descriptor?: { name?: string; namespace?: string }; stream_state?: unknown } };
    if (state?.type !== 'STREAM') return undefined;
    const descriptor = state.stream?.stream_descriptor;
    if (!descriptor?.name || descriptor.namespace?.startsWith('__faros')) return [];
    const decoded = State.decode([state]) as Record<string, unknown> | undefined;
    const streamStateValue = decoded?.[descriptor.name];
    return [this.write(descriptor.name, isObject(streamStateValue) ? streamStateValue : {})];
  }

  private write(name: string, state: Record<string, unknown>): StreamStateMessage {
    this.written.set(name, JSON.stringify(state));
    return streamState(name, state);
  }
}

function decodeConnectorState(state: unknown): Record<string, unknown> | undefined {
  const decoded = State.decode(state as Record<string, unknown>) as unknown;
  return isObject(decoded) ? decoded : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The logger the CDK's runner writes every message through. STATE goes through the translator;
 * any TRACE ERROR (translated or the CDK's own) also makes the process exit non-zero.
 */
export class StandardProtocolLogger extends AirbyteSourceLogger {
  private readonly translator = new FarosStateTranslator();

  constructor(level?: AirbyteLogLevel) {
    super(level);
  }

  override async write(message: AirbyteMessage): Promise<void> {
    const messages = message.type === AirbyteMessageType.STATE ? this.translator.translate(message as AirbyteStateMessage) : [message];
    for (const out of messages) {
      if (out.type === AirbyteMessageType.TRACE) process.exitCode = 1;
      await super.write(out);
    }
  }

  /** The CDK batches log lines to upload them in a Faros STATE message; they were already written as LOG messages. */
  override async flush(): Promise<void> {
    this.batch.length = 0;
  }
}
