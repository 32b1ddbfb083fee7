import { countStatuses, formatStatusCounts, secondsOf, testCaseName, testId } from './test-result';

describe('testCaseName', () => {
  it('is the function name alone for a suite with one entry', () => {
    expect(testCaseName({ name: 'test_discover' })).toBe('test_discover');
  });

  it('puts the parameters in brackets, in their order', () => {
    expect(testCaseName({ name: 'test_check', params: { status: 'failed', config_path: 'integration_tests/invalid_config.json' } })).toBe(
      'test_check[status=failed,config_path=integration_tests/invalid_config.json]',
    );
  });

  it('is prefixed with the suite in a test id', () => {
    expect(testId({ suite: 'connection', name: 'test_check', params: { status: 'failed' } })).toBe('connection.test_check[status=failed]');
  });
});

describe('counting results', () => {
  it('counts each status and prints them in the fixed order', () => {
    const counts = countStatuses([{ status: 'failed' }, { status: 'passed' }, { status: 'skipped' }, { status: 'passed' }]);

    expect(counts).toEqual({ passed: 2, failed: 1, skipped: 1 });
    expect(formatStatusCounts(counts)).toBe('2 passed, 1 failed, 1 skipped');
  });
});

describe('secondsOf', () => {
  it('prints milliseconds as seconds with three decimals', () => {
    expect(secondsOf(12345)).toBe('12.345');
    expect(secondsOf(0)).toBe('0.000');
  });
});
