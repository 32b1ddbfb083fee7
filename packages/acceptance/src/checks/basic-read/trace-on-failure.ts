import type { AirbyteMessage, JsonObject } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';

/** The stream test_airbyte_trace_message_on_failure asks for; no connector has it. */
export const BOGUS_STREAM_NAME = '__AIRBYTE__stream_that_does_not_exist';

/**
 * The configured catalog of test_airbyte_trace_message_on_failure: one stream that does not exist,
 * with sync modes that do not exist. Deliberately not a valid ConfiguredAirbyteCatalog.
 */
export function invalidSyncModeCatalog(): JsonObject {
  return {
    streams: [
      {
        stream: { name: BOGUS_STREAM_NAME, json_schema: { type: 'object', properties: { f1: { type: 'string' } } }, supported_sync_modes: ['full_refresh'] },
        sync_mode: 'INVALID',
        destination_sync_mode: 'INVALID',
      },
    ],
  };
}

/**
 * test_airbyte_trace_message_on_failure, fed the messages of a read of invalidSyncModeCatalog():
 * the connector must emit at least one TRACE message of type ERROR.
 */
export class TraceOnFailureCheck {
  private errorTraces = 0;

  observe(message: AirbyteMessage): void {
    if (message.type === 'TRACE' && message.trace.type === 'ERROR') this.errorTraces += 1;
  }

  finish(): Failure[] {
    if (this.errorTraces > 0) return [];
    return [{ message: `reading the non-existent stream '${BOGUS_STREAM_NAME}' with an invalid sync mode produced no TRACE message of type ERROR; a failing connector must emit one`, expected: '≥ 1 TRACE ERROR', actual: 0 }];
  }
}
