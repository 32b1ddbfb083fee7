import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { buildImage, findImage, OWNER_LABEL, type DockerClient } from '@nx-airbyte/docker';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runCliInChild, type CliChildResult } from './cli-child';

// The misbehaving connectors of the reliability suite: the fixture source with one BREAK mode each, run
// through the acceptance CLI in a process of its own, so that its peak memory and wall time are the
// figures of the process that consumes the output (docs/reliability.md).

export const REPOSITORY_ROOT = path.join(__dirname, '../../../..');
export const FIXTURE_DIR = path.join(__dirname, '../fixtures/connectors/source-fixture');
export const DESTINATION_FIXTURE_DIR = path.join(__dirname, '../fixtures/connectors/destination-fixture');

/** Builds airbyte/base-python:dev when the store lacks it, then a fixture image (default: the source fixture) as `tag`. */
export async function buildFixtureImage(client: DockerClient, tag: string, labels: Record<string, string> = {}, fixtureDir: string = FIXTURE_DIR): Promise<void> {
  if (!(await findImage(client, 'airbyte/base-python:dev'))) {
    await buildImage(client, { contextDir: path.join(REPOSITORY_ROOT, 'airbyte-integrations/bases/base-python'), tags: ['airbyte/base-python:dev'] });
  }
  await buildImage(client, { contextDir: fixtureDir, tags: [tag], labels });
}

/**
 * How much more than the correct connector's run a misbehaving one may cost the CLI process: the largest
 * measured excess is the 200 MB line's +17 MiB (docs/reliability.md); the rest is room for a loaded machine.
 */
export const MEMORY_MARGIN_MIB = 100;

export interface MisbehaviourCase {
  /** Which fixture misbehaves; default: the source, judged by basic_read.test_read. */
  connector?: 'source' | 'destination';
  /** The fixture's BREAK mode; '' is the correct connector (the baseline). */
  mode: string;
  /** What the connector does, for the table. */
  what: string;
  env?: Record<string, string>;
  timeoutSeconds?: number;
  memoryLimitMiB?: number;
  /** What the failure of the judged test must say; undefined: the test passes. */
  reason?: RegExp;
}

/** The cases; `full` has the sizes of the issue, `ci` smaller ones where the full size costs minutes. */
export function misbehaviourCases(scale: 'ci' | 'full'): MisbehaviourCase[] {
  const floodLines = scale === 'full' ? 10_000_000 : 1_000_000;
  return [
    { mode: '', what: 'a correct read (the baseline)' },
    { mode: 'binary_output', what: 'binary output (1 MiB of all 256 byte values)', reason: /line\(s\) of stdout of \S+ were dropped \(first, line \d+: the line holds bytes that are not UTF-8 text/ },
    { mode: 'invalid_utf8', what: 'records with invalid UTF-8 in a string', reason: /10 line\(s\) of stdout of \S+ were dropped \(first, line 1: the line holds bytes that are not UTF-8 text/ },
    { mode: 'long_line', what: 'one line of 200 MB', env: { LONG_LINE_MB: '200' }, reason: /of \S+ were dropped \(first, line 1: line of 209715\d+ characters is longer than the limit of 67108864/ },
    { mode: 'log_flood', what: `a flood of ${floodLines.toLocaleString('en')} LOG lines, then exit 1`, env: { FLOOD_LINES: String(floodLines) }, reason: /the connector \S+ exited with code 1; last stderr lines:\s+log_flood: \d+ log lines written, giving up/ },
    { mode: 'hang_on_read', what: 'never exits (timeout_seconds 5)', timeoutSeconds: 5, reason: /the connector \S+ did not finish within its timeout and was killed/ },
    { mode: 'no_output', what: 'exits 0 without output', reason: /discover: the connector \S+ exited with code 0 without printing anything gave 0 CATALOG messages/ },
    { mode: 'oom', what: 'allocates until killed (--memory-limit 128)', memoryLimitMiB: 128, reason: /the connector \S+ was killed by the kernel for running out of memory/ },
  ];
}

/** The destination's cases: a `write` that prints what cannot be carried, yet stores everything, echoes every STATE and exits 0. */
export function destinationMisbehaviourCases(): MisbehaviourCase[] {
  const dropped = (count: string, reason: string) => new RegExp(`write: ${count} line\\(s\\) of stdout of \\S+ were dropped \\(first, line \\d+: ${reason}`);
  const notText = 'the line holds bytes that are not UTF-8 text';
  return [
    { connector: 'destination', mode: '', what: 'a correct write (the baseline)' },
    { connector: 'destination', mode: 'binary_output', what: 'a write that prints binary output (1 MiB of all 256 byte values), then exits 0', reason: dropped('\\d+', notText) },
    { connector: 'destination', mode: 'invalid_utf8', what: 'a write that prints LOG lines with invalid UTF-8, then exits 0', reason: dropped('10', notText) },
    { connector: 'destination', mode: 'long_line', what: 'a write that prints one line of 200 MB, then exits 0', env: { LONG_LINE_MB: '200' }, reason: dropped('1', 'line of 209715\\d+ characters is longer than the limit of 67108864') },
  ];
}

/** The test that judges each connector's cases. */
const JUDGED_TEST = { source: 'basic_read.test_read', destination: 'destination.test_sync[data_set=exchange_rates]' } as const;

export interface MisbehaviourOutcome {
  result: CliChildResult;
  /** Every failure message of the judged test in the JSON report. */
  failureText: string;
  status: string | undefined;
  /** Containers the CLI process left behind (by its owner label). */
  containersLeft: number;
}

/** Runs the judged test (`basic_read.test_read` of the source) of the fixture in `mode` through the CLI in a child process. */
export async function runMisbehaviour(client: DockerClient, image: string, scratchDir: string, testCase: MisbehaviourCase): Promise<MisbehaviourOutcome> {
  const connector = testCase.connector ?? 'source';
  const fixtureDir = connector === 'source' ? FIXTURE_DIR : DESTINATION_FIXTURE_DIR;
  const judged = JUDGED_TEST[connector];
  const dir = mkdtempSync(path.join(scratchDir, `${connector}-${testCase.mode || 'baseline'}-`));
  const config = parseYaml(readFileSync(path.join(fixtureDir, 'acceptance-test-config.yml'), 'utf8'));
  config.base_path = fixtureDir;
  config.custom_environment_variables = { BREAK: testCase.mode, ...(testCase.env ?? {}) };
  if (testCase.timeoutSeconds) config.acceptance_tests[connector === 'source' ? 'basic_read' : 'destination'].tests[0].timeout_seconds = testCase.timeoutSeconds;
  writeFileSync(path.join(dir, 'acceptance-test-config.yml'), stringifyYaml(config));
  const report = path.join(dir, 'report.json');
  const args = ['--acceptance-test-config', dir, '--image', image, '-k', judged, '--json', report];
  if (testCase.memoryLimitMiB) args.push('--memory-limit', String(testCase.memoryLimitMiB));
  const result = await runCliInChild(args);
  let failureText = '';
  let status: string | undefined;
  try {
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { tests: Array<{ id: string; status: string; failures: Array<{ message: string }> }> };
    const test = parsed.tests.find((entry) => entry.id === judged);
    status = test?.status;
    failureText = (test?.failures ?? []).map((failure) => failure.message).join('\n');
  } catch (error) {
    failureText = `no report (${(error as Error).message}); stderr: ${result.stderr.slice(-2000)}`;
  }
  const left = await client.api.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${hostname()}:${result.pid}`] } });
  return { result, failureText, status, containersLeft: left.length };
}
