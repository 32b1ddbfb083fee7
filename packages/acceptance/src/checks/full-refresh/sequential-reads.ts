import type { AirbyteRecordMessage, ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';
import { CappedFailures, type Failure } from '../failure';
import { withoutFields, type FieldPattern } from '../ignored-fields';
import { valueAtPath } from '../json-value';
import { canonicalJson, digestText } from '../record-hash';
import { DigestSet } from './digest-set';

export interface SequentialReadsOptions {
  /** The catalog of both reads (see fullRefreshOnlyCatalog). */
  catalog: ConfiguredAirbyteCatalog;
  /** ignored_fields by stream: left out of the record fingerprint. */
  ignoredFields?: ReadonlyMap<string, readonly FieldPattern[]>;
  failuresPerStream?: number;
}

/**
 * test_sequential_reads: every record of the first read appears in the second. Records are
 * identified by the stream's configured primary_key when it has one, else by a fingerprint of the
 * whole record without its ignored_fields. New records in the second read are fine. Memory: a
 * 16-byte digest, the record index and the key text per distinct record of the first read
 * (DigestSet), ~40 MB for a million records.
 */
export class SequentialReadsCheck {
  private readonly keyByStream = new Map<string, string[][]>();
  private readonly firstRead = new Map<string, DigestSet>();
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
    const { digest, key } = this.identify(record);
    let stream = this.firstRead.get(record.stream);
    if (!stream) this.firstRead.set(record.stream, (stream = new DigestSet()));
    stream.add(digest, recordIndex, key);
  }

  observeSecondRead(record: AirbyteRecordMessage): void {
    if (this.phase === 'finished') throw new Error('SequentialReadsCheck: observeSecondRead() after finish()');
    this.phase = 'second';
    const stream = this.firstRead.get(record.stream);
    if (stream) stream.markFound(this.identify(record).digest);
  }

  finish(): Failure[] {
    this.phase = 'finished';
    const failures = new CappedFailures(this.options.failuresPerStream);
    for (const [stream, records] of this.firstRead) {
      for (const { recordIndex, key } of records.missing()) {
        const which = key === undefined ? `record ${recordIndex + 1}` : `record ${recordIndex + 1} (primary key ${key})`;
        failures.add({ message: `stream '${stream}': ${which} of the first read is missing from the second read`, stream, recordIndex, ...(key === undefined ? {} : { expected: key }) });
      }
    }
    return failures.list();
  }

  private identify(record: AirbyteRecordMessage): { digest: Buffer; key?: string } {
    const primaryKey = this.keyByStream.get(record.stream);
    if (primaryKey) {
      const key = canonicalJson(primaryKey.map((path) => valueAtPath(record.data, path) ?? null));
      return { digest: digestText(key), key };
    }
    const ignored = this.options.ignoredFields?.get(record.stream);
    return { digest: digestText(canonicalJson(ignored ? withoutFields(record.data, ignored) : record.data)) };
  }
}
