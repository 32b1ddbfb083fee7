import type { AirbyteCatalog, ConfiguredAirbyteCatalog, JsonValue } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { isJsonObject } from '../json-value';

/**
 * The streams a future state file covers: for an array of state messages, the STREAM messages'
 * stream names and a GLOBAL message's stream_states; for a LEGACY blob, its top-level keys.
 */
export function streamsInState(state: JsonValue): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(state)) {
    for (const message of state) {
      if (!isJsonObject(message)) continue;
      const stream = message.stream;
      if (isJsonObject(stream) && isJsonObject(stream.stream_descriptor) && typeof stream.stream_descriptor.name === 'string') names.add(stream.stream_descriptor.name);
      const global = message.global;
      if (isJsonObject(global) && Array.isArray(global.stream_states)) {
        for (const entry of global.stream_states) {
          if (isJsonObject(entry) && isJsonObject(entry.stream_descriptor) && typeof entry.stream_descriptor.name === 'string') names.add(entry.stream_descriptor.name);
        }
      }
    }
  } else if (isJsonObject(state)) {
    for (const key of Object.keys(state)) names.add(key);
  }
  return names;
}

/**
 * Future-state coverage (high strictness): every stream of the catalog that supports incremental
 * has a state in the future state file, unless it is listed in future_state.missing_streams.
 */
export function checkFutureStateCoverage(futureState: JsonValue, catalog: ConfiguredAirbyteCatalog | AirbyteCatalog, missingStreams: readonly string[] = []): Failure[] {
  const covered = streamsInState(futureState);
  const excused = new Set(missingStreams);
  return catalog.streams
    .map((entry) => ('stream' in entry && isJsonObject(entry.stream) ? entry.stream : entry) as { name: string; supported_sync_modes?: string[] })
    .filter((stream) => (stream.supported_sync_modes ?? []).includes('incremental') && !covered.has(stream.name) && !excused.has(stream.name))
    .map((stream) => ({
      message: `incremental stream '${stream.name}' has no state in the future state file; add one or list it under future_state.missing_streams with a bypass_reason`,
      stream: stream.name,
    }));
}
