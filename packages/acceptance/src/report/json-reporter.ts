import { FileReporter, type FileReporterOptions } from './file-reporter';
import { countStatuses, testId, type RunSummary, type TestResult } from './test-result';

export type JsonReporterOptions = FileReporterOptions;

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

/** Writes the JSON report when the run finishes. */
export class JsonReporter extends FileReporter {
  constructor(options: JsonReporterOptions) {
    super(options, 'JSON report');
  }

  protected render(results: readonly TestResult[], summary: RunSummary): string {
    const report = this.masker.maskValue(buildJsonReport(results, summary));
    return `${this.masker.mask(JSON.stringify(report, null, 2))}\n`;
  }
}
