import type { AirbyteGlobalState, AirbyteStateMessage, JsonObject, JsonValue, StateType, StreamDescriptor } from '@nx-airbyte/protocol';
import { isJsonObject, valueAtPath } from '../json-value';

/** The whole state after some STATE messages, in the shape the connector used. */
export type CompleteState =
  | { type: 'LEGACY'; data: JsonObject | null }
  | { type: 'STREAM'; streams: ReadonlyMap<string, { descriptor: StreamDescriptor; state: JsonObject | null }> }
  | { type: 'GLOBAL'; global: AirbyteGlobalState };

/**
 * Folds STATE messages into the current complete state: a LEGACY blob replaces the previous one;
 * STREAM messages are merged, the latest per stream winning; a GLOBAL message carries everything.
 * A connector that mixes shapes in one read is recorded in `mixedTypes`.
 */
export class StateAccumulator {
  private type: StateType | undefined;
  private legacy: JsonObject | null = null;
  private readonly streams = new Map<string, { descriptor: StreamDescriptor; state: JsonObject | null }>();
  private global: AirbyteGlobalState | undefined;
  private readonly typesSeen = new Set<StateType>();
  count = 0;

  add(message: AirbyteStateMessage): void {
    const type = message.type ?? 'LEGACY';
    this.count += 1;
    this.typesSeen.add(type);
    this.type = type;
    if (type === 'STREAM' && message.stream) {
      this.streams.set(message.stream.stream_descriptor.name, { descriptor: message.stream.stream_descriptor, state: message.stream.stream_state ?? null });
    } else if (type === 'GLOBAL' && message.global) {
      this.global = message.global;
    } else if (type === 'LEGACY') {
      this.legacy = message.data ?? null;
    }
  }

  get mixedTypes(): StateType[] | undefined {
    return this.typesSeen.size > 1 ? [...this.typesSeen] : undefined;
  }

  /** The complete state so far, or undefined before the first STATE message. */
  current(): CompleteState | undefined {
    if (this.type === 'STREAM') return { type: 'STREAM', streams: new Map(this.streams) };
    if (this.type === 'GLOBAL' && this.global) return { type: 'GLOBAL', global: this.global };
    if (this.type === 'LEGACY') return { type: 'LEGACY', data: this.legacy };
    return undefined;
  }
}

/**
 * What to pass as `--state` to the next read: the LEGACY blob itself, or an array of state
 * messages (one STREAM message per stream, or the one latest GLOBAL message).
 */
export function stateInput(state: CompleteState): JsonValue {
  if (state.type === 'LEGACY') return state.data;
  if (state.type === 'GLOBAL') return [{ type: 'GLOBAL', global: state.global as unknown as JsonObject }];
  return [...state.streams.values()].map(({ descriptor, state: streamState }) => ({
    type: 'STREAM',
    stream: { stream_descriptor: descriptor as unknown as JsonObject, stream_state: streamState },
  }));
}

export type StateCursorLookup = { found: true; value: JsonValue } | { found: false; reason: 'reset' | 'absent' };

/**
 * The cursor value a state holds for a stream. `cursorPath` is the stream's cursor_paths entry
 * (default: the last element of its cursor field). It is looked up under the stream's own state
 * first (LEGACY: `data[stream]`; STREAM/GLOBAL: the stream's stream_state), then as an absolute
 * path (LEGACY: in `data`; STREAM: in `{stream: stream_state, …}`; GLOBAL: in shared_state).
 * A null state for the stream means it was reset: there is nothing to compare.
 */
export function cursorInState(state: CompleteState, stream: string, cursorPath: readonly string[]): StateCursorLookup {
  let own: JsonValue | undefined;
  let absoluteRoot: JsonValue | undefined;
  if (state.type === 'LEGACY') {
    own = isJsonObject(state.data) ? state.data[stream] : undefined;
    absoluteRoot = state.data;
  } else if (state.type === 'STREAM') {
    const entry = state.streams.get(stream);
    own = entry ? entry.state : undefined;
    absoluteRoot = Object.fromEntries([...state.streams].map(([name, value]) => [name, value.state]));
  } else {
    const entry = state.global.stream_states.find((candidate) => candidate.stream_descriptor.name === stream);
    own = entry ? (entry.stream_state ?? null) : undefined;
    absoluteRoot = state.global.shared_state ?? undefined;
  }
  if (own === null) return { found: false, reason: 'reset' };
  const underStream = valueAtPath(own, cursorPath);
  if (underStream !== undefined) return { found: true, value: underStream };
  const absolute = valueAtPath(absoluteRoot, cursorPath);
  if (absolute !== undefined) return { found: true, value: absolute };
  return { found: false, reason: 'absent' };
}
