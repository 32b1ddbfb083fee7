import { createRunId, type DockerClient, type RegistrySettings } from '@nx-airbyte/docker';
import type { JsonObject } from '@nx-airbyte/protocol';
import type { AcceptanceConfig, SuiteConfig, TestEntryBase } from '../config/acceptance-config';
import { DEFAULT_TIMEOUT_SECONDS } from '../config/acceptance-config';
import { secretsFromConfig, valuesOfConfig } from '../report/config-secrets';
import { SecretMasker } from '../report/secret-masker';
import { ConnectorSession } from './connector-session';
import type { ContainerRunTiming, StreamRecordCount, TestResult } from '../report/test-result';
import { runTestCases, type TestCaseListener } from './run-test-cases';
import { SecretLeakWatch } from './secret-leaks';
import { SourceFixtures } from './source-fixtures';
import { destinationConfigTestCases } from './destination-suite';
import { sourceTestCases } from './source-suite';

export interface AcceptanceRunOptions {
  config: AcceptanceConfig;
  client: DockerClient;
  /** Only tests whose id contains this text (`-k`). */
  filter?: string;
  /** Labels every container of the run; default a fresh id. */
  runId?: string;
  /** Short container runs that may overlap. Default 2. */
  concurrency?: number;
  listener?: TestCaseListener;
  /** More values to mask and watch for, e.g. every value of the connector's secrets/ files. */
  extraSecrets?: readonly string[];
  /** Each connector container's memory limit; the kernel kills a connector that needs more. Default: none. */
  containerMemoryLimitBytes?: number;
  /**
   * More values to mask in everything the run reports, but not to watch for in connector output: every
   * value of the connector's secrets/ files (readConnectorSecretValues), most of which (a start date, a
   * user name) a connector may rightly print.
   */
  maskedValues?: readonly string[];
  /** Where published versions are: backward compatibility pulls a previous version that is not local from here. Its password is masked. */
  registry?: RegistrySettings;
}

export interface AcceptanceRunResult {
  results: TestResult[];
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  /** Records per stream of each basic read. */
  recordCounts: StreamRecordCount[];
  containerRuns: ContainerRunTiming[];
  /** Masks every secret the run knows of: use it on anything derived from the run that gets printed or written. */
  masker: SecretMasker;
}

/**
 * Runs the acceptance suites of one config against its image: the spec first (to learn which config
 * fields are secrets), then every test, short ones concurrently and reads and writes one by one, and
 * last test_secret_never_in_the_output over everything the connector printed. A source config gets the
 * source suites, a destination config spec, connection and the destination suite.
 */
export async function runAcceptanceTests(options: AcceptanceRunOptions): Promise<AcceptanceRunResult> {
  const started = Date.now();
  const { config } = options;
  const alwaysMasked = [...(options.extraSecrets ?? []), ...(options.maskedValues ?? []), ...(options.registry?.credentials ? [options.registry.credentials.password] : [])];
  let masker = new SecretMasker(alwaysMasked);
  const leaks = new SecretLeakWatch(options.extraSecrets ?? [], (text) => masker.mask(text));
  const session = new ConnectorSession({ client: options.client, image: config.connectorImage, runId: options.runId ?? createRunId('acceptance'), env: config.customEnvironmentVariables, leaks, memoryLimitBytes: options.containerMemoryLimitBytes });
  const fixtures = new SourceFixtures(session, config, options.registry);

  const configs = fixtures.readableConfigs(configPathsOf(config));
  // runs that start before the spec says which fields are secret are scanned for every config value
  leaks.watchCandidates(configs.flatMap(valuesOfConfig));
  prefetchDiscoveredCatalog(fixtures, config);
  const secrets = await configSecrets(fixtures, config, configs);
  if ('unknown' in secrets) {
    // not knowing which values are secret, every value of the configs is masked
    masker = new SecretMasker([...alwaysMasked, ...configs.flatMap(valuesOfConfig)]);
    leaks.settleUnknown(secrets.unknown);
  } else {
    masker = new SecretMasker([...alwaysMasked, ...secrets.values]);
    leaks.settle(secrets.values);
  }

  const recordCounts: StreamRecordCount[] = [];
  const context = {
    config,
    session,
    fixtures,
    leaks,
    recordCounts: (test: string, streams: ReadonlyArray<{ stream: string; records: number }>) => recordCounts.push(...streams.map(({ stream, records }) => ({ test, stream, records }))),
  };
  const tests = config.connectorKind === 'destination' ? destinationConfigTestCases(context) : sourceTestCases(context);
  const listener: TestCaseListener = {
    onTestStart: (test) => options.listener?.onTestStart?.(test),
    onTestFinished: (result) => options.listener?.onTestFinished?.(maskResult(result, masker)),
  };
  const results = (await runTestCases(tests, { filter: options.filter, concurrency: options.concurrency, listener })).map((result) => maskResult(result, masker));
  return {
    results,
    passed: results.filter((result) => result.status === 'passed').length,
    failed: results.filter((result) => result.status === 'failed').length,
    skipped: results.filter((result) => result.status === 'skipped').length,
    durationMs: Date.now() - started,
    recordCounts,
    containerRuns: session.timings,
    masker,
  };
}

/** Every connector config file the suites use. */
function configPathsOf(config: AcceptanceConfig): string[] {
  const entries = Object.values(config.acceptanceTests).flatMap((suite) => (suite as SuiteConfig<TestEntryBase> | undefined)?.tests ?? []);
  const invalidConfigs = (config.acceptanceTests.destination?.tests ?? []).flatMap((entry) => entry.invalidConfigPath ?? []);
  return [...entries.map((entry) => entry.configPath), ...invalidConfigs];
}

/** The values of airbyte_secret fields in the configs the suites use, or why they cannot be known (the spec failed). */
async function configSecrets(fixtures: SourceFixtures, config: AcceptanceConfig, configs: readonly JsonObject[]): Promise<{ values: string[] } | { unknown: string }> {
  if (configPathsOf(config).length === 0) return { values: [] };
  const specTimeout = (config.acceptanceTests.spec?.tests[0]?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS.spec) * 1000;
  let connectionSpecification: JsonObject;
  try {
    connectionSpecification = (await fixtures.spec(specTimeout)).connectionSpecification as JsonObject;
  } catch (error) {
    return { unknown: (error as Error).message }; // the spec tests report it too
  }
  return { values: configs.flatMap((connectorConfig) => secretsFromConfig(connectionSpecification, connectorConfig)) };
}

/**
 * Starts the first discover while the spec runs: both are needed before most tests, and two short
 * containers side by side cost little more than one. Its failure is reported by the tests that use it.
 */
function prefetchDiscoveredCatalog(fixtures: SourceFixtures, config: AcceptanceConfig): void {
  if (!config.cacheDiscoveredCatalog) return;
  const { discovery, basic_read: basicRead, full_refresh: fullRefresh, incremental } = config.acceptanceTests;
  const entry = discovery?.tests[0] ?? basicRead?.tests[0] ?? fullRefresh?.tests[0] ?? incremental?.tests[0];
  if (!entry || config.missingSecretFiles.some((file) => file.path === entry.configPath)) return;
  fixtures.discoveredCatalog(entry.configPath, entry.timeoutSeconds * 1000).catch(() => undefined);
}

function maskResult(result: TestResult, masker: SecretMasker): TestResult {
  return {
    ...result,
    failures: result.failures.map((failure) => ({
      ...failure,
      message: masker.mask(failure.message),
      ...(failure.expected !== undefined ? { expected: masker.maskValue(failure.expected) } : {}),
      ...(failure.actual !== undefined ? { actual: masker.maskValue(failure.actual) } : {}),
    })),
  };
}

