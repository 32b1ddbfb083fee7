import { ConfigurationError, DEFAULTS, resolveConfig } from '../src/config';

const KEY = 'so_test_Q3xv8Lk2Rt7Pz4Wm9Nb6Hc1D';

function problemsOf(config: Record<string, unknown>): string {
  try {
    resolveConfig(config as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('resolveConfig accepted the config');
}

describe('resolveConfig', () => {
  it('fills in the defaults when only the key is given', () => {
    expect(resolveConfig({ api_key: KEY })).toEqual({
      seed: DEFAULTS.seed,
      customerCount: DEFAULTS.customerCount,
      orderCount: DEFAULTS.orderCount,
      startDate: '2024-01-01T00:00:00Z',
    });
  });

  it('reads every field', () => {
    expect(resolveConfig({ api_key: 'so_live_abcdefghijklmnopqrstuvwx', seed: 0, customer_count: 3, order_count: 0, start_date: '2024-02-29' })).toEqual({
      seed: 0,
      customerCount: 3,
      orderCount: 0,
      startDate: '2024-02-29T00:00:00Z',
    });
  });

  it('says the key is missing', () => {
    expect(problemsOf({})).toContain('api_key is missing');
    expect(problemsOf({ api_key: '' })).toContain('api_key is missing');
  });

  it('refuses a malformed key without quoting it', () => {
    const secret = 'so_test_thisIsNotTwentyFour';
    const message = problemsOf({ api_key: secret });
    expect(message).toContain('api_key is not a Sample Orders key');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('thisIsNot');
  });

  it('refuses a key that is not a string', () => {
    expect(problemsOf({ api_key: 12345 })).toContain('api_key must be a string, not number');
  });

  it('lists every problem at once', () => {
    const message = problemsOf({ api_key: KEY, customer_count: 0, order_count: 1.5, seed: -1, start_date: '2024-02-30' });
    expect(message).toContain('customer_count must be a whole number from 1 to 10000, got 0');
    expect(message).toContain('order_count must be a whole number from 0 to 1000000, got 1.5');
    expect(message).toContain('seed must be a whole number from 0 to 4294967295, got -1');
    expect(message).toContain('start_date must be a date written YYYY-MM-DD, got "2024-02-30"');
  });

  it('refuses a start_date in another format', () => {
    expect(problemsOf({ api_key: KEY, start_date: '2024-01-01T00:00:00Z' })).toContain('start_date must be a date written YYYY-MM-DD');
  });
});
