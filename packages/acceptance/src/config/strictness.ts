import type {
  AcceptanceTests,
  BasicReadTestEntry,
  ConnectorKind,
  DestinationTestEntry,
  IgnoredFields,
  IncrementalTestEntry,
  NamedWithReason,
  SuiteEntries,
  SuiteName,
} from './acceptance-config';
import { checkFutureStateCoverage } from '../checks/incremental/future-state-coverage';
import { isConfiguredCatalog, readJsonFile } from './json-file';
import type { ReadContext } from './read-context';
import { SUITES } from './suites/registry';
import type { YamlMapReader } from './yaml-map-reader';
import type { SourceLocation } from './yaml-source';

const AT_HIGH = 'at test_strictness_level high';

function legacyHint(format: 'legacy' | 'current'): string {
  return format === 'legacy' ? ' (the legacy tests: format cannot hold one: move the file to the acceptance_tests: format)' : '';
}

function requireReasons(ctx: ReadContext, items: readonly NamedWithReason[], what: string, format: 'legacy' | 'current'): void {
  for (const item of items.filter((named) => named.bypassReason === undefined)) {
    ctx.reportAt(item.location, `${what} "${item.name}" needs a bypass_reason ${AT_HIGH}${legacyHint(format)}`);
  }
}

function requireIgnoredFieldReasons(ctx: ReadContext, ignored: IgnoredFields, format: 'legacy' | 'current'): void {
  for (const [stream, fields] of Object.entries(ignored)) requireReasons(ctx, fields, `ignored field of stream ${stream}`, format);
}

function checkBasicRead(entry: BasicReadTestEntry, reader: YamlMapReader<string>, format: 'legacy' | 'current'): void {
  requireReasons(reader.ctx, entry.emptyStreams, 'empty stream', format);
  requireIgnoredFieldReasons(reader.ctx, entry.ignoredFields, format);
  if (entry.expectRecords === undefined) {
    reader.reportOnMap(`expect_records is mandatory ${AT_HIGH}: give the path to the expected records, or a bypass_reason`);
  }
  if (reader.has('configured_catalog_path')) {
    reader.report(
      'configured_catalog_path',
      `is not allowed ${AT_HIGH}: basic_read runs on the discovered catalog minus empty_streams; remove it and list streams without data in empty_streams`,
    );
  }
  if (!entry.validateSchema) reader.report('validate_schema', `cannot be false ${AT_HIGH}: records must match their stream's schema`);
}

/** Coverage can be checked before any container runs only when the catalog is a file; else the runner checks it after discover. */
function checkFutureStateCovers(ctx: ReadContext, entry: IncrementalTestEntry): void {
  const futureState = entry.futureState;
  if (futureState?.futureStatePath === undefined || entry.configuredCatalogPath === undefined) return;
  const catalog = readJsonFile(entry.configuredCatalogPath);
  const state = readJsonFile(futureState.futureStatePath);
  if ('error' in catalog) ctx.reportAt(entry.location, `cannot read configured catalog ${entry.configuredCatalogPath}: ${catalog.error}`);
  else if (!isConfiguredCatalog(catalog.value)) ctx.reportAt(entry.location, `${entry.configuredCatalogPath} is not a configured catalog: expected {"streams": [{"stream": {...}}, ...]}`);
  if ('error' in state) ctx.reportAt(futureState.location, `cannot read future state ${futureState.futureStatePath}: ${state.error}`);
  if ('error' in catalog || 'error' in state || !isConfiguredCatalog(catalog.value)) return;
  const missingStreams = futureState.missingStreams.map((stream) => stream.name);
  const uncovered = checkFutureStateCoverage(state.value, catalog.value, missingStreams).flatMap((failure) => failure.stream ?? []);
  if (uncovered.length > 0) {
    ctx.reportAt(
      futureState.location,
      `incremental streams ${uncovered.join(', ')} have no state in ${futureState.futureStatePath}; ` +
        `${AT_HIGH} add a state for each, or list them under missing_streams with a bypass_reason`,
    );
  }
}

function checkIncremental(entry: IncrementalTestEntry, reader: YamlMapReader<string>): void {
  if (entry.futureState === undefined) {
    reader.reportOnMap(`future_state is mandatory ${AT_HIGH}: give future_state_path, or a bypass_reason`);
    return;
  }
  requireReasons(reader.ctx, entry.futureState.missingStreams, 'missing stream', 'current');
  checkFutureStateCovers(reader.ctx, entry);
}

/** The high-strictness rules that concern one entry, reported where the entry is written. */
export function checkEntryAtHighStrictness<Name extends SuiteName>(
  suite: Name,
  entry: SuiteEntries[Name],
  reader: YamlMapReader<string>,
  format: 'legacy' | 'current',
): void {
  if (suite === 'basic_read') checkBasicRead(entry as BasicReadTestEntry, reader, format);
  if (suite === 'full_refresh') requireIgnoredFieldReasons(reader.ctx, (entry as SuiteEntries['full_refresh']).ignoredFields, format);
  if (suite === 'incremental') checkIncremental(entry as IncrementalTestEntry, reader);
  if (suite === 'destination' && (entry as DestinationTestEntry).invalidConfigPath === undefined) {
    reader.reportOnMap(`invalid_config_path is mandatory ${AT_HIGH}: give a config that check must reject (test_check_connection_invalid_credentials)`);
  }
}

/** At high strictness every mandatory suite of the connector's kind is declared, with at least one test or a bypass_reason. */
export function checkSuitesDeclared(ctx: ReadContext, tests: AcceptanceTests, suitesLocation: SourceLocation, kind: ConnectorKind = 'source'): void {
  const missing = SUITES.filter((suite) => suite.mandatoryAtHighStrictness && suite.appliesTo.includes(kind) && tests[suite.name] === undefined).map((suite) => suite.name);
  if (missing.length > 0) {
    ctx.reportAt(
      suitesLocation,
      `${AT_HIGH} every suite of a ${kind} must be declared, with tests or a bypass_reason; missing: ${missing.join(', ')}`,
    );
  }
  for (const suite of SUITES) {
    const declared = tests[suite.name];
    if (declared !== undefined && declared.tests.length === 0 && declared.bypassReason === undefined) {
      ctx.reportAt(declared.location, `declares no tests; ${AT_HIGH} give it at least one test or a bypass_reason`);
    }
  }
}
