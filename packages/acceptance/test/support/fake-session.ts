import type { DockerClient } from '@nx-airbyte/docker';
import type { AirbyteCatalog, AirbyteMessage, AirbyteStream, ConfiguredAirbyteCatalog, JsonValue } from '@nx-airbyte/protocol';
import type { ConnectorSession, RunEnding, RunRequest } from '../../src/suite/connector-session';
import type { ContainerRunTiming } from '../../src/report/test-result';

/** What one fake container run prints and how long it takes (ms of the fake clock). */
export interface FakeRun {
  messages: AirbyteMessage[];
  exitCode?: number;
  durationMs?: number;
}

/**
 * A ConnectorSession without Docker, for unit tests of the suites: each run is answered by `connector`
 * and advances a fake clock by its duration; a run longer than its timeout ends as timed out at the
 * timeout, with no messages, as the real runner kills the container.
 */
export class FakeSession {
  readonly timings: ContainerRunTiming[] = [];
  readonly requests: RunRequest[] = [];
  readonly image = 'nx-airbyte-test/fake-source:dev';
  readonly client = {} as DockerClient;
  now = 0;

  constructor(private readonly connector: (request: RunRequest) => FakeRun) {}

  /** The fake clock, for the suite's deadlines. */
  readonly clock = (): number => this.now;

  leaksMask(text: string): string {
    return text;
  }

  async stream(request: RunRequest, onMessage: (message: AirbyteMessage) => void): Promise<RunEnding> {
    this.requests.push(request);
    const answer = this.connector(request);
    const durationMs = answer.durationMs ?? 1;
    const timedOut = durationMs > request.timeoutMs;
    const elapsed = timedOut ? request.timeoutMs : durationMs;
    this.now += elapsed;
    if (!timedOut) answer.messages.forEach(onMessage);
    const exitCode = timedOut ? 137 : (answer.exitCode ?? 0);
    this.timings.push({ test: request.test, command: request.command, image: this.image, durationMs: elapsed, exitCode, timedOut });
    return { image: this.image, exitCode, timedOut, oomKilled: false, durationMs: elapsed, stderrTail: [], diagnostics: [], diagnosticCounts: {}, messageCount: timedOut ? 0 : answer.messages.length, stderrLines: 0 };
  }

  async collect(request: RunRequest): Promise<RunEnding & { messages: AirbyteMessage[] }> {
    const messages: AirbyteMessage[] = [];
    const ending = await this.stream(request, (message) => messages.push(message));
    return { ...ending, messages };
  }

  asSession(): ConnectorSession {
    return this as unknown as ConnectorSession;
  }
}

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: true,
  properties: { id: { type: 'integer' }, name: { type: ['null', 'string'] }, updated_at: { type: 'string', format: 'date-time' } },
};

/** The catalog of the source fixture (test/fixtures/connectors/source-fixture): items (incremental) and events. */
export function fixtureCatalog(): AirbyteCatalog {
  const items: AirbyteStream = { name: 'items', json_schema: SCHEMA, supported_sync_modes: ['full_refresh', 'incremental'], source_defined_cursor: true, default_cursor_field: ['updated_at'], source_defined_primary_key: [['id']] };
  const events: AirbyteStream = { name: 'events', json_schema: SCHEMA, supported_sync_modes: ['full_refresh'], source_defined_primary_key: [['id']] };
  return { streams: [items, events] };
}

function timestamp(hours: number): string {
  return new Date(Date.UTC(2022, 0, 1) + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
}

function cursorIn(state: JsonValue | undefined, stream: string): string | undefined {
  if (!Array.isArray(state)) return undefined;
  for (const message of state as Array<{ stream?: { stream_descriptor?: { name?: string }; stream_state?: { updated_at?: string } } }>) {
    if (message.stream?.stream_descriptor?.name === stream) return message.stream.stream_state?.updated_at;
  }
  return undefined;
}

/**
 * The source fixture's behaviour in TypeScript: spec with a secret api_key, the fixture catalog, and
 * reads of `counts[stream]` records per stream (default 20), checkpointing every 5 in incremental.
 */
export function fixtureConnector(options: { counts?: Record<string, number>; catalog?: () => AirbyteCatalog; durationMs?: (request: RunRequest) => number } = {}): (request: RunRequest) => FakeRun {
  return (request) => {
    const durationMs = options.durationMs?.(request) ?? 1;
    if (request.command === 'spec') {
      const connectionSpecification = { type: 'object', required: ['api_key'], additionalProperties: true, properties: { api_key: { type: 'string', airbyte_secret: true }, count: { type: 'integer' }, checkpoint_every: { type: 'integer' } } };
      return { durationMs, messages: [{ type: 'SPEC', spec: { connectionSpecification } } as AirbyteMessage] };
    }
    if (request.command === 'check') return { durationMs, messages: [{ type: 'CONNECTION_STATUS', connectionStatus: { status: 'SUCCEEDED' } }] };
    if (request.command === 'discover') return { durationMs, messages: [{ type: 'CATALOG', catalog: (options.catalog ?? fixtureCatalog)() }] };
    const messages: AirbyteMessage[] = [];
    for (const configured of (request.catalog as unknown as ConfiguredAirbyteCatalog).streams) {
      const stream = configured.stream.name;
      const incremental = configured.sync_mode === 'incremental';
      const count = options.counts?.[stream] ?? 20;
      const from = incremental ? cursorIn(request.state as JsonValue | undefined, stream) : undefined;
      let sent = 0;
      let last = from;
      for (let i = 1; i <= count; i++) {
        const data = { id: i, name: `${stream}-${i}`, updated_at: timestamp(i) };
        if (from !== undefined && data.updated_at <= from) continue;
        messages.push({ type: 'RECORD', record: { stream, data, emitted_at: 1 } });
        sent++;
        last = data.updated_at;
        if (incremental && sent % 5 === 0) messages.push(stateMessage(stream, last));
      }
      if (incremental) messages.push(stateMessage(stream, last ?? timestamp(0)));
    }
    return { durationMs, messages };
  };
}

function stateMessage(stream: string, cursor: string): AirbyteMessage {
  return { type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: { updated_at: cursor } } } } as AirbyteMessage;
}
