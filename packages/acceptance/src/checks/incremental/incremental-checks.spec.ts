import type { AirbyteMessage, ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';
import { configuredCatalog, exchangeRatesLikeCatalog } from '../../../test/fixtures/checks/catalog-fixtures';
import { RATES_2022_01_01, RATES_2022_01_02, legacyState, record, streamState } from '../../../test/fixtures/checks/messages';
import { AbnormalStateCheck } from './abnormal-state';
import { StateAccumulator, cursorInState, stateInput } from './connector-state';
import { compareCursorValues, parseIsoInstant, toCursorValue, type CursorValue } from './cursor-values';
import { checkFutureStateCoverage } from './future-state-coverage';
import { SequentialSlicesCheck, chooseCheckpointPositions } from './sequential-slices';
import { incrementalOnlyCatalog, resolveCursorField, withResolvedCursors } from './sync-mode-catalogs';
import { TwoSequentialReadsCheck } from './two-sequential-reads';

function incrementalCatalog(): ConfiguredAirbyteCatalog {
  return withResolvedCursors(incrementalOnlyCatalog(configuredCatalog('incremental'))).catalog;
}

const RATES_2022_01_03 = { ...RATES_2022_01_02, date: '2022-01-03' };

describe('incremental catalogs and cursors', () => {
  it('keeps only the streams that support incremental, switched to incremental', () => {
    expect(incrementalOnlyCatalog(configuredCatalog()).streams.map((stream) => [stream.stream.name, stream.sync_mode])).toEqual([['exchange_rates', 'incremental']]);
  });

  it("uses the source's cursor over the configured one", () => {
    const [rates] = configuredCatalog('incremental').streams;
    expect(resolveCursorField({ ...rates, cursor_field: ['base'] })).toEqual({ cursorField: ['date'] });
  });

  it('uses default_cursor_field when nothing is configured', () => {
    const [rates] = configuredCatalog('incremental').streams;
    expect(resolveCursorField({ ...rates, stream: { ...rates.stream, source_defined_cursor: false }, cursor_field: undefined })).toEqual({ cursorField: ['date'] });
  });

  it('fails a stream without any cursor', () => {
    const [rates] = configuredCatalog('incremental').streams;
    expect(resolveCursorField({ ...rates, stream: { ...rates.stream, default_cursor_field: undefined }, cursor_field: [] })).toEqual({ failure: expect.objectContaining({ stream: 'exchange_rates' }) });
  });
});

describe('state handling', () => {
  it('merges STREAM states to the latest per stream and builds the --state array', () => {
    const states = new StateAccumulator();
    states.add({ type: 'STREAM', stream: { stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2022-01-01' } } });
    states.add({ type: 'STREAM', stream: { stream_descriptor: { name: 'pokemon' }, stream_state: { id: 2 } } });
    states.add({ type: 'STREAM', stream: { stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2022-01-02' } } });
    expect(stateInput(states.current()!)).toEqual([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2022-01-02' } } },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'pokemon' }, stream_state: { id: 2 } } },
    ]);
  });

  it('passes a LEGACY state on as its blob', () => {
    const states = new StateAccumulator();
    states.add({ data: { exchange_rates: { date: '2121-05-18' } } });
    expect(stateInput(states.current()!)).toEqual({ exchange_rates: { date: '2121-05-18' } });
  });

  it('finds a cursor under the stream first, then as an absolute path', () => {
    const state = { type: 'LEGACY' as const, data: { exchange_rates: { date: '2022-01-02' }, bookmarks: { updated: '2022-03-01' } } };
    expect(cursorInState(state, 'exchange_rates', ['date'])).toEqual({ found: true, value: '2022-01-02' });
    expect(cursorInState(state, 'exchange_rates', ['bookmarks', 'updated'])).toEqual({ found: true, value: '2022-03-01' });
  });

  it('finds a GLOBAL state cursor in the stream states', () => {
    const state = { type: 'GLOBAL' as const, global: { shared_state: { lsn: 42 }, stream_states: [{ stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2022-01-02' } }] } };
    expect(cursorInState(state, 'exchange_rates', ['date'])).toEqual({ found: true, value: '2022-01-02' });
    expect(cursorInState(state, 'exchange_rates', ['lsn'])).toEqual({ found: true, value: 42 });
  });
});

describe('cursor comparison', () => {
  const cursor = (value: string | number): CursorValue => toCursorValue(value) as CursorValue;

  it('orders date-times by instant across offsets', () => {
    expect(compareCursorValues(cursor('2022-01-01T10:00:00+02:00'), cursor('2022-01-01T09:00:00Z'))).toBeLessThan(0);
  });

  it('reads a date without time as midnight UTC', () => {
    expect(parseIsoInstant('2022-01-02')).toBe(Date.UTC(2022, 0, 2));
  });

  it('moves the bound back by threshold_days for dates', () => {
    expect(compareCursorValues(cursor('2022-01-01'), cursor('2022-01-03'), 2)).toBe(0);
  });

  it('orders numbers numerically, not as text', () => {
    expect(compareCursorValues(cursor(9), cursor(10))).toBeLessThan(0);
  });

  it('refuses to order a number against a date', () => {
    expect(compareCursorValues(cursor(1641081600000), cursor('2022-01-02'))).toBeUndefined();
  });
});

describe('incremental test_two_sequential_reads', () => {
  function twoReads(first: AirbyteMessage[], second: AirbyteMessage[], thresholdDays = 0) {
    const check = new TwoSequentialReadsCheck({ catalog: incrementalCatalog(), thresholdDays });
    first.forEach((message) => check.observeFirstRead(message));
    const { secondReadState } = check.finishFirstRead();
    second.forEach((message) => check.observeSecondRead(message));
    return { secondReadState, failures: check.finish() };
  }

  const firstRead = [record('exchange_rates', RATES_2022_01_01), record('exchange_rates', RATES_2022_01_02), streamState('exchange_rates', { date: '2022-01-02' })];

  it('passes reads that respect the state, and hands read 2 the latest state', () => {
    const result = twoReads(firstRead, [record('exchange_rates', RATES_2022_01_02), record('exchange_rates', RATES_2022_01_03), streamState('exchange_rates', { date: '2022-01-03' })]);
    expect(result.failures).toEqual([]);
    expect(result.secondReadState).toEqual([{ type: 'STREAM', stream: { stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2022-01-02' } } }]);
  });

  it('fails a first read without state', () => {
    expect(twoReads(firstRead.slice(0, 2), []).failures).toEqual([expect.objectContaining({ message: expect.stringContaining('no STATE message') })]);
  });

  it('fails a first-read record after the final state', () => {
    const failures = twoReads([...firstRead, record('exchange_rates', RATES_2022_01_03)], []).failures;
    expect(failures).toEqual([expect.objectContaining({ stream: 'exchange_rates', recordIndex: 2, expected: '≤ "2022-01-02"', actual: '"2022-01-03"' })]);
  });

  it('fails a second-read record before the state', () => {
    const failures = twoReads(firstRead, [record('exchange_rates', RATES_2022_01_01)]).failures;
    expect(failures).toEqual([expect.objectContaining({ stream: 'exchange_rates', recordIndex: 0, expected: '≥ "2022-01-02"', actual: '"2022-01-01"' })]);
  });

  it('accepts a second-read record within threshold_days of the state', () => {
    expect(twoReads(firstRead, [record('exchange_rates', RATES_2022_01_01)], 1).failures).toEqual([]);
  });

  it('fails when the state has no cursor where cursor_paths say', () => {
    const check = new TwoSequentialReadsCheck({ catalog: incrementalCatalog(), cursorPaths: { exchange_rates: ['last_date'] } });
    firstRead.forEach((message) => check.observeFirstRead(message));
    expect(check.finishFirstRead().failures).toEqual([expect.objectContaining({ stream: 'exchange_rates', expected: ['last_date'] })]);
  });
});

describe('incremental test_read_sequential_slices', () => {
  it('replays every checkpoint when there are fewer than 10', () => {
    expect(chooseCheckpointPositions(4)).toEqual([0, 1, 2, 3]);
  });

  it('samples about 10 checkpoints evenly, first and last included', () => {
    expect(chooseCheckpointPositions(100)).toEqual([0, 11, 22, 33, 44, 55, 66, 77, 88, 99]);
  });

  it('replays each distinct checkpoint with its complete state and fails records before it', () => {
    const check = new SequentialSlicesCheck({ catalog: incrementalCatalog() });
    const read = [record('exchange_rates', RATES_2022_01_01), legacyState({ exchange_rates: { date: '2022-01-01' } }), legacyState({ exchange_rates: { date: '2022-01-01' } }), record('exchange_rates', RATES_2022_01_02), legacyState({ exchange_rates: { date: '2022-01-02' } })];
    read.forEach((message) => check.observeFirstRead(message));
    const { failures, checkpoints } = check.finishFirstRead();
    expect(failures).toEqual([]);
    expect(checkpoints.map((checkpoint) => checkpoint.stateInput)).toEqual([{ exchange_rates: { date: '2022-01-01' } }, { exchange_rates: { date: '2022-01-02' } }]);
    const replay = check.replay(checkpoints[1]);
    replay.observe(record('exchange_rates', RATES_2022_01_01));
    expect(replay.finish()).toEqual([expect.objectContaining({ message: expect.stringContaining('of the read from checkpoint 2 has cursor "2022-01-01"') })]);
  });
});

describe('incremental test_state_with_abnormally_large_values', () => {
  it('passes a read that returns only state', () => {
    const check = new AbnormalStateCheck();
    check.observe(legacyState({ exchange_rates: { date: '2121-05-18' } }));
    expect(check.finish()).toEqual([]);
  });

  it('fails a read that returns records', () => {
    const check = new AbnormalStateCheck();
    check.observe(record('exchange_rates', RATES_2022_01_01));
    check.observe(legacyState({ exchange_rates: { date: '2121-05-18' } }));
    expect(check.finish()).toEqual([expect.objectContaining({ stream: 'exchange_rates', expected: 0, actual: 1 })]);
  });

  it('fails a read that returns no state', () => {
    expect(new AbnormalStateCheck().finish()).toEqual([expect.objectContaining({ message: expect.stringContaining('no STATE message') })]);
  });
});

describe('future state coverage', () => {
  it('passes a future state that covers every incremental stream', () => {
    expect(checkFutureStateCoverage([{ type: 'STREAM', stream: { stream_descriptor: { name: 'exchange_rates' }, stream_state: { date: '2121-05-18' } } }], exchangeRatesLikeCatalog())).toEqual([]);
  });

  it('fails an incremental stream the future state lacks', () => {
    expect(checkFutureStateCoverage([], exchangeRatesLikeCatalog())).toEqual([expect.objectContaining({ stream: 'exchange_rates' })]);
  });

  it('accepts a stream listed in missing_streams', () => {
    expect(checkFutureStateCoverage({}, exchangeRatesLikeCatalog(), ['exchange_rates'])).toEqual([]);
  });
});
