import type { ConfiguredAirbyteCatalog, ConfiguredAirbyteStream, SyncMode } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';

function onlyStreamsSupporting(catalog: ConfiguredAirbyteCatalog, mode: SyncMode): ConfiguredAirbyteCatalog {
  return {
    ...catalog,
    streams: catalog.streams.filter((configured) => configured.stream.supported_sync_modes.includes(mode)).map((configured) => ({ ...configured, sync_mode: mode })),
  };
}

/** The streams that support incremental, each switched to incremental (incremental suite). */
export function incrementalOnlyCatalog(catalog: ConfiguredAirbyteCatalog): ConfiguredAirbyteCatalog {
  return onlyStreamsSupporting(catalog, 'incremental');
}

/** The streams that support full_refresh, each switched to full_refresh (full_refresh suite). */
export function fullRefreshOnlyCatalog(catalog: ConfiguredAirbyteCatalog): ConfiguredAirbyteCatalog {
  return onlyStreamsSupporting(catalog, 'full_refresh');
}

/**
 * The cursor of an incremental stream, in the protocol's order: the source's own cursor
 * (source_defined_cursor with default_cursor_field), else the configured cursor_field, else
 * default_cursor_field; with none of them the configuration is illegal.
 */
export function resolveCursorField(configured: ConfiguredAirbyteStream): { cursorField: string[] } | { failure: Failure } {
  const { stream } = configured;
  const defaultCursor = stream.default_cursor_field ?? [];
  const configuredCursor = configured.cursor_field ?? [];
  if (stream.source_defined_cursor && defaultCursor.length > 0) return { cursorField: defaultCursor };
  if (configuredCursor.length > 0) return { cursorField: configuredCursor };
  if (defaultCursor.length > 0) return { cursorField: defaultCursor };
  return {
    failure: {
      message: `stream '${stream.name}' is incremental but has no cursor: set cursor_field in the configured catalog or default_cursor_field in the discovered stream`,
      stream: stream.name,
    },
  };
}

/** The catalog with every stream's cursor_field resolved; streams without a cursor give failures. */
export function withResolvedCursors(catalog: ConfiguredAirbyteCatalog): { catalog: ConfiguredAirbyteCatalog; failures: Failure[] } {
  const failures: Failure[] = [];
  const streams = catalog.streams.map((configured) => {
    const resolved = resolveCursorField(configured);
    if ('failure' in resolved) {
      failures.push(resolved.failure);
      return configured;
    }
    return { ...configured, cursor_field: resolved.cursorField };
  });
  return { catalog: { ...catalog, streams }, failures };
}
