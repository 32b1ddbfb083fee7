import type { Failure } from '../report/test-result';

export type TestOutcome = { status: 'passed' } | { status: 'failed'; failures: Failure[] } | { status: 'skipped'; reason: string };

/** One parametrised test of a suite, ready to run. */
export interface AcceptanceTestCase {
  suite: string;
  /** The test function's name, as in Airbyte's suite: `test_check`. */
  name: string;
  /** What tells this run apart from the suite's other entries: `{status: 'failed'}`. */
  params?: Record<string, string>;
  /**
   * Short container runs (spec, check, discover) that may overlap with others; reads run one at a time
   * so that their records are not competing for the same two cores.
   */
  concurrent: boolean;
  /** Runs after all others whenever any other test was selected: it judges what they did. */
  judgesOthers?: boolean;
  /** Set when the test cannot run at all (suite bypassed, not declared, missing input). */
  skipReason?: string;
  run(): Promise<TestOutcome>;
}

export function outcomeOf(failures: readonly Failure[]): TestOutcome {
  return failures.length === 0 ? { status: 'passed' } : { status: 'failed', failures: [...failures] };
}

export function skipped(reason: string): TestOutcome {
  return { status: 'skipped', reason };
}
