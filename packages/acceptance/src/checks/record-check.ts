import type { AirbyteRecordMessage } from '@nx-airbyte/protocol';
import type { Failure } from './failure';

/** A check fed one record at a time; it keeps only what it needs and reports at the end. */
export interface RecordCheck {
  /** `recordIndex`: 0-based position of the record among its stream's records in this read. */
  observe(record: AirbyteRecordMessage, recordIndex: number): void;
  finish(): Failure[];
}
