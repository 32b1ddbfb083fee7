import { exitingAfterSignal, findImage, ProcessExitingError, type DockerClient } from '@nx-airbyte/docker';
import { ConsoleReporter, type TextSink } from '../report/console-reporter';
import { JsonReporter } from '../report/json-reporter';
import { JUnitReporter } from '../report/junit-reporter';
import { combineReporters, type Reporter } from '../report/reporter';
import { runAcceptanceTests, type AcceptanceRunOptions, type AcceptanceRunResult } from './run-acceptance-tests';

export interface ReportedRunOptions extends Omit<AcceptanceRunOptions, 'listener'> {
  /** Where the console report goes: a line per test as it finishes, then the totals. */
  out: TextSink;
  /** Write a JUnit XML report here. */
  junitXml?: string;
  /** Write a JSON report here. */
  json?: string;
}

/**
 * A run as the CLI and the integrationTest executor do it: console report as tests finish, JUnit XML
 * and JSON files when it is over. Rejects when a report file cannot be written, and when SIGINT or
 * SIGTERM cut the run short: then no report is written (the previous one stays as it was).
 */
export async function runAcceptanceTestsWithReports(options: ReportedRunOptions): Promise<AcceptanceRunResult> {
  const { out, junitXml, json, ...runOptions } = options;
  const reporters: Reporter[] = [new ConsoleReporter({ out })];
  if (junitXml) reporters.push(new JUnitReporter({ file: junitXml }));
  if (json) reporters.push(new JsonReporter({ file: json }));
  const reporter = combineReporters(reporters);
  const startedAt = new Date().toISOString();
  const run = await runAcceptanceTests({
    ...runOptions,
    listener: { onTestStart: (test) => reporter.onTestStart(test), onTestFinished: (result) => reporter.onTestFinished(result) },
  });
  const signal = exitingAfterSignal();
  // the tests after the signal failed only because no container could start: a report would blame the connector
  if (signal) throw new ProcessExitingError(`the run was interrupted by ${signal}; no report was written`);
  await reporter.onRunFinished({ connectorImage: options.config.connectorImage, startedAt, durationMs: run.durationMs, recordCounts: run.recordCounts, containerRuns: run.containerRuns });
  return run;
}

/** The config loader's `imageExists`, answered by an engine's local image store. */
export function imageExistsIn(client: DockerClient): (reference: string) => Promise<boolean> {
  return async (reference) => (await findImage(client, reference)) !== undefined;
}
