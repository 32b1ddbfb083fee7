import { createReadStream } from 'node:fs';
import type { AirbyteCatalog, AirbyteMessage, ConfiguredAirbyteCatalog, ConnectorSpecification, JsonValue } from '@nx-airbyte/protocol';
import { BasicReadCheck } from '../checks/basic-read/basic-read-check';
import { parseExpectedRecords } from '../checks/basic-read/expected-records';
import { invalidSyncModeCatalog, TraceOnFailureCheck } from '../checks/basic-read/trace-on-failure';
import { checkCatalogBackwardCompatibility } from '../checks/discovery/catalog-backward-compatibility';
import { checkDefaultCursorsExist, checkPrimaryKeysExist, checkStreamsHaveSyncModes } from '../checks/discovery/cursors-and-keys';
import { checkDiscoverOutput } from '../checks/discovery/discover-output';
import { checkStreamAdditionalPropertiesIsTrue, checkStreamRefsResolved, checkStreamSchemasAreValid, checkStreamSchemasAvoidKeyword, FORBIDDEN_STREAM_SCHEMA_KEYWORDS } from '../checks/discovery/stream-schemas';
import { jsonEqual } from '../checks/json-value';
import type { Failure } from '../report/test-result';
import { testId } from '../report/test-result';
import { SequentialReadsCheck } from '../checks/full-refresh/sequential-reads';
import { parseFieldPattern, type FieldPattern } from '../checks/ignored-fields';
import { AbnormalStateCheck } from '../checks/incremental/abnormal-state';
import { checkFutureStateCoverage } from '../checks/incremental/future-state-coverage';
import { SequentialSlicesCheck } from '../checks/incremental/sequential-slices';
import { fullRefreshOnlyCatalog, incrementalOnlyCatalog, withResolvedCursors } from '../checks/incremental/sync-mode-catalogs';
import { TwoSequentialReadsCheck } from '../checks/incremental/two-sequential-reads';
import { checkSpecAdditionalPropertiesIsTrue } from '../checks/spec/additional-properties';
import { checkConfigMatchesSpec } from '../checks/spec/config-matches-spec';
import { checkSpecRefsResolved } from '../checks/spec/defined-refs';
import { checkDockerEnv } from '../checks/spec/docker-env';
import { checkOAuthFlowParameters } from '../checks/spec/oauth-flow-parameters';
import { checkOneOfUsage } from '../checks/spec/oneof-usage';
import { checkSecretsMarked } from '../checks/spec/secret-marking';
import { checkSpecBackwardCompatibility } from '../checks/spec/spec-backward-compatibility';
import { checkSpecMatchesExpected } from '../checks/spec/spec-matches-expected';
import type { AcceptanceConfig, BackwardCompatibilityConfig, ConnectionStatusExpectation, IgnoredFields, SuiteConfig, SuiteEntries, SuiteName, TestEntryBase } from '../config/acceptance-config';
import type { ConnectorSession } from './connector-session';
import type { SecretLeakWatch } from './secret-leaks';
import { describeRun, readJsonOrYaml, SourceFixtures } from './source-fixtures';
import { TestDeadline } from './test-deadline';
import { outcomeOf, skipped, type AcceptanceTestCase, type TestOutcome } from './test-case';

/** The tests of each source suite, in the order they run, as Airbyte's suite names them. */
export const SOURCE_SUITE_TESTS: Record<Exclude<SuiteName, 'destination'>, readonly string[]> = {
  spec: [
    'test_config_match_spec',
    'test_match_expected',
    'test_docker_env',
    'test_oneof_usage',
    'test_defined_refs_exist_in_json_spec_file',
    'test_oauth_flow_parameters',
    'test_additional_properties_is_true',
    'test_secret_is_properly_marked',
    'test_backward_compatibility',
  ],
  connection: ['test_check'],
  discovery: [
    'test_discover',
    'test_streams_have_valid_json_schemas',
    'test_defined_cursors_exist_in_schema',
    'test_defined_refs_exist_in_schema',
    ...FORBIDDEN_STREAM_SCHEMA_KEYWORDS.map((keyword) => `test_defined_keyword_exist_in_schema[keyword=${keyword}]`),
    'test_primary_keys_exist_in_schema',
    'test_streams_has_sync_modes',
    'test_additional_properties_is_true',
    'test_backward_compatibility',
  ],
  basic_read: ['test_read', 'test_airbyte_trace_message_on_failure'],
  full_refresh: ['test_sequential_reads'],
  incremental: ['test_two_sequential_reads', 'test_read_sequential_slices', 'test_state_with_abnormally_large_values'],
};

/** The last test of every run: it looks at everything the connector printed during the run. */
export const SECRET_TEST = { suite: 'spec', name: 'test_secret_never_in_the_output' } as const;

export interface SuiteContext {
  config: AcceptanceConfig;
  session: ConnectorSession;
  fixtures: SourceFixtures;
  leaks: SecretLeakWatch;
  /** Told the records per stream of each basic read, for the report. */
  recordCounts?: (test: string, streams: ReadonlyArray<{ stream: string; records: number }>) => void;
  /** Milliseconds now, for each test's deadline; default Date.now (tests give a fake clock). */
  clock?: () => number;
}

/** Every test of the source suites for this config, plus test_secret_never_in_the_output at the end. */
export function sourceTestCases(context: SuiteContext): AcceptanceTestCase[] {
  const { config } = context;
  return [
    ...commonSuiteTests(context),
    ...suiteTests(config, 'discovery', SOURCE_SUITE_TESTS.discovery, (entry, params) => discoveryTests(context, entry, params)),
    ...suiteTests(config, 'basic_read', SOURCE_SUITE_TESTS.basic_read, (entry, params) => basicReadTests(context, entry, params)),
    ...suiteTests(config, 'full_refresh', SOURCE_SUITE_TESTS.full_refresh, (entry, params) => [fullRefreshTest(context, entry, params)]),
    ...suiteTests(config, 'incremental', SOURCE_SUITE_TESTS.incremental, (entry, params) => incrementalTests(context, entry, params)),
    secretTest(SECRET_TEST.suite, context.leaks),
  ];
}

/** The suites that apply to every connector, source or destination: spec and connection. */
export function commonSuiteTests(context: SuiteContext): AcceptanceTestCase[] {
  const { config } = context;
  return [
    ...suiteTests(config, 'spec', SOURCE_SUITE_TESTS.spec, (entry, params) => specTests(context, entry, params)),
    ...suiteTests(config, 'connection', SOURCE_SUITE_TESTS.connection, (entry, params) => [connectionTest(context, entry, params)]),
  ];
}

/** test_secret_never_in_the_output of a suite: it runs last and judges every run of the others. */
export function secretTest(suite: string, leaks: SecretLeakWatch): AcceptanceTestCase {
  return { suite, name: SECRET_TEST.name, concurrent: false, judgesOthers: true, run: async () => secretNeverInOutput(leaks) };
}

export type Params = Record<string, string> | undefined;

/** The tests of one suite: one set per entry, or every test (`testNames`) skipped with the reason the suite does not run. */
export function suiteTests<Name extends SuiteName>(
  config: AcceptanceConfig,
  suite: Name,
  testNames: readonly string[],
  make: (entry: SuiteEntries[Name], params: Params) => AcceptanceTestCase[],
): AcceptanceTestCase[] {
  const declared = config.acceptanceTests[suite] as SuiteConfig<SuiteEntries[Name]> | undefined;
  const reason = !declared ? `the ${suite} suite is not in ${config.file}` : declared.bypassReason ? `bypassed: ${declared.bypassReason}` : declared.tests.length === 0 ? `the ${suite} suite has no tests` : undefined;
  if (reason) return testNames.map((name) => ({ ...splitName(suite, name), concurrent: true, skipReason: reason, run: async () => skipped(reason) }));
  return declared!.tests.flatMap((entry) => make(entry, entry.params));
}

function splitName(suite: string, name: string): { suite: string; name: string; params?: Record<string, string> } {
  const match = /^(\w+)\[(\w+)=(\w+)\]$/.exec(name);
  return match ? { suite, name: match[1], params: { [match[2]]: match[3] } } : { suite, name };
}

export function test(suite: SuiteName, name: string, params: Params, concurrent: boolean, run: () => Promise<TestOutcome>): AcceptanceTestCase {
  return { suite, name, ...(params ? { params } : {}), concurrent, run };
}

export function timeoutOf(entry: TestEntryBase): number {
  return entry.timeoutSeconds * 1000;
}

// ---------------------------------------------------------------- spec

function specTests(context: SuiteContext, entry: SuiteEntries['spec'], params: Params): AcceptanceTestCase[] {
  const { fixtures } = context;
  const spec = () => fixtures.spec(timeoutOf(entry));
  const onSpec = (name: string, check: (spec: ConnectorSpecification) => Failure[]) => test('spec', name, params, true, async () => outcomeOf(check(await spec())));
  return [
    test('spec', 'test_config_match_spec', params, true, async () => {
      const config = fixtures.connectorConfig(entry.configPath);
      return outcomeOf(checkConfigMatchesSpec(await spec(), config));
    }),
    test('spec', 'test_match_expected', params, true, async () => {
      if (!entry.specPath) return skipped('no spec_path: there is no expected spec to compare with');
      const expected = readJsonOrYaml(entry.specPath, 'expected spec') as unknown as ConnectorSpecification;
      return outcomeOf(checkSpecMatchesExpected(await spec(), expected));
    }),
    test('spec', 'test_docker_env', params, true, async () => {
      const image = await fixtures.imageInfo();
      return outcomeOf(checkDockerEnv({ entrypoint: image.entrypoint ?? null, env: image.env ?? [] }));
    }),
    onSpec('test_oneof_usage', checkOneOfUsage),
    onSpec('test_defined_refs_exist_in_json_spec_file', checkSpecRefsResolved),
    onSpec('test_oauth_flow_parameters', checkOAuthFlowParameters),
    onSpec('test_additional_properties_is_true', checkSpecAdditionalPropertiesIsTrue),
    onSpec('test_secret_is_properly_marked', checkSecretsMarked),
    test('spec', 'test_backward_compatibility', params, true, () =>
      againstPreviousVersion(context, entry.backwardCompatibility, async (previousImage) => {
        const previous = await context.session.collect({ command: 'spec', test: 'spec.test_backward_compatibility', timeoutMs: timeoutOf(entry), image: previousImage });
        const specs = previous.messages.flatMap((message) => (message.type === 'SPEC' ? [message.spec] : []));
        if (specs.length !== 1) return outcomeOf([{ message: `the previous image ${previousImage} gave no spec: ${describeRun(previous)}` }]);
        const current = await spec();
        if (jsonEqual(specs[0], current)) return skipped(`the spec of the previous image ${previousImage} and the current one are identical`);
        return outcomeOf(checkSpecBackwardCompatibility(specs[0], current));
      }),
    ),
  ];
}

/**
 * Runs a backward compatibility comparison against `<repository>:<previous version>`, from the local
 * store or the configured registry; skips, saying why, when neither has it or when the config disables
 * it for that version.
 */
async function againstPreviousVersion(context: SuiteContext, settings: BackwardCompatibilityConfig, compare: (previousImage: string) => Promise<TestOutcome>): Promise<TestOutcome> {
  const previous = await context.fixtures.previousImage(settings.previousConnectorVersion);
  if ('missing' in previous) return skipped(previous.missing);
  // the image's own version (label io.airbyte.version), not the tag: `latest` would never match
  const version = previous.version ?? settings.previousConnectorVersion;
  if (settings.disableForVersion && settings.disableForVersion === version) return skipped(`disabled for version ${version} (disable_for_version): the previous image ${previous.image} is version ${version}`);
  return compare(previous.image);
}

// ---------------------------------------------------------------- connection

function connectionTest(context: SuiteContext, entry: SuiteEntries['connection'], params: Params): AcceptanceTestCase {
  return test('connection', 'test_check', params ?? { status: entry.status }, true, async () =>
    outcomeOf(await checkConnection(context, { config: context.fixtures.connectorConfig(entry.configPath), status: entry.status, timeoutMs: timeoutOf(entry), test: 'connection.test_check' })),
  );
}

/** Runs `check` with a config and says how its outcome differs from `status`: the connection tests of both suites. */
export async function checkConnection(
  context: Pick<SuiteContext, 'session' | 'leaks'>,
  request: { config: JsonValue; status: ConnectionStatusExpectation; timeoutMs: number; test: string },
): Promise<Failure[]> {
  const run = await context.session.collect({ command: 'check', test: request.test, config: request.config, timeoutMs: request.timeoutMs });
  const statuses = run.messages.flatMap((message) => (message.type === 'CONNECTION_STATUS' ? [message.connectionStatus] : []));
  const errors = run.messages.flatMap((message) => (message.type === 'TRACE' && message.trace.type === 'ERROR' ? [message.trace.error] : []));
  if (run.timedOut) return [{ message: `check: ${describeRun(run)}` }];
  if (request.status === 'exception') {
    if (errors.length === 1 && errors[0]?.message) return [];
    return [{ message: `check with a config that makes the connector fail must emit exactly one TRACE message of type ERROR with a message; it emitted ${errors.length} (${describeRun(run)})`, expected: 1, actual: errors.length }];
  }
  const wanted = request.status === 'succeed' ? 'SUCCEEDED' : 'FAILED';
  if (statuses.length !== 1) {
    return [{ message: `check must emit exactly one CONNECTION_STATUS message; it emitted ${statuses.length} (${describeRun(run)})`, expected: 1, actual: statuses.length }];
  }
  const failures: Failure[] = [];
  if (statuses[0].status !== wanted) {
    failures.push({ message: `check returned ${statuses[0].status}${statuses[0].message ? ` (${context.leaks.mask(statuses[0].message)})` : ''}; expected ${wanted}`, expected: wanted, actual: statuses[0].status });
  }
  if (run.exitCode !== 0) failures.push({ message: `check must exit with code 0 after reporting its status; ${describeRun(run)}`, expected: 0, actual: run.exitCode });
  return failures;
}

// ---------------------------------------------------------------- discovery

function discoveryTests(context: SuiteContext, entry: SuiteEntries['discovery'], params: Params): AcceptanceTestCase[] {
  const catalog = () => context.fixtures.discoveredCatalog(entry.configPath, timeoutOf(entry));
  const onCatalog = (name: string, check: (catalog: AirbyteCatalog) => Failure[], testParams: Params = params) =>
    test('discovery', name, testParams, true, async () => outcomeOf(check(await catalog())));
  return [
    test('discovery', 'test_discover', params, true, async () => outcomeOf(checkDiscoverOutput([await catalog()]))),
    onCatalog('test_streams_have_valid_json_schemas', checkStreamSchemasAreValid),
    onCatalog('test_defined_cursors_exist_in_schema', checkDefaultCursorsExist),
    onCatalog('test_defined_refs_exist_in_schema', checkStreamRefsResolved),
    ...FORBIDDEN_STREAM_SCHEMA_KEYWORDS.map((keyword) => onCatalog('test_defined_keyword_exist_in_schema', (c) => checkStreamSchemasAvoidKeyword(c, keyword), { ...(params ?? {}), keyword })),
    onCatalog('test_primary_keys_exist_in_schema', (c) => checkPrimaryKeysExist(c, { checkDataTypes: entry.validatePrimaryKeysDataType })),
    onCatalog('test_streams_has_sync_modes', checkStreamsHaveSyncModes),
    onCatalog('test_additional_properties_is_true', checkStreamAdditionalPropertiesIsTrue),
    test('discovery', 'test_backward_compatibility', params, true, () =>
      againstPreviousVersion(context, entry.backwardCompatibility, async (previousImage) => {
        const config = context.fixtures.connectorConfig(entry.configPath);
        const previous = await context.session.collect({ command: 'discover', test: 'discovery.test_backward_compatibility', config, timeoutMs: timeoutOf(entry), image: previousImage });
        const catalogs = previous.messages.flatMap((message) => (message.type === 'CATALOG' ? [message.catalog] : []));
        if (catalogs.length !== 1) return outcomeOf([{ message: `the previous image ${previousImage} gave no catalog: ${describeRun(previous)}` }]);
        return outcomeOf(checkCatalogBackwardCompatibility(catalogs[0], await catalog()));
      }),
    ),
  ];
}

// ---------------------------------------------------------------- reads

/**
 * Runs one read within what is left of its test's deadline and feeds its messages to `observe`; a
 * failed run becomes a failure, not an exception, and no run starts once the deadline has passed.
 */
async function read(context: SuiteContext, request: { test: string; entry: TestEntryBase; deadline: TestDeadline; catalog: ConfiguredAirbyteCatalog | JsonValue; state?: JsonValue }, observe: (message: AirbyteMessage) => void): Promise<{ failures: Failure[] }> {
  const config = context.fixtures.connectorConfig(request.entry.configPath);
  if (request.deadline.expired) return { failures: [request.deadline.timedOut(`no time left for ${request.test}`)] };
  const run = await context.session.stream(
    { command: 'read', test: request.test, config, catalog: request.catalog as JsonValue, ...(request.state !== undefined ? { state: request.state } : {}), timeoutMs: request.deadline.remainingMs() },
    observe,
  );
  const failures: Failure[] = [];
  if (run.timedOut) failures.push(request.deadline.timedOut(`${request.test}: ${describeRun(run)}`));
  else if (run.oomKilled || run.exitCode !== 0) failures.push({ message: `read: ${describeRun(run)}` });
  const invalid = run.diagnostics.filter((diagnostic) => diagnostic.kind === 'not-a-message');
  if (invalid.length > 0) failures.push({ message: `read: ${run.diagnosticCounts['not-a-message']} line(s) of stdout are JSON but not valid protocol messages (first, line ${invalid[0].line}: ${invalid[0].reason})` });
  // lines the platform could not carry: a message too long to read, bytes that are not text
  for (const kind of ['line-too-long', 'not-text'] as const) {
    const first = run.diagnostics.find((diagnostic) => diagnostic.kind === kind);
    if (first) failures.push({ message: `read: ${run.diagnosticCounts[kind]} line(s) of stdout of ${run.image} were dropped (first, line ${first.line}: ${first.reason}: ${first.excerpt})` });
  }
  return { failures };
}

/** The deadline of one test of an entry, started now. */
function deadlineOf(context: SuiteContext, test: string, entry: TestEntryBase): TestDeadline {
  return new TestDeadline(test, timeoutOf(entry), context.clock);
}

function ignoredFieldPatterns(ignored: IgnoredFields): Map<string, FieldPattern[]> {
  return new Map(Object.entries(ignored).map(([stream, fields]) => [stream, fields.map((field) => parseFieldPattern(field.name))]));
}

function basicReadTests(context: SuiteContext, entry: SuiteEntries['basic_read'], params: Params): AcceptanceTestCase[] {
  return [
    test('basic_read', 'test_read', params, false, async () => {
      const deadline = deadlineOf(context, 'basic_read.test_read', entry);
      const catalog = readCatalog(context, entry, await context.fixtures.configuredCatalog(entry.configPath, entry.configuredCatalogPath, timeoutOf(entry)));
      let expectRecords;
      const failures: Failure[] = [];
      if (entry.expectRecords?.path) {
        const parsed = await parseExpectedRecords(createReadStream(entry.expectRecords.path));
        failures.push(...parsed.failures);
        if (context.config.testStrictnessLevel === 'high') failures.push(...uncoveredStreams(catalog, parsed.records, entry.emptyStreams.map((stream) => stream.name)));
        expectRecords = { records: parsed.records, extraFields: entry.expectRecords.extraFields, exactOrder: entry.expectRecords.exactOrder, extraRecords: entry.expectRecords.extraRecords };
      }
      const check = new BasicReadCheck({
        catalog,
        emptyStreams: entry.emptyStreams.map((stream) => stream.name),
        validateSchema: entry.validateSchema,
        validateDataPoints: entry.validateDataPoints,
        failOnExtraColumns: entry.failOnExtraColumns,
        validatePrimaryKeysDataType: entry.validatePrimaryKeysDataType,
        ...(expectRecords ? { expectRecords } : {}),
        ignoredFields: ignoredFieldPatterns(entry.ignoredFields),
      });
      const { failures: runFailures } = await read(context, { test: 'basic_read.test_read', entry, deadline, catalog }, (message) => check.observe(message));
      const result = check.finish();
      context.recordCounts?.(testId({ suite: 'basic_read', name: 'test_read', ...(params ? { params } : {}) }), result.streams);
      return outcomeOf([...failures, ...runFailures, ...result.failures]);
    }),
    test('basic_read', 'test_airbyte_trace_message_on_failure', params, false, async () => {
      if (!entry.expectTraceMessageOnFailure) return skipped('expect_trace_message_on_failure is false');
      const check = new TraceOnFailureCheck();
      const deadline = deadlineOf(context, 'basic_read.test_airbyte_trace_message_on_failure', entry);
      await read(context, { test: 'basic_read.test_airbyte_trace_message_on_failure', entry, deadline, catalog: invalidSyncModeCatalog() }, (message) => check.observe(message));
      return outcomeOf(check.finish());
    }),
  ];
}

/** The catalog test_read reads: at test_strictness_level high, the discovered one minus the empty streams (as Airbyte's suite did). */
function readCatalog(context: SuiteContext, entry: SuiteEntries['basic_read'], catalog: ConfiguredAirbyteCatalog): ConfiguredAirbyteCatalog {
  if (context.config.testStrictnessLevel !== 'high') return catalog;
  const empty = new Set(entry.emptyStreams.map((stream) => stream.name));
  return { ...catalog, streams: catalog.streams.filter((configured) => !empty.has(configured.stream.name)) };
}

/** test_strictness_level high: every stream read has expected records or is declared empty. */
function uncoveredStreams(catalog: ConfiguredAirbyteCatalog, expected: ReadonlyMap<string, unknown>, emptyStreams: readonly string[]): Failure[] {
  return catalog.streams
    .map((configured) => configured.stream.name)
    .filter((stream) => !expected.has(stream) && !emptyStreams.includes(stream))
    .map((stream) => ({ message: `stream '${stream}' has no expected records and is not in empty_streams; test_strictness_level high requires one or the other`, stream }));
}

function fullRefreshTest(context: SuiteContext, entry: SuiteEntries['full_refresh'], params: Params): AcceptanceTestCase {
  return test('full_refresh', 'test_sequential_reads', params, false, async () => {
    const deadline = deadlineOf(context, 'full_refresh.test_sequential_reads', entry);
    const catalog = fullRefreshOnlyCatalog(await context.fixtures.configuredCatalog(entry.configPath, entry.configuredCatalogPath, timeoutOf(entry)));
    if (catalog.streams.length === 0) return skipped('no stream of the catalog supports full_refresh');
    const check = new SequentialReadsCheck({ catalog, ignoredFields: ignoredFieldPatterns(entry.ignoredFields) });
    const first = await read(context, { test: 'full_refresh.test_sequential_reads (read 1)', entry, deadline, catalog }, (message) => {
      if (message.type === 'RECORD') check.observeFirstRead(message.record);
    });
    if (first.failures.length > 0) return outcomeOf(first.failures);
    const second = await read(context, { test: 'full_refresh.test_sequential_reads (read 2)', entry, deadline, catalog }, (message) => {
      if (message.type === 'RECORD') check.observeSecondRead(message.record);
    });
    return outcomeOf([...second.failures, ...check.finish()]);
  });
}

function incrementalTests(context: SuiteContext, entry: SuiteEntries['incremental'], params: Params): AcceptanceTestCase[] {
  const catalog = async () => {
    const configured = incrementalOnlyCatalog(await context.fixtures.configuredCatalog(entry.configPath, entry.configuredCatalogPath, timeoutOf(entry)));
    return withResolvedCursors(configured);
  };
  const options = (resolved: ConfiguredAirbyteCatalog) => ({ catalog: resolved, cursorPaths: stringPaths(entry.cursorPaths), thresholdDays: entry.thresholdDays });
  return [
    test('incremental', 'test_two_sequential_reads', params, false, async () => {
      const deadline = deadlineOf(context, 'incremental.test_two_sequential_reads', entry);
      const { catalog: resolved, failures } = await catalog();
      if (resolved.streams.length === 0) return skipped('no stream of the catalog supports incremental');
      if (failures.length > 0) return outcomeOf(failures);
      const check = new TwoSequentialReadsCheck(options(resolved));
      const first = await read(context, { test: 'incremental.test_two_sequential_reads (read 1)', entry, deadline, catalog: resolved }, (message) => check.observeFirstRead(message));
      const { failures: firstFailures, secondReadState } = check.finishFirstRead();
      if (first.failures.length > 0 || secondReadState === undefined) return outcomeOf([...first.failures, ...firstFailures]);
      const second = await read(context, { test: 'incremental.test_two_sequential_reads (read 2)', entry, deadline, catalog: resolved, state: secondReadState }, (message) => check.observeSecondRead(message));
      return outcomeOf([...second.failures, ...check.finish()]);
    }),
    test('incremental', 'test_read_sequential_slices', params, false, async () => {
      if (entry.skipComprehensiveIncrementalTests) return skipped('skip_comprehensive_incremental_tests is true');
      const deadline = deadlineOf(context, 'incremental.test_read_sequential_slices', entry);
      const { catalog: resolved, failures } = await catalog();
      if (resolved.streams.length === 0) return skipped('no stream of the catalog supports incremental');
      if (failures.length > 0) return outcomeOf(failures);
      const check = new SequentialSlicesCheck(options(resolved));
      const first = await read(context, { test: 'incremental.test_read_sequential_slices (read 1)', entry, deadline, catalog: resolved }, (message) => check.observeFirstRead(message));
      const { failures: firstFailures, checkpoints } = check.finishFirstRead();
      const all = [...first.failures, ...firstFailures];
      if (first.failures.length > 0) return outcomeOf(all);
      for (const checkpoint of checkpoints) {
        const replay = check.replay(checkpoint);
        const run = await read(context, { test: `incremental.test_read_sequential_slices (from checkpoint ${checkpoint.position + 1})`, entry, deadline, catalog: resolved, state: checkpoint.stateInput }, (message) => replay.observe(message));
        all.push(...run.failures);
        if (deadline.expired) break; // the replays left are not run: the test is out of time
        all.push(...replay.finish());
      }
      return outcomeOf(all);
    }),
    test('incremental', 'test_state_with_abnormally_large_values', params, false, async () => {
      const future = entry.futureState;
      if (!future?.futureStatePath) return skipped(future?.bypassReason ? `bypassed: ${future.bypassReason}` : 'no future_state.future_state_path');
      const { catalog: resolved, failures } = await catalog();
      if (resolved.streams.length === 0) return skipped('no stream of the catalog supports incremental');
      if (failures.length > 0) return outcomeOf(failures);
      const state = readJsonOrYaml(future.futureStatePath, 'future state');
      // a high strictness rule (Airbyte's and docs/acceptance-config.md): at low, a stream may go without a future state
      const coverage = context.config.testStrictnessLevel === 'high' ? checkFutureStateCoverage(state, resolved, future.missingStreams.map((stream) => stream.name)) : [];
      const check = new AbnormalStateCheck();
      const deadline = deadlineOf(context, 'incremental.test_state_with_abnormally_large_values', entry);
      const run = await read(context, { test: 'incremental.test_state_with_abnormally_large_values', entry, deadline, catalog: resolved, state }, (message) => check.observe(message));
      return outcomeOf([...coverage, ...run.failures, ...check.finish()]);
    }),
  ];
}

function stringPaths(paths: Record<string, (string | number)[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(paths).map(([stream, path]) => [stream, path.map(String)]));
}

// ---------------------------------------------------------------- secrets

export function secretNeverInOutput(leaks: SecretLeakWatch): TestOutcome {
  if (leaks.unknownReason !== undefined) {
    return outcomeOf([{ message: `which config fields are secret (airbyte_secret) is unknown because the spec could not be had, so the output cannot be checked for them; every config value was masked instead. The spec: ${leaks.unknownReason}` }]);
  }
  if (leaks.watching === 0) return skipped('no config field is marked airbyte_secret, or no config could be read: there is no secret to look for');
  const { kept, total } = leaks.leaks();
  if (total === 0) return outcomeOf([]);
  return outcomeOf([
    { message: `a secret config value appeared in ${total} line(s) the connector printed; secrets must never be written to stdout or stderr` },
    ...kept.map((leak) => ({ message: `seen in ${leak.where}: ${leak.excerpt}` })),
  ]);
}
