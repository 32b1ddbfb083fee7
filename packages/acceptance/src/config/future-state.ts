import { readFileSync } from 'node:fs';
import type { NamedWithReason } from './acceptance-config';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function descriptorName(streamState: unknown): string | undefined {
  if (!isObject(streamState) || !isObject(streamState.stream_descriptor)) return undefined;
  const name = streamState.stream_descriptor.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The streams a state file gives a state for: per-stream and global state messages (a JSON list)
 * by their stream descriptors, a legacy state blob (a JSON object) by its top-level keys.
 */
export function futureStateStreamNames(state: unknown): string[] {
  if (isObject(state)) return Object.keys(state);
  if (!Array.isArray(state)) return [];
  const names: string[] = [];
  for (const message of state) {
    if (!isObject(message)) continue;
    const streamName = descriptorName(message.stream);
    if (streamName !== undefined) names.push(streamName);
    if (isObject(message.global) && Array.isArray(message.global.stream_states)) {
      for (const streamState of message.global.stream_states) {
        const name = descriptorName(streamState);
        if (name !== undefined) names.push(name);
      }
    }
    if (message.type === 'LEGACY' && isObject(message.data)) names.push(...Object.keys(message.data));
  }
  return names;
}

/** The names of a configured catalog's streams that support incremental sync. */
export function incrementalStreamNames(configuredCatalog: unknown): string[] {
  if (!isObject(configuredCatalog) || !Array.isArray(configuredCatalog.streams)) return [];
  return configuredCatalog.streams.flatMap((configured: unknown) => {
    if (!isObject(configured) || !isObject(configured.stream)) return [];
    const { name, supported_sync_modes: modes } = configured.stream;
    return typeof name === 'string' && Array.isArray(modes) && modes.includes('incremental') ? [name] : [];
  });
}

/**
 * The high-strictness coverage rule: incremental streams that have no state in the future state file
 * and are not listed under `missing_streams`. The loader applies it when a configured catalog is given;
 * with a discovered catalog the runner applies it after discover.
 */
export function streamsMissingFromFutureState(
  incrementalStreams: readonly string[],
  futureState: unknown,
  missingStreams: readonly Pick<NamedWithReason, 'name'>[],
): string[] {
  const covered = new Set([...futureStateStreamNames(futureState), ...missingStreams.map((stream) => stream.name)]);
  return incrementalStreams.filter((name) => !covered.has(name));
}

/** A JSON file's value, or why it could not be read. */
export function readJsonFile(path: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(readFileSync(path, 'utf8')) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
