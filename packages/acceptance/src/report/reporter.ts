import type { RunSummary, TestIdentity, TestResult } from './test-result';

/** Told about a run as it happens. The runner awaits onRunFinished, where file reporters write. */
export interface Reporter {
  onTestStart(test: TestIdentity): void;
  onTestFinished(result: TestResult): void;
  onRunFinished(summary: RunSummary): Promise<void>;
}

/** One reporter that tells several; every file is attempted even when another cannot be written. */
export function combineReporters(reporters: readonly Reporter[]): Reporter {
  return {
    onTestStart: (test) => reporters.forEach((reporter) => reporter.onTestStart(test)),
    onTestFinished: (result) => reporters.forEach((reporter) => reporter.onTestFinished(result)),
    async onRunFinished(summary) {
      const outcomes = await Promise.allSettled(reporters.map((reporter) => reporter.onRunFinished(summary)));
      const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      if (errors.length > 0) {
        throw new Error(errors.map((error) => (error instanceof Error ? error.message : String(error))).join('\n'));
      }
    },
  };
}
