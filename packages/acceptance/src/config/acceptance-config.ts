import type { ConfigProblem } from './config-error';
import type { MissingSecretFile } from './referenced-files';
import type { SourceLocation } from './yaml-source';

/**
 * Class default timeouts in seconds, used when an entry has no `timeout_seconds`. These are CAT's
 * (the SAT values were spec 10, connection 30, discovery 30, basic_read 300): a cold container start
 * plus a real API call does not fit in 10 s on a loaded CI agent.
 */
export const DEFAULT_TIMEOUT_SECONDS: Readonly<Record<SuiteName, number>> = {
  spec: 60,
  connection: 60,
  discovery: 300,
  basic_read: 600,
  full_refresh: 1200,
  incremental: 1200,
};

export type TestStrictnessLevel = 'low' | 'high';

/** What every entry of every suite has. */
export interface TestEntryBase {
  /** Absolute path of the connector config the test runs with. It may be a missing secret: see `missingSecretFiles`. */
  configPath: string;
  timeoutSeconds: number;
  /**
   * The values that tell this entry apart from the suite's other entries, for test names such as
   * `test_check[status=failed]`. Undefined when the suite has a single entry.
   */
  params?: Record<string, string>;
  /** Where the entry is written. */
  location: SourceLocation;
}

export interface BackwardCompatibilityConfig {
  /** Semver, or `latest`. */
  previousConnectorVersion: string;
  disableForVersion?: string;
}

export interface SpecTestEntry extends TestEntryBase {
  /** The expected spec (JSON or YAML). Undefined when not given and the default `secrets/spec.json` does not exist. */
  specPath?: string;
  backwardCompatibility: BackwardCompatibilityConfig;
}

export type ConnectionStatusExpectation = 'succeed' | 'failed' | 'exception';

export interface ConnectionTestEntry extends TestEntryBase {
  status: ConnectionStatusExpectation;
}

export interface DiscoveryTestEntry extends TestEntryBase {
  backwardCompatibility: BackwardCompatibilityConfig;
  validatePrimaryKeysDataType: boolean;
}

/** A stream named with an optional reason: empty streams, `future_state.missing_streams`. */
export interface NamedWithReason {
  name: string;
  bypassReason?: string;
  location: SourceLocation;
}

/** Per stream, the field paths (`a/b`, `charges/data/*`) left out of record comparisons. */
export type IgnoredFields = Record<string, NamedWithReason[]>;

export interface ExpectRecordsConfig {
  /** Absolute path of the JSON-lines file of expected records; absent when bypassed. */
  path?: string;
  bypassReason?: string;
  extraFields: boolean;
  exactOrder: boolean;
  extraRecords: boolean;
  location: SourceLocation;
}

export interface BasicReadTestEntry extends TestEntryBase {
  /** Absent: the catalog is built from discover (all streams, full_refresh). */
  configuredCatalogPath?: string;
  emptyStreams: NamedWithReason[];
  expectRecords?: ExpectRecordsConfig;
  validateSchema: boolean;
  validateDataPoints: boolean;
  expectTraceMessageOnFailure: boolean;
  failOnExtraColumns: boolean;
  validatePrimaryKeysDataType: boolean;
  ignoredFields: IgnoredFields;
}

export interface FullRefreshTestEntry extends TestEntryBase {
  configuredCatalogPath?: string;
  ignoredFields: IgnoredFields;
}

export interface FutureStateConfig {
  /** Absolute path of the state with cursors far in the future; absent when bypassed. */
  futureStatePath?: string;
  missingStreams: NamedWithReason[];
  bypassReason?: string;
  location: SourceLocation;
}

export interface IncrementalTestEntry extends TestEntryBase {
  configuredCatalogPath?: string;
  /** Per stream, the path of its cursor in the STATE blob; streams not listed use the last element of their cursor_field. */
  cursorPaths: Record<string, (string | number)[]>;
  futureState?: FutureStateConfig;
  thresholdDays: number;
  skipComprehensiveIncrementalTests: boolean;
}

/**
 * The entry type of each suite, named by its config key (the original's `TestX` class maps to `snake_case(X)`).
 * A destination side adds its suites here, in DEFAULT_TIMEOUT_SECONDS and in the suite registry.
 */
export interface SuiteEntries {
  spec: SpecTestEntry;
  connection: ConnectionTestEntry;
  discovery: DiscoveryTestEntry;
  basic_read: BasicReadTestEntry;
  full_refresh: FullRefreshTestEntry;
  incremental: IncrementalTestEntry;
}

export type SuiteName = keyof SuiteEntries;

/** A declared suite: its entries (one parametrised run each), or the reason it is bypassed (then `tests` is empty). */
export interface SuiteConfig<Entry> {
  tests: Entry[];
  bypassReason?: string;
  location: SourceLocation;
}

/** Absent suites were not declared: the runner skips them ("not found in the config"). */
export type AcceptanceTests = { [Name in SuiteName]?: SuiteConfig<SuiteEntries[Name]> };

/** An `acceptance-test-config.yml`, checked, migrated to the current format, with defaults filled in and absolute paths. */
export interface AcceptanceConfig {
  /** Absolute path of the YAML file. */
  file: string;
  /** `legacy`: the flat `tests:` map, migrated as the original did. */
  format: 'legacy' | 'current';
  /** The image under test: `connector_image`, or the command-line override. */
  connectorImage: string;
  /** Absolute; every relative path in the file resolved from here. */
  basePath: string;
  testStrictnessLevel: TestStrictnessLevel;
  cacheDiscoveredCatalog: boolean;
  customEnvironmentVariables: Record<string, string>;
  acceptanceTests: AcceptanceTests;
  /** Secret files the config names that do not exist yet; the tests using them fail with each file's message. */
  missingSecretFiles: MissingSecretFile[];
  /** Things worth printing that do not stop the run (a legacy format, for instance). */
  warnings: ConfigProblem[];
}
