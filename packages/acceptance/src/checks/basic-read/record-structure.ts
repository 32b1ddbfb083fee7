import type { AirbyteRecordMessage, ConfiguredAirbyteStream } from '@nx-airbyte/protocol';
import { CappedFailures } from '../failure';
import type { RecordCheck } from '../record-check';
import { formatFieldPath, hasFieldPath, schemaFieldPaths, type FieldPath } from '../schema-fields';

/**
 * Each record has at least one of the fields its schema declares (a schema with no required
 * fields and open additionalProperties accepts anything; this catches records of another shape).
 * Streams whose schema declares no field are not checked.
 */
export class RecordStructureCheck implements RecordCheck {
  private readonly fieldsByStream = new Map<string, FieldPath[]>();
  private readonly failures: CappedFailures;

  constructor(streams: readonly ConfiguredAirbyteStream[], failuresPerStream?: number) {
    for (const { stream } of streams) this.fieldsByStream.set(stream.name, schemaFieldPaths(stream.json_schema));
    this.failures = new CappedFailures(failuresPerStream);
  }

  observe(record: AirbyteRecordMessage, recordIndex: number): void {
    const fields = this.fieldsByStream.get(record.stream);
    if (!fields || fields.length === 0 || fields.some((path) => hasFieldPath(record.data, path))) return;
    const shown = fields.slice(0, 5).map(formatFieldPath).join(', ');
    this.failures.add({
      message: `stream '${record.stream}' record ${recordIndex + 1} has none of the fields its schema declares (${shown}${fields.length > 5 ? ', …' : ''}); its fields are ${JSON.stringify(Object.keys(record.data))}`,
      stream: record.stream,
      recordIndex,
      actual: Object.keys(record.data),
    });
  }

  finish() {
    return this.failures.list();
  }
}
