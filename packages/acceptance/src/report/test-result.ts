/** One reason a test failed: what is wrong, and where (stream, record, JSON pointer), with both sides when there are two. */
export interface Failure {
  message: string;
  stream?: string;
  /** 0-based position of the record among its stream's records in that read; printed 1-based ("record 3"). */
  recordIndex?: number;
  /** JSON pointer (RFC 6901) into the record, schema or spec the message is about. */
  pointer?: string;
  expected?: unknown;
  actual?: unknown;
}

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** Which test: the suite (config key), the test function's name, and the entry's parameters when a suite has several. */
export interface TestIdentity {
  suite: string;
  name: string;
  params?: Record<string, string>;
}

export interface TestResult extends TestIdentity {
  status: TestStatus;
  durationMs: number;
  /** Empty unless the test failed. */
  failures: Failure[];
  skipReason?: string;
}

/** How long one container ran, and how it ended. */
export interface ContainerRunTiming {
  /** The test the run belonged to, as `testId` spells it. */
  test: string;
  /** spec, check, discover, read or write. */
  command: string;
  image: string;
  durationMs: number;
  exitCode: number;
  timedOut: boolean;
}

/** How many records a read produced for one stream. */
export interface StreamRecordCount {
  test: string;
  stream: string;
  records: number;
}

/** What a run adds to its test results once it is over. */
export interface RunSummary {
  connectorImage: string;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  recordCounts: StreamRecordCount[];
  containerRuns: ContainerRunTiming[];
}

export type StatusCounts = Record<TestStatus, number>;

export function countStatuses(results: readonly Pick<TestResult, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/** The last line of a run: `3 passed, 1 failed, 2 skipped`. */
export function formatStatusCounts(counts: StatusCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

/** The test function's name with its parameters, as pytest named parametrised tests: `test_check[status=failed]`. */
export function testCaseName(test: Pick<TestIdentity, 'name' | 'params'>): string {
  const params = Object.entries(test.params ?? {});
  return params.length === 0 ? test.name : `${test.name}[${params.map(([key, value]) => `${key}=${value}`).join(',')}]`;
}

/** `connection.test_check[status=failed]`: unique within a run. */
export function testId(test: TestIdentity): string {
  return `${test.suite}.${testCaseName(test)}`;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute and the console print them. */
export function secondsOf(durationMs: number): string {
  return (Math.max(0, durationMs) / 1000).toFixed(3);
}
