import type { AirbyteMessage } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';

/** Records of such a read named in the failure, at most. */
const RECORDS_SHOWN = 5;

/**
 * test_state_with_abnormally_large_values, fed a read started from the future state: no record
 * (cursors far in the future leave nothing to read) and at least one STATE.
 */
export class AbnormalStateCheck {
  private records = 0;
  private states = 0;
  private readonly recordsByStream = new Map<string, number>();

  observe(message: AirbyteMessage): void {
    if (message.type === 'STATE') this.states += 1;
    if (message.type !== 'RECORD') return;
    this.records += 1;
    this.recordsByStream.set(message.record.stream, (this.recordsByStream.get(message.record.stream) ?? 0) + 1);
  }

  finish(): Failure[] {
    const failures: Failure[] = [];
    for (const [stream, count] of [...this.recordsByStream].slice(0, RECORDS_SHOWN)) {
      failures.push({ message: `stream '${stream}' returned ${count} record${count === 1 ? '' : 's'} from a state with abnormally large cursor values; it should return none`, stream, expected: 0, actual: count });
    }
    if (this.states === 0) failures.push({ message: 'the read from a state with abnormally large values produced no STATE message; at least one is required', expected: '≥ 1 STATE', actual: 0 });
    return failures;
  }
}
