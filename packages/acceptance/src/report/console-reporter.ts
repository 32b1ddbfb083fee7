import { describeFailure } from './failure-text';
import type { Reporter } from './reporter';
import { NO_SECRETS, type SecretMasker } from './secret-masker';
import { formatStatusCounts, secondsOf, testCaseName, type StatusCounts, type TestResult } from './test-result';

/** Where console lines go: process.stdout, or any stream that takes text. */
export interface TextSink {
  write(text: string): unknown;
}

export interface ConsoleReporterOptions {
  out: TextSink;
  masker?: SecretMasker;
}

const LABEL: Readonly<Record<TestResult['status'], string>> = { passed: 'PASSED ', failed: 'FAILED ', skipped: 'SKIPPED' };
const FAILURE_INDENT = '    ';

/**
 * A line per test as it finishes (`FAILED  basic_read test_read (12.300 s)`), each failure's reasons
 * indented under it, a skip's reason after it, and a last line `N passed, N failed, N skipped`.
 */
export class ConsoleReporter implements Reporter {
  private readonly out: TextSink;
  private readonly masker: SecretMasker;
  private readonly counts: StatusCounts = { passed: 0, failed: 0, skipped: 0 };

  constructor(options: ConsoleReporterOptions) {
    if (options === null || typeof options !== 'object' || typeof options.out?.write !== 'function') {
      throw new TypeError('ConsoleReporter needs { out }: a stream with a write(text) method, such as process.stdout');
    }
    this.out = options.out;
    this.masker = options.masker ?? NO_SECRETS;
  }

  onTestStart(): void {
    // A line per test as it finishes; nothing is printed when it starts.
  }

  onTestFinished(result: TestResult): void {
    this.counts[result.status] += 1;
    const skipReason = result.status === 'skipped' && result.skipReason ? `: ${result.skipReason}` : '';
    const lines = [`${LABEL[result.status]} ${result.suite} ${testCaseName(result)} (${secondsOf(result.durationMs)} s)${skipReason}`];
    for (const failure of result.failures) {
      const [first, ...details] = describeFailure(failure, this.masker);
      lines.push(`${FAILURE_INDENT}- ${first}`, ...details.map((line) => `${FAILURE_INDENT}  ${line}`));
    }
    this.write(lines);
  }

  async onRunFinished(): Promise<void> {
    this.write([formatStatusCounts(this.counts)]);
  }

  private write(lines: string[]): void {
    this.out.write(lines.map((line) => `${this.masker.mask(line)}\n`).join(''));
  }
}
