import type { AirbyteRecordMessage, ConfiguredAirbyteStream } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import type { RecordCheck } from '../record-check';
import { formatFieldPath, hasNonNullValueAt, schemaFieldPaths, type FieldPath } from '../schema-fields';

/**
 * validate_data_points: every field a stream's schema declares has a non-null value in at least
 * one record of the stream. A oneOf/anyOf field counts as one field, whichever variant filled it.
 * Keeps only the fields not seen yet.
 */
export class DataPointsCheck implements RecordCheck {
  private readonly unseenByStream = new Map<string, FieldPath[]>();

  constructor(streams: readonly ConfiguredAirbyteStream[]) {
    for (const { stream } of streams) this.unseenByStream.set(stream.name, schemaFieldPaths(stream.json_schema, { alternativesAsLeaves: true }));
  }

  observe(record: AirbyteRecordMessage): void {
    const unseen = this.unseenByStream.get(record.stream);
    if (!unseen || unseen.length === 0) return;
    this.unseenByStream.set(record.stream, unseen.filter((path) => !hasNonNullValueAt(record.data, path)));
  }

  /** `streamsWithRecords`: streams that produced records; empty streams are the empty_streams check's business. */
  finishFor(streamsWithRecords: ReadonlySet<string>): Failure[] {
    const failures: Failure[] = [];
    for (const [stream, unseen] of this.unseenByStream) {
      if (unseen.length === 0 || !streamsWithRecords.has(stream)) continue;
      const fields = unseen.map(formatFieldPath);
      failures.push({ message: `stream '${stream}': ${fields.length} field${fields.length === 1 ? ' is' : 's are'} null or absent in every record: ${fields.join(', ')}`, stream, actual: fields });
    }
    return failures;
  }

  finish(): Failure[] {
    return this.finishFor(new Set(this.unseenByStream.keys()));
  }
}
