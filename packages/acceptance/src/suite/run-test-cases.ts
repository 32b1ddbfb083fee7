import { testId, type TestIdentity, type TestResult } from '../report/test-result';
import type { AcceptanceTestCase, TestOutcome } from './test-case';

export interface TestCaseListener {
  onTestStart?(test: TestIdentity): void;
  onTestFinished?(result: TestResult): void;
}

export interface RunTestCasesOptions {
  /**
   * Only tests whose id (`suite.test_name[params]`) contains this text run; the others are not reported.
   * Tests that judge the others (test_secret_never_in_the_output) run whenever anything else does.
   */
  filter?: string;
  /** Container runs that may overlap (spec, check, discover). Default 2: the machines are small. */
  concurrency?: number;
  listener?: TestCaseListener;
}

export const DEFAULT_CONCURRENCY = 2;

/**
 * Runs the short tests a few at a time, then the reads one by one, in the order given; results come
 * back in that order whatever order the tests finished in. A test that throws fails with the error's
 * message: one broken test never stops the others.
 */
export async function runTestCases(tests: readonly AcceptanceTestCase[], options: RunTestCasesOptions = {}): Promise<TestResult[]> {
  const matching = options.filter ? tests.filter((test) => !test.judgesOthers && testId(test).includes(options.filter as string)) : tests.filter((test) => !test.judgesOthers);
  const judges = tests.filter((test) => test.judgesOthers && (matching.length > 0 || testId(test).includes(options.filter ?? '')));
  const selected = [...matching, ...judges];
  const results = new Map<AcceptanceTestCase, TestResult>();
  const concurrent = selected.filter((test) => test.concurrent);
  const sequential = selected.filter((test) => !test.concurrent);

  const limit = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  let next = 0;
  const worker = async () => {
    while (next < concurrent.length) {
      const test = concurrent[next++];
      results.set(test, await runOne(test, options.listener));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, concurrent.length) }, worker));
  for (const test of sequential) results.set(test, await runOne(test, options.listener));

  return selected.map((test) => results.get(test) as TestResult);
}

async function runOne(test: AcceptanceTestCase, listener: TestCaseListener | undefined): Promise<TestResult> {
  const identity = { suite: test.suite, name: test.name, ...(test.params ? { params: test.params } : {}) };
  listener?.onTestStart?.(identity);
  const started = Date.now();
  let outcome: TestOutcome;
  if (test.skipReason !== undefined) {
    outcome = { status: 'skipped', reason: test.skipReason };
  } else {
    try {
      outcome = await test.run();
    } catch (error) {
      outcome = { status: 'failed', failures: [{ message: describeError(error) }] };
    }
  }
  const result: TestResult = {
    ...identity,
    status: outcome.status,
    durationMs: Date.now() - started,
    failures: outcome.status === 'failed' ? outcome.failures : [],
    ...(outcome.status === 'skipped' ? { skipReason: outcome.reason } : {}),
  };
  listener?.onTestFinished?.(result);
  return result;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
