import { AirbyteConfig } from 'faros-airbyte-cdk';

/** The connector's config, as described by resources/spec.json. */
export interface SampleOrdersConfig extends AirbyteConfig {
  readonly api_key: string;
  readonly seed?: number;
  readonly customer_count?: number;
  readonly order_count?: number;
  readonly start_date?: string;
}

export interface ResolvedConfig {
  readonly seed: number;
  readonly customerCount: number;
  readonly orderCount: number;
  /** Orders updated before this instant (ISO 8601) are not read. */
  readonly startDate: string;
}

export const DEFAULTS = { seed: 42, customerCount: 20, orderCount: 100, startDate: '2024-01-01T00:00:00Z' } as const;
export const LIMITS = { customerCount: [1, 10_000], orderCount: [0, 1_000_000] } as const;

/** Keys look like Stripe's: an environment prefix, then 24 letters or digits. */
export const API_KEY_PATTERN = /^so_(test|live)_[A-Za-z0-9]{24}$/;

/** A config the source cannot work with; its message is meant for the user and never quotes the API key. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Checks every field and returns the values the shop needs, or throws one ConfigurationError naming every problem. */
export function resolveConfig(config: Partial<SampleOrdersConfig> | undefined): ResolvedConfig {
  const problems: string[] = [];
  const value = config ?? {};

  if (value.api_key === undefined || value.api_key === null || value.api_key === '') {
    problems.push('api_key is missing: copy it from the Sample Orders dashboard (Settings > API keys)');
  } else if (typeof value.api_key !== 'string') {
    problems.push(`api_key must be a string, not ${typeof value.api_key}`);
  } else if (!API_KEY_PATTERN.test(value.api_key)) {
    // Never echo the key: a mistyped key is still a secret.
    problems.push(`api_key is not a Sample Orders key (${value.api_key.length} characters): expected "so_test_" or "so_live_" followed by 24 letters or digits`);
  }

  const integer = (field: string, fallback: number, [min, max]: readonly [number, number]): number => {
    const raw = (value as Record<string, unknown>)[field];
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
      problems.push(`${field} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return raw;
  };
  const seed = integer('seed', DEFAULTS.seed, [0, 2 ** 32 - 1]);
  const customerCount = integer('customer_count', DEFAULTS.customerCount, LIMITS.customerCount);
  const orderCount = integer('order_count', DEFAULTS.orderCount, LIMITS.orderCount);

  let startDate: string = DEFAULTS.startDate;
  if (value.start_date !== undefined && value.start_date !== null) {
    if (typeof value.start_date !== 'string' || !isCalendarDate(value.start_date)) {
      problems.push(`start_date must be a date written YYYY-MM-DD, got ${JSON.stringify(value.start_date)}`);
    } else {
      startDate = `${value.start_date}T00:00:00Z`;
    }
  }

  if (problems.length > 0) throw new ConfigurationError(`Invalid config: ${problems.join('; ')}`);
  return { seed, customerCount, orderCount, startDate };
}

/** `YYYY-MM-DD` naming a day that exists (2024-02-30 does not). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}
