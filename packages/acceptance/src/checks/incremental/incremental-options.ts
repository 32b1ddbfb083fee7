import type { ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';

/** The inputs the incremental read tests share. */
export interface IncrementalReadOptions {
  /** Incremental streams with resolved cursors (incrementalOnlyCatalog, then withResolvedCursors). */
  catalog: ConfiguredAirbyteCatalog;
  /** cursor_paths of the config: where each stream's cursor sits in the state. */
  cursorPaths?: Readonly<Record<string, readonly string[]>>;
  /** threshold_days of the config (default 0). */
  thresholdDays?: number;
  failuresPerStream?: number;
}
