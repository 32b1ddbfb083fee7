import { readFileSync } from 'node:fs';
import type { ConfiguredAirbyteCatalog, JsonValue } from '@nx-airbyte/protocol';

/** A JSON file's value, or why it could not be read. */
export function readJsonFile(path: string): { value: JsonValue } | { error: string } {
  try {
    return { value: JSON.parse(readFileSync(path, 'utf8')) as JsonValue };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Enough of a configured catalog to walk its streams: `{streams: [{stream: {...}}, ...]}`. */
export function isConfiguredCatalog(value: unknown): value is ConfiguredAirbyteCatalog {
  return isObject(value) && Array.isArray(value.streams) && value.streams.every((entry) => isObject(entry) && isObject(entry.stream));
}
