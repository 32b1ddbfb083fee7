import { runTestCases } from './run-test-cases';
import { outcomeOf, skipped, type AcceptanceTestCase } from './test-case';

function testCase(name: string, overrides: Partial<AcceptanceTestCase> = {}): AcceptanceTestCase {
  return { suite: 'spec', name, concurrent: true, run: async () => outcomeOf([]), ...overrides };
}

describe('runTestCases', () => {
  it('reports results in the order of the tests, whatever order they finish in', async () => {
    const slow = testCase('test_slow', { run: () => new Promise((resolve) => setTimeout(() => resolve(outcomeOf([])), 30)) });
    const results = await runTestCases([slow, testCase('test_fast')]);
    expect(results.map((result) => result.name)).toEqual(['test_slow', 'test_fast']);
  });

  it('never runs more concurrent tests at once than asked', async () => {
    let running = 0;
    let most = 0;
    const track = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
      return outcomeOf([]);
    };
    await runTestCases(Array.from({ length: 6 }, (_, i) => testCase(`test_${i}`, { run: track })), { concurrency: 2 });
    expect(most).toBe(2);
  });

  it('runs the reads one at a time, after the short tests', async () => {
    const order: string[] = [];
    const record = (name: string) => async () => {
      order.push(name);
      return outcomeOf([]);
    };
    await runTestCases([testCase('test_read', { concurrent: false, run: record('read') }), testCase('test_check', { run: record('check') })]);
    expect(order).toEqual(['check', 'read']);
  });

  it('turns a test that throws into a failure with its message, and goes on', async () => {
    const results = await runTestCases([testCase('test_boom', { run: async () => Promise.reject(new Error('no SPEC message')) }), testCase('test_after')]);
    expect(results[0]).toMatchObject({ status: 'failed', failures: [{ message: 'no SPEC message' }] });
    expect(results[1].status).toBe('passed');
  });

  it('skips a test with a skip reason without running it', async () => {
    const run = jest.fn();
    const [result] = await runTestCases([testCase('test_x', { skipReason: 'bypassed: no sandbox', run })]);
    expect(result).toMatchObject({ status: 'skipped', skipReason: 'bypassed: no sandbox' });
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps only the tests whose id contains the filter, plus the tests that judge them', async () => {
    const tests = [testCase('test_check', { suite: 'connection', params: { status: 'failed' } }), testCase('test_read', { suite: 'basic_read' }), testCase('test_secret_never_in_the_output', { judgesOthers: true, concurrent: false })];
    const results = await runTestCases(tests, { filter: 'status=failed' });
    expect(results.map((result) => result.name)).toEqual(['test_check', 'test_secret_never_in_the_output']);
  });

  it('runs nothing when the filter matches no test', async () => {
    const results = await runTestCases([testCase('test_a'), testCase('test_secret_never_in_the_output', { judgesOthers: true })], { filter: 'nothing-like-this' });
    expect(results).toEqual([]);
  });

  it('tells the listener when each test starts and finishes', async () => {
    const events: string[] = [];
    await runTestCases([testCase('test_a', { run: async () => skipped('why') })], {
      listener: { onTestStart: (test) => events.push(`start ${test.name}`), onTestFinished: (result) => events.push(`${result.status} ${result.name}`) },
    });
    expect(events).toEqual(['start test_a', 'skipped test_a']);
  });
});
