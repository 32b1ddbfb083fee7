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
  destination: 300,
};

/** What the config tests: a destination when it declares the destination suite (or its image is destination-<name> and no read suite is declared). */
export type ConnectorKind = 'source' | 'destination';

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
 * How the destination suite reads back what a destination stored. Each stored record is a JSON object:
 * its `_airbyte_data` (an object, or JSON text of one) when it has that key, else the object itself; keys
 * starting with `_airbyte_` are bookkeeping and never compared.
 */
export type ReadBackConfig =
  | {
      kind: 'local_files';
      /** Path under the /local mount, with `{stream}` and `{namespace}` (empty, and its path segment dropped, for a stream without one); `*` matches within a file name. */
      pattern: string;
      location: SourceLocation;
    }
  | {
      kind: 'command';
      /** The image to run the command in; absent: the image under test. */
      image?: string;
      /** The program and its arguments (a string in the file runs through /bin/sh -c). */
      command: string[];
      /** Absolute paths of files copied to /data/<file name> before the command runs. */
      files: string[];
      location: SourceLocation;
    };

export interface DestinationTestEntry extends TestEntryBase {
  /** A config check must reject: test_check_connection_invalid_credentials; absent, that test is skipped. */
  invalidConfigPath?: string;
  readBack: ReadBackConfig;
  /** Whether the destination keeps streams of different namespaces apart (test_sync_uses_airbyte_stream_namespace_if_not_null). */
  supportsNamespaces: boolean;
  /** The data sets test_sync writes, by name (default: all that ship with the suite). */
  dataSets: string[];
  /** The length, in characters, of the string values test_sync_very_big_records writes. */
  maxRecordValueLength: number;
}

/**
 * The entry type of each suite, named by its config key (the original's `TestX` class maps to `snake_case(X)`).
 */
export interface SuiteEntries {
  spec: SpecTestEntry;
  connection: ConnectionTestEntry;
  discovery: DiscoveryTestEntry;
  basic_read: BasicReadTestEntry;
  full_refresh: FullRefreshTestEntry;
  incremental: IncrementalTestEntry;
  destination: DestinationTestEntry;
}

export type SuiteName = keyof SuiteEntries;

/** The suites that read from a source: they do not apply to a destination. */
export const SOURCE_READ_SUITES = ['discovery', 'basic_read', 'full_refresh', 'incremental'] as const satisfies readonly SuiteName[];

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
  /** Whether the suites test a source or a destination: it decides which suites apply and are reported. */
  connectorKind: ConnectorKind;
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
