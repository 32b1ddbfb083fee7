import type { AirbyteRecordMessage, ConfiguredAirbyteStream } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { toPointer } from '../json-pointer';
import type { RecordCheck } from '../record-check';
import { isSchemaObject } from '../schema-traversal';

interface ExtraColumn {
  firstRecordIndex: number;
  records: number;
}

/**
 * fail_on_extra_columns: records have no top-level field their schema's `properties` does not
 * declare. Each undeclared column is reported once, with its first record and how many had it.
 */
export class ExtraColumnsCheck implements RecordCheck {
  private readonly declaredByStream = new Map<string, Set<string>>();
  private readonly extraByStream = new Map<string, Map<string, ExtraColumn>>();

  constructor(streams: readonly ConfiguredAirbyteStream[]) {
    for (const { stream } of streams) {
      const properties = stream.json_schema.properties;
      this.declaredByStream.set(stream.name, new Set(isSchemaObject(properties) ? Object.keys(properties) : []));
    }
  }

  observe(record: AirbyteRecordMessage, recordIndex: number): void {
    const declared = this.declaredByStream.get(record.stream);
    if (!declared) return;
    for (const column of Object.keys(record.data)) {
      if (declared.has(column)) continue;
      let extra = this.extraByStream.get(record.stream);
      if (!extra) this.extraByStream.set(record.stream, (extra = new Map()));
      const seen = extra.get(column);
      if (seen) seen.records += 1;
      else extra.set(column, { firstRecordIndex: recordIndex, records: 1 });
    }
  }

  finish(): Failure[] {
    const failures: Failure[] = [];
    for (const [stream, columns] of this.extraByStream) {
      for (const [column, seen] of columns) {
        failures.push({
          message: `stream '${stream}': column '${column}' is not declared in the schema's properties (in ${seen.records} record${seen.records === 1 ? '' : 's'}, first record ${seen.firstRecordIndex + 1}); declare it or set fail_on_extra_columns: false`,
          stream,
          recordIndex: seen.firstRecordIndex,
          pointer: toPointer([column]),
        });
      }
    }
    return failures;
  }
}
