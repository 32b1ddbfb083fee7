import { errorTrace } from '../../../test/fixtures/checks/messages';
import { BOGUS_STREAM_NAME, TraceOnFailureCheck, invalidSyncModeCatalog } from './trace-on-failure';

describe('test_airbyte_trace_message_on_failure', () => {
  it('asks for a stream that does not exist with an invalid sync mode', () => {
    expect(invalidSyncModeCatalog()).toEqual({ streams: [expect.objectContaining({ stream: expect.objectContaining({ name: BOGUS_STREAM_NAME }), sync_mode: 'INVALID' })] });
  });

  it('passes when the connector emits a TRACE ERROR', () => {
    const check = new TraceOnFailureCheck();
    check.observe({ type: 'LOG', log: { level: 'ERROR', message: 'Stream not found' } });
    check.observe(errorTrace(`The stream ${BOGUS_STREAM_NAME} does not exist`));
    expect(check.finish()).toEqual([]);
  });

  it('fails when the connector only logs the error', () => {
    const check = new TraceOnFailureCheck();
    check.observe({ type: 'LOG', log: { level: 'ERROR', message: 'Stream not found' } });
    expect(check.finish()).toEqual([expect.objectContaining({ actual: 0, message: expect.stringContaining('no TRACE message of type ERROR') })]);
  });
});
