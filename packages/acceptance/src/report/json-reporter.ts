import { writeFileAtomically } from './atomic-file';
import type { Reporter } from './reporter';
import { NO_SECRETS, type SecretMasker } from './secret-masker';
import { countStatuses, testId, type RunSummary, type TestResult } from './test-result';

export interface JsonReporterOptions {
  /** The JSON file to write when the run finishes. */
  file: string;
  masker?: SecretMasker;
}

/** The JSON report: the facts of the console and JUnit reports, plus record counts per stream and timings per container run. */
export interface JsonReport {
  connectorImage: string;
  startedAt: string;
  durationMs: number;
  counts: ReturnType<typeof countStatuses>;
  tests: Array<TestResult & { id: string }>;
  recordCounts: RunSummary['recordCounts'];
  containerRuns: RunSummary['containerRuns'];
}

export function buildJsonReport(results: readonly TestResult[], summary: RunSummary): JsonReport {
  return {
    connectorImage: summary.connectorImage,
    startedAt: summary.startedAt,
    durationMs: summary.durationMs,
    counts: countStatuses(results),
    tests: results.map((result) => ({ id: testId(result), ...result })),
    recordCounts: summary.recordCounts,
    containerRuns: summary.containerRuns,
  };
}

/** Collects results and writes the JSON report, masked and atomically, when the run finishes. */
export class JsonReporter implements Reporter {
  private readonly results: TestResult[] = [];
  private readonly masker: SecretMasker;

  constructor(private readonly options: JsonReporterOptions) {
    if (typeof options?.file !== 'string' || options.file === '') throw new TypeError('JsonReporter needs { file }: the path of the JSON report to write');
    this.masker = options.masker ?? NO_SECRETS;
  }

  onTestStart(): void {
    // Nothing to write until the run is over.
  }

  onTestFinished(result: TestResult): void {
    this.results.push(result);
  }

  async onRunFinished(summary: RunSummary): Promise<void> {
    const report = this.masker.maskValue(buildJsonReport(this.results, summary));
    await writeFileAtomically(this.options.file, `${this.masker.mask(JSON.stringify(report, null, 2))}\n`);
  }
}
