import { describeFailure } from './failure-text';
import { FileReporter, type FileReporterOptions } from './file-reporter';
import { NO_SECRETS, type SecretMasker } from './secret-masker';
import { countStatuses, secondsOf, testCaseName, type RunSummary, type TestResult } from './test-result';
import { escapeXmlAttribute, escapeXmlText } from './xml-text';

export type JUnitReporterOptions = FileReporterOptions;

const RUN_NAME = 'connector-acceptance-test';

/** JUnit's XSD wants a timestamp without zone or fraction: `2026-11-25T14:03:07`. */
function junitTimestamp(iso: string): string | undefined {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString().slice(0, 19);
}

function attributes(values: Record<string, string | number | undefined>, masker: SecretMasker): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(masker.mask(String(value)))}"`)
    .join('');
}

function renderTestCase(result: TestResult, masker: SecretMasker): string {
  const open = `    <testcase${attributes({ name: testCaseName(result), classname: result.suite, time: secondsOf(result.durationMs) }, masker)}`;
  if (result.status === 'skipped') {
    return `${open}>\n      <skipped${attributes({ message: result.skipReason ?? '' }, masker)}/>\n    </testcase>`;
  }
  if (result.status === 'passed') return `${open}/>`;
  const descriptions = result.failures.map((failure) => describeFailure(failure, masker));
  const message = descriptions[0]?.[0] ?? 'failed';
  const body = descriptions.map((lines) => lines.join('\n')).join('\n\n');
  return `${open}>\n      <failure${attributes({ message, type: 'AssertionError' }, masker)}>${escapeXmlText(body)}</failure>\n    </testcase>`;
}

/** One testsuite per suite, in the order suites first finished a test; testcase name = test function with its parameters. */
export function renderJUnitXml(results: readonly TestResult[], summary: RunSummary, masker: SecretMasker = NO_SECRETS): string {
  const suites = new Map<string, TestResult[]>();
  for (const result of results) suites.set(result.suite, [...(suites.get(result.suite) ?? []), result]);
  const totals = countStatuses(results);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes(
      {
        name: `${RUN_NAME} ${summary.connectorImage}`,
        tests: results.length,
        failures: totals.failed,
        errors: 0,
        skipped: totals.skipped,
        time: secondsOf(summary.durationMs),
        timestamp: junitTimestamp(summary.startedAt),
      },
      masker,
    )}>`,
  ];
  for (const [suite, suiteResults] of suites) {
    const counts = countStatuses(suiteResults);
    const time = suiteResults.reduce((total, result) => total + result.durationMs, 0);
    lines.push(
      `  <testsuite${attributes({ name: suite, tests: suiteResults.length, failures: counts.failed, errors: 0, skipped: counts.skipped, time: secondsOf(time) }, masker)}>`,
      ...suiteResults.map((result) => renderTestCase(result, masker)),
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** Writes a JUnit XML report when the run finishes. */
export class JUnitReporter extends FileReporter {
  constructor(options: JUnitReporterOptions) {
    super(options, 'XML report');
  }

  protected render(results: readonly TestResult[], summary: RunSummary): string {
    return renderJUnitXml(results, summary, this.masker);
  }
}
