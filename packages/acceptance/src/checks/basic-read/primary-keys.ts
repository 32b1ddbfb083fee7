import type { AirbyteRecordMessage, ConfiguredAirbyteStream } from '@nx-airbyte/protocol';
import { CappedFailures } from '../failure';
import { toPointer } from '../json-pointer';
import { valueAtPath } from '../json-value';
import type { RecordCheck } from '../record-check';

/** The key of a configured stream: its configured primary_key, else the source-defined one. */
export function primaryKeyOf(configured: ConfiguredAirbyteStream): string[][] {
  if (configured.primary_key && configured.primary_key.length > 0) return configured.primary_key;
  return configured.stream.source_defined_primary_key ?? [];
}

/**
 * Records of streams with a primary key have every key part, non-null; with `checkDataTypes`
 * (CAT's validate_primary_keys_data_type, default on) no key part is an object or an array.
 */
export class PrimaryKeysCheck implements RecordCheck {
  private readonly keysByStream = new Map<string, Array<{ path: string[]; pointer: string }>>();
  private readonly failures: CappedFailures;

  constructor(streams: readonly ConfiguredAirbyteStream[], private readonly checkDataTypes = true, failuresPerStream?: number) {
    for (const configured of streams) {
      const key = primaryKeyOf(configured);
      if (key.length > 0) this.keysByStream.set(configured.stream.name, key.map((path) => ({ path, pointer: toPointer(path) })));
    }
    this.failures = new CappedFailures(failuresPerStream);
  }

  observe(record: AirbyteRecordMessage, recordIndex: number): void {
    const keys = this.keysByStream.get(record.stream);
    if (!keys) return;
    for (const { path, pointer } of keys) {
      const value = valueAtPath(record.data, path);
      if (value === undefined || value === null) {
        this.failures.add({ message: `stream '${record.stream}' record ${recordIndex + 1}: primary key ${pointer} is ${value === null ? 'null' : 'missing'}`, stream: record.stream, recordIndex, pointer, actual: value ?? null });
      } else if (this.checkDataTypes && typeof value === 'object') {
        this.failures.add({ message: `stream '${record.stream}' record ${recordIndex + 1}: primary key ${pointer} is ${Array.isArray(value) ? 'an array' : 'an object'}; key values must be scalars`, stream: record.stream, recordIndex, pointer, actual: value });
      }
    }
  }

  finish() {
    return this.failures.list();
  }
}
