import { writeFileAtomically } from './atomic-file';
import type { Reporter } from './reporter';
import { NO_SECRETS, type SecretMasker } from './secret-masker';
import type { RunSummary, TestResult } from './test-result';

export interface FileReporterOptions {
  /** The report to write when the run finishes. */
  file: string;
  masker?: SecretMasker;
}

/** Collects results as tests finish and writes one report file, masked and atomically, when the run finishes. */
export abstract class FileReporter implements Reporter {
  private readonly results: TestResult[] = [];
  private readonly file: string;
  protected readonly masker: SecretMasker;

  protected constructor(options: FileReporterOptions, what: string) {
    if (typeof options?.file !== 'string' || options.file === '') {
      throw new TypeError(`${this.constructor.name} needs { file }: the path of the ${what} to write`);
    }
    this.file = options.file;
    this.masker = options.masker ?? NO_SECRETS;
  }

  /** The whole file, every string in it already masked. */
  protected abstract render(results: readonly TestResult[], summary: RunSummary): string;

  onTestStart(): void {
    // Nothing to write until the run is over.
  }

  onTestFinished(result: TestResult): void {
    this.results.push(result);
  }

  async onRunFinished(summary: RunSummary): Promise<void> {
    await writeFileAtomically(this.file, this.render(this.results, summary));
  }
}
