// Configuration: acceptance-test-config.yml, both formats, checked and normalised.
export { loadAcceptanceConfig, CONFIG_FILE_NAME, type LoadAcceptanceConfigOptions } from './config/load';
export { ConfigError, CONFIG_ERROR_EXIT_CODE, formatConfigProblem, type ConfigProblem } from './config/config-error';
export { DEFAULT_TIMEOUT_SECONDS } from './config/acceptance-config';
export type {
  AcceptanceConfig,
  AcceptanceTests,
  BackwardCompatibilityConfig,
  BasicReadTestEntry,
  ConnectionStatusExpectation,
  ConnectionTestEntry,
  ConnectorKind,
  DestinationTestEntry,
  ReadBackConfig,
  DiscoveryTestEntry,
  ExpectRecordsConfig,
  FullRefreshTestEntry,
  FutureStateConfig,
  IgnoredFields,
  IncrementalTestEntry,
  NamedWithReason,
  SpecTestEntry,
  SuiteConfig,
  SuiteEntries,
  SuiteName,
  TestEntryBase,
  TestStrictnessLevel,
} from './config/acceptance-config';
export type { MissingSecretFile } from './config/referenced-files';
export type { SourceLocation } from './config/yaml-source';

// Reports: results, reporters (console, JUnit XML, JSON) and secret masking.
export {
  countStatuses,
  formatStatusCounts,
  testCaseName,
  testId,
  type ContainerRunTiming,
  type Failure,
  type RunSummary,
  type StatusCounts,
  type StreamRecordCount,
  type TestIdentity,
  type TestResult,
  type TestStatus,
} from './report/test-result';
export { combineReporters, type Reporter } from './report/reporter';
export { ConsoleReporter, type ConsoleReporterOptions, type TextSink } from './report/console-reporter';
export { JUnitReporter, renderJUnitXml, type JUnitReporterOptions } from './report/junit-reporter';
export { JsonReporter, buildJsonReport, type JsonReport, type JsonReporterOptions } from './report/json-reporter';
export { SecretMasker, MASK, MIN_SECRET_LENGTH, NO_SECRETS, secretSpellings } from './report/secret-masker';
export { secretsFromConfig } from './report/config-secrets';
export { readSecretFiles, readConnectorSecretValues, secretValuesOfText, leafValues, MIN_SECRET_NUMBER_LENGTH, SECRETS_FOLDER, type SecretFiles } from './report/secret-files';
export { writeFileAtomically } from './report/atomic-file';

// The suite: runs the tests a config declares against its image.
export { runAcceptanceTests, type AcceptanceRunOptions, type AcceptanceRunResult } from './suite/run-acceptance-tests';
export { runAcceptanceTestsWithReports, imageExistsIn, type ReportedRunOptions } from './suite/run-with-reports';
export { SOURCE_SUITE_TESTS } from './suite/source-suite';
export { DESTINATION_SUITE_TESTS, LARGE_BATCH_COPIES } from './suite/destination-suite';
export { DATA_SETS, DATA_SET_NAMES, type DataSet, type DataSetName, type DataSetStream } from './destination/data-sets';
export { ExpectedRecords, normalizeValue, recordDataOfRow } from './destination/stored-records';
export type { TestCaseListener } from './suite/run-test-cases';
export { main as runCli, parseCommandLine, USAGE, EXIT_PASSED, EXIT_FAILED, EXIT_USAGE } from './cli/main';
