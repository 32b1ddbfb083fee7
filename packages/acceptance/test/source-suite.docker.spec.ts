import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImage, createDockerClient, findImage, parseRegistryAddress, pushImage, registryImageName, removeImage, tagImage, type DockerClient } from '@nx-airbyte/docker';
import { startLocalRegistry, type LocalRegistry } from '../../docker/test/support/local-registry';
import type { TestResult } from '../src/report/test-result';
import type { AcceptanceRunResult } from '../src/suite/run-acceptance-tests';
import { failureText, resultOf, scenarioRunner } from './support/fixture-scenarios';

// One fixture image, broken in a different way by each test through custom_environment_variables.BREAK.
const REPOSITORY_ROOT = join(__dirname, '../../..');
const FIXTURE_DIR = join(__dirname, 'fixtures/connectors/source-fixture');
const RUN = `t${process.pid}`;
const IMAGE = `nx-airbyte-test/source-fixture:${RUN}`;
const PREVIOUS_IMAGE = `nx-airbyte-test/source-fixture:0.0.9-${RUN}`;
const WRONG_ENTRYPOINT_IMAGE = `nx-airbyte-test/source-fixture-wrong-env:${RUN}`;
// Newer versions of the connector, broken for good (BREAK baked into the image), to compare with PREVIOUS_IMAGE.
const NEW_REQUIRED_FIELD_IMAGE = `nx-airbyte-test/source-fixture:new-required-${RUN}`;
const STREAM_REMOVED_IMAGE = `nx-airbyte-test/source-fixture:stream-removed-${RUN}`;
const SECRET = 'key-c4n4ry-s3cr3t-7f1d';

let client: DockerClient;
let scratch: string;

beforeAll(async () => {
  client = createDockerClient();
  scratch = mkdtempSync(join(tmpdir(), 'nx-airbyte-acceptance-'));
  if (!(await findImage(client, 'airbyte/base-python:dev'))) {
    await buildImage(client, { contextDir: join(REPOSITORY_ROOT, 'airbyte-integrations/bases/base-python'), tags: ['airbyte/base-python:dev'] });
  }
  await buildImage(client, { contextDir: FIXTURE_DIR, tags: [IMAGE] });
  await tagImage(client, IMAGE, PREVIOUS_IMAGE);
  await buildVariant(WRONG_ENTRYPOINT_IMAGE, 'ENV AIRBYTE_ENTRYPOINT="python3 /somewhere/else.py"');
  await buildVariant(NEW_REQUIRED_FIELD_IMAGE, 'ENV BREAK=spec_requires_more');
  await buildVariant(STREAM_REMOVED_IMAGE, 'ENV BREAK=catalog_stream_removed');
});

async function buildVariant(tag: string, instruction: string): Promise<void> {
  const dir = mkdtempSync(join(scratch, 'variant-'));
  writeFileSync(join(dir, 'Dockerfile'), `FROM ${IMAGE}\n${instruction}\n`);
  await buildImage(client, { contextDir: dir, tags: [tag] });
}

afterAll(async () => {
  for (const image of [WRONG_ENTRYPOINT_IMAGE, NEW_REQUIRED_FIELD_IMAGE, STREAM_REMOVED_IMAGE, PREVIOUS_IMAGE, IMAGE]) await removeImage(client, image, { force: true }).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

const runScenario = scenarioRunner({ client: () => client, fixtureDir: FIXTURE_DIR, image: IMAGE, scratch: () => scratch, runId: `acceptance-test-${RUN}` });
const result = resultOf;

async function containersOfThisRun(): Promise<number> {
  const containers = await client.api.listContainers({ all: true, filters: { label: [`io.nx-airbyte.run=acceptance-test-${RUN}`] } });
  return containers.length;
}

describe('the source suites against a correct connector', () => {
  let run: AcceptanceRunResult;
  beforeAll(async () => {
    run = await runScenario({});
  });

  it('passes every test, skipping only the backward compatibility tests that have no previous image', () => {
    const notPassed = run.results.filter((test) => test.status !== 'passed');
    expect(notPassed.map((test) => `${test.suite}.${test.name}:${test.status}`)).toEqual(['spec.test_backward_compatibility:skipped', 'discovery.test_backward_compatibility:skipped']);
    expect(run.failed).toBe(0);
    expect(run.passed).toBeGreaterThanOrEqual(25);
  });

  it('counts the records of each stream and times every container run', () => {
    expect(run.recordCounts).toEqual([
      { test: 'basic_read.test_read', stream: 'items', records: 20 },
      { test: 'basic_read.test_read', stream: 'events', records: 20 },
    ]);
    expect(run.containerRuns.map((timing) => timing.command)).toEqual(expect.arrayContaining(['spec', 'check', 'discover', 'read']));
    expect(run.containerRuns.every((timing) => timing.durationMs > 0 && timing.exitCode >= 0)).toBe(true);
  });

  it('runs spec once and discover once for the whole run', () => {
    const commands = run.containerRuns.map((timing) => timing.command);
    expect(commands.filter((command) => command === 'spec')).toHaveLength(1);
    expect(commands.filter((command) => command === 'discover')).toHaveLength(1);
  });

  it('leaves no container behind', async () => {
    expect(await containersOfThisRun()).toBe(0);
  });
});

describe.each([
  ['spec_additional_properties_false', 'spec.test_additional_properties_is_true', /additionalProperties/],
  ['spec_secret_not_marked', 'spec.test_secret_is_properly_marked', /password/],
  ['spec_oneof_without_const', 'spec.test_oneof_usage', /const/],
  ['spec_unresolved_ref', 'spec.test_defined_refs_exist_in_json_spec_file', /#\/definitions\/region/],
  ['spec_oauth_bad_path', 'spec.test_oauth_flow_parameters', /credentials/],
  ['spec_requires_more', 'spec.test_match_expected', /required/],
  ['check_exception', 'connection.test_check[status=succeed]', /CONNECTION_STATUS/],
  ['catalog_allof', 'discovery.test_defined_keyword_exist_in_schema[keyword=allOf]', /allOf/],
  ['catalog_unresolved_ref', 'discovery.test_defined_refs_exist_in_schema', /#\/definitions\/owner/],
  ['catalog_invalid_schema', 'discovery.test_streams_have_valid_json_schemas', /items/],
  ['catalog_cursor_not_in_schema', 'discovery.test_defined_cursors_exist_in_schema', /modified/],
  ['catalog_pk_not_in_schema', 'discovery.test_primary_keys_exist_in_schema', /uuid/],
  // the protocol requires supported_sync_modes (minItems 1); a CATALOG refused only for that is still judged
  ['catalog_no_sync_modes', 'discovery.test_streams_has_sync_modes', /stream 'events' has an empty supported_sync_modes/],
  ['record_wrong_type', 'basic_read.test_read', /\/id/],
  ['record_null_pk', 'basic_read.test_read', /primary key/i],
  ['record_extra_column', 'basic_read.test_read', /undeclared/],
  ['empty_events', 'basic_read.test_read', /events/],
  ['record_nondeterministic', 'basic_read.test_read', /expected record/i],
  ['no_trace_on_failure', 'basic_read.test_airbyte_trace_message_on_failure', /TRACE/],
  ['record_ids_change', 'full_refresh.test_sequential_reads', /second read/i],
  ['state_behind_records', 'incremental.test_two_sequential_reads', /state/i],
  ['ignore_state', 'incremental.test_state_with_abnormally_large_values', /abnormally large/],
  ['leak_secret', 'spec.test_secret_never_in_the_output', /stderr line/],
  ['spec_count_maximum', 'spec.test_config_match_spec', /config \/count must be <= 10/],
  ['catalog_duplicate_stream', 'discovery.test_discover', /stream name 'items' is used twice/],
  ['catalog_additional_properties_false', 'discovery.test_additional_properties_is_true', /additionalProperties/],
  ['ignore_intermediate_state', 'incremental.test_read_sequential_slices', /stream 'items' record 1 of the read from checkpoint 1 has cursor "2022-01-01T01:00:00Z", before the state's cursor/],
])('a connector broken by %s', (breaks, testName, reason) => {
  let run: AcceptanceRunResult;
  beforeAll(async () => {
    const suite = testName.split('.')[0];
    // the secret test looks at every run of the selected tests: give it a read to watch
    run = await runScenario({ breaks: [breaks], filter: breaks === 'leak_secret' ? 'basic_read.test_read' : `${suite}.` });
  });

  it(`fails ${testName}, saying why`, () => {
    const test = breaks === 'leak_secret' ? run.results.find((r) => r.name === 'test_secret_never_in_the_output') : result(run, testName);
    expect(test?.status).toBe('failed');
    expect(failureText(test as TestResult)).toMatch(reason);
  });

  it('never shows the secret value in any result', () => {
    expect(JSON.stringify(run.results)).not.toContain(SECRET);
  });
});

describe('a catalog with a stream without supported_sync_modes', () => {
  it('fails test_streams_has_sync_modes alone: the other discovery tests judge the rest of the catalog', async () => {
    const run = await runScenario({ breaks: ['catalog_no_sync_modes'], filter: 'discovery.' });
    const discovery = run.results.filter((test) => test.suite === 'discovery' && test.name !== 'test_backward_compatibility');
    expect(discovery.filter((test) => test.status !== 'passed').map((test) => test.name)).toEqual(['test_streams_has_sync_modes']);
    expect(discovery.length).toBeGreaterThan(5);
  });
});

describe.each([
  // [what breaks, the config change that makes a test look at it, the test, its failure]
  ['record_name_null', { validate_data_points: true }, 'basic_read.test_read', /field is null or absent in every record: \/name/],
  ['records_reversed', { expect_records: { path: 'integration_tests/expected_records.jsonl', exact_order: true } }, 'basic_read.test_read', /stream 'items' record 1 differs from expected record 1/],
  ['extra_record', { expect_records: { path: 'integration_tests/expected_records.jsonl', extra_records: false } }, 'basic_read.test_read', /stream 'items' record 21 is not among the expected records, and extra_records is off/],
  ['record_extra_column', { expect_records: { path: 'integration_tests/expected_records.jsonl', exact_order: true, extra_records: false }, fail_on_extra_columns: false }, 'basic_read.test_read', /differs from expected record 1: \/undeclared/],
])('a connector broken by %s, with %j', (breaks, entry, testName, reason) => {
  const edit = (config: Record<string, any>) => Object.assign(config.acceptance_tests.basic_read.tests[0], entry); // eslint-disable-line @typescript-eslint/no-explicit-any

  it(`fails ${testName}, saying why`, async () => {
    const test = result(await runScenario({ breaks: [breaks], filter: testName, edit }), testName);
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(reason);
  });

  it('passes when the connector is correct', async () => {
    expect(result(await runScenario({ filter: testName, edit }), testName).status).toBe('passed');
  });
});

describe('LEGACY state', () => {
  it('passes the incremental suite for a connector that checkpoints with LEGACY state messages', async () => {
    const run = await runScenario({ breaks: ['legacy_state'], filter: 'incremental.' });
    expect(run.results.filter((test) => test.suite === 'incremental').map((test) => `${test.name}:${test.status}`)).toEqual(['test_two_sequential_reads:passed', 'test_read_sequential_slices:passed', 'test_state_with_abnormally_large_values:passed']);
  });

  it('fails test_two_sequential_reads when a LEGACY state is behind the records', async () => {
    const test = result(await runScenario({ breaks: ['legacy_state', 'state_behind_records'], filter: 'incremental.test_two_sequential_reads' }), 'incremental.test_two_sequential_reads');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/after the final state's cursor "2000-01-01T00:00:00Z"/);
  });
});

describe('full_refresh.test_sequential_reads by record hash (streams without a primary key)', () => {
  const withoutPrimaryKeys = (ignoredFields?: Record<string, unknown>) => (config: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const catalog = JSON.parse(readFileSync(join(FIXTURE_DIR, 'integration_tests/configured_catalog.json'), 'utf8'));
    for (const stream of catalog.streams) delete stream.primary_key;
    const file = join(mkdtempSync(join(scratch, 'catalog-')), 'configured_catalog.json');
    writeFileSync(file, JSON.stringify(catalog));
    Object.assign(config.acceptance_tests.full_refresh.tests[0], { configured_catalog_path: file, ...(ignoredFields ? { ignored_fields: ignoredFields } : {}) });
  };

  it('fails when a field changes between the reads', async () => {
    const test = result(await runScenario({ breaks: ['record_nondeterministic'], filter: 'full_refresh.', edit: withoutPrimaryKeys() }), 'full_refresh.test_sequential_reads');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/stream 'items': record 1 of the first read is missing from the second read/);
  });

  it('passes when that field is in ignored_fields', async () => {
    const ignored = { items: [{ name: 'name', bypass_reason: 'changes each read' }], events: [{ name: 'name', bypass_reason: 'changes each read' }] };
    expect(result(await runScenario({ breaks: ['record_nondeterministic'], filter: 'full_refresh.', edit: withoutPrimaryKeys(ignored) }), 'full_refresh.test_sequential_reads').status).toBe('passed');
  });
});

describe('connection tests by expected status', () => {
  it('passes status: exception for a connector that reports its crash with a TRACE error', async () => {
    const run = await runScenario({ breaks: ['check_exception'], filter: 'connection.', edit: (config) => (config.acceptance_tests.connection.tests = [{ config_path: 'integration_tests/config.json', status: 'exception' }]) });
    expect(result(run, 'connection.test_check').status).toBe('passed');
  });

  it('fails status: exception for a connector that crashes without a TRACE error', async () => {
    const run = await runScenario({ breaks: ['check_crash_without_trace'], filter: 'connection.', edit: (config) => (config.acceptance_tests.connection.tests = [{ config_path: 'integration_tests/config.json', status: 'exception' }]) });
    const test = result(run, 'connection.test_check');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/exactly one TRACE message of type ERROR/);
  });

  it('fails status: failed when the check succeeds', async () => {
    const run = await runScenario({ filter: 'connection.', edit: (config) => (config.acceptance_tests.connection.tests = [{ config_path: 'integration_tests/config.json', status: 'failed' }]) });
    expect(failureText(result(run, 'connection.test_check'))).toMatch(/returned SUCCEEDED; expected FAILED/);
  });
});

describe('image and version checks', () => {
  it('fails test_docker_env when AIRBYTE_ENTRYPOINT differs from the ENTRYPOINT', async () => {
    const run = await runScenario({ image: WRONG_ENTRYPOINT_IMAGE, filter: 'spec.test_docker_env' });
    expect(result(run, 'spec.test_docker_env').status).toBe('failed');
    expect(failureText(result(run, 'spec.test_docker_env'))).toMatch(/AIRBYTE_ENTRYPOINT/);
  });

  it('compares with the previous version when its image is here: a new required property breaks the spec', async () => {
    const edit = (config: Record<string, any>) => (config.acceptance_tests.spec.tests[0].backward_compatibility_tests_config = { previous_connector_version: `0.0.9-${RUN}` }); // eslint-disable-line @typescript-eslint/no-explicit-any
    const run = await runScenario({ image: NEW_REQUIRED_FIELD_IMAGE, filter: 'spec.test_backward_compatibility', edit });
    expect(result(run, 'spec.test_backward_compatibility').status).toBe('failed');
    expect(failureText(result(run, 'spec.test_backward_compatibility'))).toMatch(/region_code/);
  });

  it('compares catalogs with the previous version: a removed stream breaks discovery', async () => {
    const edit = (config: Record<string, any>) => (config.acceptance_tests.discovery.tests[0].backward_compatibility_tests_config = { previous_connector_version: `0.0.9-${RUN}` }); // eslint-disable-line @typescript-eslint/no-explicit-any
    const run = await runScenario({ image: STREAM_REMOVED_IMAGE, filter: 'discovery.test_backward_compatibility', edit });
    expect(result(run, 'discovery.test_backward_compatibility').status).toBe('failed');
    expect(failureText(result(run, 'discovery.test_backward_compatibility'))).toMatch(/events/);
  });
});

describe('test_backward_compatibility skips', () => {
  // a repository of this run alone, so that its :latest is ours: the version under test breaks the spec, latest is 0.1.0 (its label)
  const REPOSITORY = `nx-airbyte-test/source-fixture-bc-${RUN}`;
  const spec = (settings: Record<string, string>) => (config: Record<string, any>) => (config.acceptance_tests.spec.tests[0].backward_compatibility_tests_config = settings); // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    await tagImage(client, NEW_REQUIRED_FIELD_IMAGE, `${REPOSITORY}:dev`);
    await tagImage(client, IMAGE, `${REPOSITORY}:latest`);
  });

  afterAll(async () => {
    for (const image of [`${REPOSITORY}:dev`, `${REPOSITORY}:latest`]) await removeImage(client, image, { force: true }).catch(() => undefined);
  });

  it('when disable_for_version is the version the previous image is labelled with, previous_connector_version being latest', async () => {
    const run = await runScenario({ image: `${REPOSITORY}:dev`, filter: 'spec.test_backward_compatibility', edit: spec({ disable_for_version: '0.1.0' }) });
    const test = result(run, 'spec.test_backward_compatibility');
    expect(test.status).toBe('skipped');
    expect(test.skipReason).toBe(`disabled for version 0.1.0 (disable_for_version): the previous image ${REPOSITORY}:latest is version 0.1.0`);
  });

  it('compares when disable_for_version is another version', async () => {
    const run = await runScenario({ image: `${REPOSITORY}:dev`, filter: 'spec.test_backward_compatibility', edit: spec({ disable_for_version: '0.0.1' }) });
    expect(failureText(result(run, 'spec.test_backward_compatibility'))).toMatch(/region_code/);
  });

  it('when the previous spec and the current one are identical', async () => {
    const run = await runScenario({ filter: 'spec.test_backward_compatibility', edit: spec({ previous_connector_version: `0.0.9-${RUN}` }) });
    const test = result(run, 'spec.test_backward_compatibility');
    expect(test.status).toBe('skipped');
    expect(test.skipReason).toBe(`the spec of the previous image nx-airbyte-test/source-fixture:0.0.9-${RUN} and the current one are identical`);
  });
});

describe('test_backward_compatibility against a published version', () => {
  const PUBLISHED = `0.1.0-${RUN}`;
  let registry: LocalRegistry;
  let published: string;
  const comparingWith = (version: string) => (config: Record<string, any>) => (config.acceptance_tests.spec.tests[0].backward_compatibility_tests_config = { previous_connector_version: version }); // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    registry = await startLocalRegistry();
    // the previous version exists only in the registry, as after `nx run <connector>:publish` on another machine
    published = `${registryImageName(parseRegistryAddress(registry.address), 'nx-airbyte-test/source-fixture')}:${PUBLISHED}`;
    await tagImage(client, IMAGE, published);
    await pushImage(client, parseRegistryAddress(registry.address), published);
    await removeImage(client, published);
  }, 60_000);

  afterAll(async () => {
    await removeImage(client, published, { force: true }).catch(() => undefined);
    await registry?.stop();
  });

  it('pulls the previous version from the registry and compares with it: a new required property breaks the spec', async () => {
    const run = await runScenario({ image: NEW_REQUIRED_FIELD_IMAGE, filter: 'spec.test_backward_compatibility', edit: comparingWith(PUBLISHED), registry: { registry: parseRegistryAddress(registry.address) } });
    expect(result(run, 'spec.test_backward_compatibility').status).toBe('failed');
    expect(failureText(result(run, 'spec.test_backward_compatibility'))).toMatch(/region_code/);
    expect(await findImage(client, published)).toBeDefined();
  });

  it('skips, saying where it looked, when neither the store nor the registry has the version', async () => {
    const run = await runScenario({ image: NEW_REQUIRED_FIELD_IMAGE, filter: 'spec.test_backward_compatibility', edit: comparingWith('9.9.9'), registry: { registry: parseRegistryAddress(registry.address) } });
    const test = result(run, 'spec.test_backward_compatibility');
    expect(test.status).toBe('skipped');
    expect(test.skipReason).toBe(`the previous version's image nx-airbyte-test/source-fixture:9.9.9 is not in the local Docker store, nor in the registry ${registry.address}; publish or build it to compare`);
  });

  it('skips, saying no registry is configured, without one', async () => {
    await removeImage(client, published, { force: true }).catch(() => undefined);
    const run = await runScenario({ image: NEW_REQUIRED_FIELD_IMAGE, filter: 'spec.test_backward_compatibility', edit: comparingWith(PUBLISHED) });
    expect(result(run, 'spec.test_backward_compatibility').skipReason).toMatch(/is not in the local Docker store, and no registry is configured to look in \(--registry, or NX_AIRBYTE_REGISTRY\)/);
  });
});

describe('timeouts', () => {
  it('kills a read that outlives timeout_seconds, fails the test saying so, and removes the container', async () => {
    const edit = (config: Record<string, any>) => (config.acceptance_tests.basic_read.tests[0].timeout_seconds = 3); // eslint-disable-line @typescript-eslint/no-explicit-any
    const run = await runScenario({ breaks: ['hang_on_read'], filter: 'basic_read.test_read', edit });
    const test = result(run, 'basic_read.test_read');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/did not finish within its timeout/);
    expect(test.durationMs).toBeLessThan(30_000);
    expect(await containersOfThisRun()).toBe(0);
  });
});

describe('test_strictness_level high', () => {
  it('fails test_read when a stream has no expected records and is not declared empty', async () => {
    const itemsOnly = join(scratch, 'items-only.jsonl');
    const expected = readFileSync(join(FIXTURE_DIR, 'integration_tests/expected_records.jsonl'), 'utf8').split('\n');
    writeFileSync(itemsOnly, expected.filter((line) => line.includes('"stream": "items"')).join('\n'));
    const run = await runScenario({ filter: 'basic_read.test_read', edit: (config) => (config.acceptance_tests.basic_read.tests[0].expect_records = { path: itemsOnly }) });
    const test = result(run, 'basic_read.test_read');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/stream 'events' has no expected records and is not in empty_streams/);
  });
});

describe('test_secret_never_in_the_output', () => {
  it('fails when the connector prints a secret during the discover that starts alongside the spec', async () => {
    const run = await runScenario({ breaks: ['leak_secret_on_discover'], filter: 'discovery.test_discover' });
    const test = result(run, 'spec.test_secret_never_in_the_output');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/seen in discovery \(discover, stderr line 1\): discovering with key \*{10}/);
    expect(JSON.stringify(run.results)).not.toContain(SECRET);
  });

  it('fails, not skips, when the spec fails, and still masks the values of the configs', async () => {
    const run = await runScenario({ breaks: ['spec_crash'], filter: 'connection.test_check' });
    const test = result(run, 'spec.test_secret_never_in_the_output');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/spec could not be had/);
    expect(run.masker.mask(`key ${SECRET}`)).toBe('key **********');
  });
});
