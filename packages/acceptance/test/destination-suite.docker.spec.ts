import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, createDockerClient, findImage, removeImage, type DockerClient } from '@nx-airbyte/docker';
import type { AcceptanceRunResult } from '../src/suite/run-acceptance-tests';
import { failureText, resultOf, scenarioRunner } from './support/fixture-scenarios';

// One fixture destination, broken in a different way by each test through custom_environment_variables.BREAK:
// every test of the destination suite must fail when the destination gets its subject wrong.
const REPOSITORY_ROOT = join(__dirname, '../../..');
const FIXTURE_DIR = join(__dirname, 'fixtures/connectors/destination-fixture');
const RUN = `t${process.pid}`;
const IMAGE = `nx-airbyte-test/destination-fixture:${RUN}`;
const WRONG_ENTRYPOINT_IMAGE = `nx-airbyte-test/destination-fixture-wrong-env:${RUN}`;
const SECRET = 'key-d35t1n4t10n-s3cr3t';
const LABELS = { 'io.nx-airbyte.test-run': `destination-suite-${RUN}` };

let client: DockerClient;
let scratch: string;

beforeAll(async () => {
  client = createDockerClient();
  scratch = mkdtempSync(join(tmpdir(), 'nx-airbyte-destination-suite-'));
  if (!(await findImage(client, 'airbyte/base-python:dev'))) {
    await buildImage(client, { contextDir: join(REPOSITORY_ROOT, 'airbyte-integrations/bases/base-python'), tags: ['airbyte/base-python:dev'] });
  }
  await buildImage(client, { contextDir: FIXTURE_DIR, tags: [IMAGE], labels: LABELS });
  const dir = mkdtempSync(join(scratch, 'variant-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${IMAGE}\nENV AIRBYTE_ENTRYPOINT="python3 /somewhere/else.py"\n`);
  await buildImage(client, { contextDir: dir, tags: [WRONG_ENTRYPOINT_IMAGE], labels: LABELS });
});

afterAll(async () => {
  for (const image of [WRONG_ENTRYPOINT_IMAGE, IMAGE]) await removeImage(client, image, { force: true }).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

const runScenario = scenarioRunner({ client: () => client, fixtureDir: FIXTURE_DIR, image: IMAGE, scratch: () => scratch, runId: `destination-test-${RUN}` });
const result = resultOf;

async function containersOfThisRun(): Promise<number> {
  return (await client.api.listContainers({ all: true, filters: { label: [`io.nx-airbyte.run=destination-test-${RUN}`] } })).length;
}

const localDirectories = () => readdirSync(tmpdir()).filter((name) => name.startsWith('nx-airbyte-local-'));

describe('the destination suite against a correct destination', () => {
  let run: AcceptanceRunResult;
  let localBefore: string[];
  beforeAll(async () => {
    localBefore = localDirectories();
    run = await runScenario({});
  });

  it('passes every destination test, named as in the Java suite, with one test_sync per data set', () => {
    const destination = run.results.filter((test) => test.suite === 'destination');
    expect(destination.map((test) => `${test.name}${test.params ? `[data_set=${test.params.data_set}]` : ''}:${test.status}`)).toEqual([
      'test_get_spec:passed',
      'test_check_connection:passed',
      'test_check_connection_invalid_credentials:passed',
      'test_sync[data_set=exchange_rates]:passed',
      'test_sync[data_set=edge_cases]:passed',
      'test_sync_with_large_record_batch:passed',
      'test_second_sync:passed',
      'test_incremental_sync:passed',
      'test_incremental_dedupe_sync:passed',
      'test_line_break_characters:passed',
      'test_sync_very_big_records:passed',
      'test_sync_uses_airbyte_stream_namespace_if_not_null:passed',
      'test_entrypoint_env_var:passed',
      'test_secret_never_in_the_output:passed',
    ]);
    expect(run.failed).toBe(0);
  });

  it('runs the spec and connection suites a destination declares, and no read suite', () => {
    expect(new Set(run.results.map((test) => test.suite))).toEqual(new Set(['spec', 'connection', 'destination']));
  });

  it('leaves no container and no temporary /local directory behind', async () => {
    expect(await containersOfThisRun()).toBe(0);
    expect(localDirectories().filter((name) => !localBefore.includes(name))).toEqual([]);
  });
});

describe('the read-back command hook', () => {
  it('passes against the correct destination when a command in a container prints the stored records', async () => {
    const run = await runScenario({
      filter: 'destination.',
      edit: (config) => (config.acceptance_tests.destination.tests[0].read_back = { command: ['python3', '/data/read_back.py'], files: ['read_back.py'] }),
    });
    expect(run.results.filter((test) => test.status !== 'passed').map((test) => `${test.name}: ${failureText(test)}`)).toEqual([]);
    expect(run.containerRuns.filter((timing) => timing.command === 'read-back').length).toBeGreaterThan(10);
  });

  it('runs the command in read_back.image when one is given, not in the image under test', async () => {
    const readBack = (image: string) => ({ command: ['python3', '/data/read_back.py'], files: ['read_back.py'], image });
    const run = await runScenario({ filter: 'destination.test_sync[data_set=exchange_rates]', edit: (config) => (config.acceptance_tests.destination.tests[0].read_back = readBack('airbyte/base-python:dev')) });
    expect(failureText(result(run, 'destination.test_sync[data_set=exchange_rates]'))).toBe('');
    const readBacks = run.containerRuns.filter((timing) => timing.command === 'read-back');
    expect(readBacks.length).toBeGreaterThan(0);
    expect(new Set(readBacks.map((timing) => timing.image))).toEqual(new Set(['airbyte/base-python:dev']));
    // an image without python3: the same command cannot start there, so it is that image the command ran in
    const without = await runScenario({ filter: 'destination.test_sync[data_set=exchange_rates]', edit: (config) => (config.acceptance_tests.destination.tests[0].read_back = readBack('debian:bookworm-slim')) });
    expect(failureText(result(without, 'destination.test_sync[data_set=exchange_rates]'))).toMatch(/\(debian:bookworm-slim python3 \/data\/read_back\.py\).*"python3": executable file not found/);
  });

  it('fails test_sync when the command fails, with its exit code and stderr', async () => {
    const run = await runScenario({
      filter: 'destination.test_sync[data_set=exchange_rates]',
      edit: (config) => (config.acceptance_tests.destination.tests[0].read_back = { command: 'echo "no database here" >&2; exit 3' }),
    });
    const test = result(run, 'destination.test_sync[data_set=exchange_rates]');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/the read-back command .* failed: the connector \S+ exited with code 3; last stderr lines:\s+no database here/);
  });
});

describe.each([
  ['spec_no_modes', 'destination.test_get_spec', /supported_destination_sync_modes/],
  ['check_fails', 'destination.test_check_connection', /expected SUCCEEDED/],
  ['check_always_succeeds', 'destination.test_check_connection_invalid_credentials', /expected FAILED/],
  ['drop_records', 'destination.test_sync[data_set=exchange_rates]', /record\(s\) sent were not read back/],
  ['early_state', 'destination.test_sync[data_set=exchange_rates]', /when STATE 1 was echoed \(every record sent before it must be stored by then\)/],
  ['wrong_last_state', 'destination.test_sync[data_set=edge_cases]', /the last STATE echoed must be the last STATE sent/],
  ['drop_after_1000', 'destination.test_sync_with_large_record_batch', /1800 record\(s\) sent were not read back/],
  ['ignore_overwrite', 'destination.test_second_sync', /stored record\(s\) were not sent in this form \(kept from an earlier sync/],
  ['append_overwrites', 'destination.test_incremental_sync', /6 record\(s\) sent were not read back/],
  ['dedup_first_key_only', 'destination.test_incremental_dedupe_sync', /id=1,region=us/],
  ['strip_carriage_returns', 'destination.test_line_break_characters', /expected "line one\\r\\nline two", got "line one\\nline two"/],
  ['truncate_long_values', 'destination.test_sync_very_big_records', /id=1 {"id":1,"text":"aaaa/],
  ['ignore_namespace', 'destination.test_sync_uses_airbyte_stream_namespace_if_not_null', /nothing stored for stream nx_airbyte_namespace_one\.exchange_rate/],
  ['text_as_numbers', 'destination.test_sync[data_set=edge_cases]', /\/numeric_text: expected "123", got 123/],
  ['crash_on_write', 'destination.test_sync[data_set=exchange_rates]', /write: the connector \S+ exited with code 1/],
  ['leak_secret', 'destination.test_secret_never_in_the_output', /stderr line 1/],
])('a destination broken by %s', (breaks, testId, reason) => {
  let run: AcceptanceRunResult;
  beforeAll(async () => {
    // the secret test judges every run of the selected tests: give it a sync to watch
    run = await runScenario({ breaks: [breaks], filter: breaks === 'leak_secret' ? 'destination.test_line_break_characters' : testId });
  });

  it(`fails ${testId}, saying why`, () => {
    const test = result(run, testId);
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(reason);
  });

  it('never shows the secret value in any result', () => {
    expect(JSON.stringify(run.results)).not.toContain(SECRET);
  });
});

describe('what the tests follow and allow', () => {
  it('skips the mode tests the spec does not support, saying which modes it lists', async () => {
    const run = await runScenario({ breaks: ['spec_overwrite_only'], filter: 'destination.test_incremental' });
    expect(run.results.filter((test) => test.suite === 'destination' && test.name !== 'test_secret_never_in_the_output').map((test) => [test.name, test.status, test.skipReason])).toEqual([
      ['test_incremental_sync', 'skipped', "the spec's supported_destination_sync_modes (overwrite) does not include append"],
      ['test_incremental_dedupe_sync', 'skipped', "the spec's supported_destination_sync_modes (overwrite) does not include append_dedup"],
    ]);
  });

  it('accepts numbers stored as numeric text where the schema says number (the comparison is type-aware)', async () => {
    const run = await runScenario({ breaks: ['numbers_as_text'], filter: 'destination.test_sync[' });
    expect(run.results.filter((test) => test.name === 'test_sync').map((test) => `${test.params?.data_set}:${test.status}${failureText(test)}`)).toEqual(['exchange_rates:passed', 'edge_cases:passed']);
  });

  it('compares echoed STATEs without the sourceStats and destinationStats a destination adds', async () => {
    const run = await runScenario({ breaks: ['state_stats'], filter: 'destination.test_sync[' });
    expect(run.results.filter((test) => test.name === 'test_sync').map((test) => `${test.params?.data_set}:${test.status}${failureText(test)}`)).toEqual(['exchange_rates:passed', 'edge_cases:passed']);
  });

  describe('a STATE echoed after the grace the suite waits for it', () => {
    const late = (breaks: string[]) =>
      runScenario({ breaks, filter: 'destination.test_sync[', edit: (config) => Object.assign(config.custom_environment_variables, { LATE_ECHO_SECONDS: '2.5' }) });

    it('passes when the records before it are stored by then', async () => {
      const run = await late(['late_echo']);
      expect(run.results.filter((test) => test.name === 'test_sync').map((test) => `${test.params?.data_set}:${test.status}${failureText(test)}`)).toEqual(['exchange_rates:passed', 'edge_cases:passed']);
    });

    it('is still checked when it comes: records not yet stored fail test_sync', async () => {
      const run = await late(['late_echo', 'early_state']);
      for (const dataSet of ['exchange_rates', 'edge_cases']) {
        const test = result(run, `destination.test_sync[data_set=${dataSet}]`);
        expect(test.status).toBe('failed');
        expect(failureText(test)).toMatch(/when STATE 1 was echoed \(every record sent before it must be stored by then\)/);
      }
    });
  });

  it('skips the namespace test when the entry says supports_namespaces: false', async () => {
    const run = await runScenario({
      filter: 'destination.test_sync_uses',
      edit: (config) => Object.assign(config.acceptance_tests.destination.tests[0], { supports_namespaces: false, read_back: { local_files: 'fixture/{stream}.jsonl' } }),
    });
    expect(result(run, 'destination.test_sync_uses_airbyte_stream_namespace_if_not_null')).toMatchObject({ status: 'skipped', skipReason: 'supports_namespaces is false' });
  });

  it('fails test_entrypoint_env_var when AIRBYTE_ENTRYPOINT differs from the ENTRYPOINT', async () => {
    const run = await runScenario({ image: WRONG_ENTRYPOINT_IMAGE, filter: 'destination.test_entrypoint_env_var' });
    expect(failureText(result(run, 'destination.test_entrypoint_env_var'))).toMatch(/AIRBYTE_ENTRYPOINT/);
  });
});
