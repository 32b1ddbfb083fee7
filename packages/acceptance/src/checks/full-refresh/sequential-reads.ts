import type { AirbyteRecordMessage, ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';
import { CappedFailures, type Failure } from '../failure';
import { withoutFields, type FieldPattern } from '../ignored-fields';
import { valueAtPath } from '../json-value';
import { canonicalJson, hashJson } from '../record-hash';

export interface SequentialReadsOptions {
  /** The catalog of both reads (see fullRefreshOnlyCatalog). */
  catalog: ConfiguredAirbyteCatalog;
  /** ignored_fields by stream: left out of the record fingerprint. */
  ignoredFields?: ReadonlyMap<string, readonly FieldPattern[]>;
  failuresPerStream?: number;
}

interface FirstReadRecord {
  recordIndex: number;
  /** The primary key, shown in messages; absent when records are compared whole. */
  key?: string;
}

/**
 * test_sequential_reads: every record of the first read appears in the second. Records are
 * identified by the stream's configured primary_key when it has one, else by a fingerprint of the
 * whole record without its ignored_fields. New records in the second read are fine. Memory: one
 * fingerprint per distinct record of the first read, dropped as the second read finds it.
 */
export class SequentialReadsCheck {
  private readonly keyByStream = new Map<string, string[][]>();
  private readonly pending = new Map<string, Map<string, FirstReadRecord>>();
  private readonly firstCounts = new Map<string, number>();
  private phase: 'first' | 'second' | 'finished' = 'first';

  constructor(private readonly options: SequentialReadsOptions) {
    for (const configured of options.catalog.streams) {
      if (configured.primary_key && configured.primary_key.length > 0) this.keyByStream.set(configured.stream.name, configured.primary_key);
    }
  }

  observeFirstRead(record: AirbyteRecordMessage): void {
    if (this.phase !== 'first') throw new Error('SequentialReadsCheck: the first read is over');
    const recordIndex = this.firstCounts.get(record.stream) ?? 0;
    this.firstCounts.set(record.stream, recordIndex + 1);
    const { hash, key } = this.identify(record);
    let stream = this.pending.get(record.stream);
    if (!stream) this.pending.set(record.stream, (stream = new Map()));
    if (!stream.has(hash)) stream.set(hash, { recordIndex, ...(key === undefined ? {} : { key }) });
  }

  observeSecondRead(record: AirbyteRecordMessage): void {
    if (this.phase === 'finished') throw new Error('SequentialReadsCheck: observeSecondRead() after finish()');
    this.phase = 'second';
    this.pending.get(record.stream)?.delete(this.identify(record).hash);
  }

  finish(): Failure[] {
    this.phase = 'finished';
    const failures = new CappedFailures(this.options.failuresPerStream);
    for (const [stream, missing] of this.pending) {
      for (const { recordIndex, key } of missing.values()) {
        const which = key === undefined ? `record ${recordIndex + 1}` : `record ${recordIndex + 1} (primary key ${key})`;
        failures.add({ message: `stream '${stream}': ${which} of the first read is missing from the second read`, stream, recordIndex, ...(key === undefined ? {} : { expected: key }) });
      }
    }
    return failures.list();
  }

  private identify(record: AirbyteRecordMessage): { hash: string; key?: string } {
    const primaryKey = this.keyByStream.get(record.stream);
    if (primaryKey) {
      const key = canonicalJson(primaryKey.map((path) => valueAtPath(record.data, path) ?? null));
      return { hash: key, key };
    }
    const ignored = this.options.ignoredFields?.get(record.stream);
    return { hash: hashJson(ignored ? withoutFields(record.data, ignored) : record.data) };
  }
}
