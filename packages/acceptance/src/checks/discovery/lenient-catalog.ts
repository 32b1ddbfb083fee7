import { checkMessage, type AirbyteCatalog } from '@nx-airbyte/protocol';
import { isJsonObject } from '../json-value';

/**
 * The catalog of a CATALOG line the protocol refused only because streams lack supported_sync_modes
 * (missing or empty): test_streams_has_sync_modes reports that, and the other discovery tests can
 * still judge the rest of the catalog. Undefined for a line with any other problem.
 */
export function catalogMissingOnlySyncModes(line: string): AirbyteCatalog | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value) || value.type !== 'CATALOG' || !isJsonObject(value.catalog) || !Array.isArray(value.catalog.streams)) return undefined;
  const streams = value.catalog.streams;
  const lacking = (stream: unknown) => isJsonObject(stream) && (!Array.isArray(stream.supported_sync_modes) || stream.supported_sync_modes.length === 0);
  if (!streams.some(lacking)) return undefined;
  const withModes = streams.map((stream) => (lacking(stream) ? { ...(stream as object), supported_sync_modes: ['full_refresh'] } : stream));
  if (checkMessage({ ...value, catalog: { ...value.catalog, streams: withModes } }) !== undefined) return undefined;
  return value.catalog as unknown as AirbyteCatalog;
}
