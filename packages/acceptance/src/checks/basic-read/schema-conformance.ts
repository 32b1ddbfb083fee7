import { createRecordValidator, type AirbyteRecordMessage, type ConfiguredAirbyteCatalog, type RecordValidator, type RecordValidatorOptions } from '@nx-airbyte/protocol';
import { CappedFailures } from '../failure';
import type { RecordCheck } from '../record-check';

/**
 * validate_schema: each record validates against its stream's json_schema, with the protocol
 * package's record validator (draft-07, formats checked, schema compiled once per stream).
 * A schema that does not compile is reported once for its stream, not once per record.
 */
export class SchemaConformanceCheck implements RecordCheck {
  private readonly validator: RecordValidator;
  private readonly failures: CappedFailures;
  private readonly streamsWithBrokenSchema = new Set<string>();

  constructor(catalog: ConfiguredAirbyteCatalog, options: RecordValidatorOptions = {}, failuresPerStream?: number) {
    this.validator = createRecordValidator(catalog, options);
    this.failures = new CappedFailures(failuresPerStream);
  }

  observe(record: AirbyteRecordMessage, recordIndex: number): void {
    for (const error of this.validator.validate(record, { recordNumber: recordIndex + 1 })) {
      if (error.kind === 'unknown-stream') continue;
      if (error.kind === 'invalid-schema') {
        if (this.streamsWithBrokenSchema.has(error.stream)) continue;
        this.streamsWithBrokenSchema.add(error.stream);
        this.failures.add({ message: `stream '${error.stream}': records cannot be validated, ${error.problem}`, stream: error.stream });
        continue;
      }
      this.failures.add({ message: error.message, stream: error.stream, recordIndex, pointer: error.instancePath, expected: error.expected, ...(error.actual === undefined ? {} : { actual: error.actual }) });
    }
  }

  finish() {
    return this.failures.list();
  }
}
