import type { AcceptanceTests, SuiteConfig, SuiteEntries, SuiteName, TestStrictnessLevel } from './acceptance-config';
import { distinguishingParams } from './entry-params';
import type { ReadContext } from './read-context';
import type { ReferencedFiles } from './referenced-files';
import { checkEntryAtHighStrictness } from './strictness';
import { REFUSED_SUITE_KEYS, SUITES } from './suites/registry';
import { COMMON_ENTRY_KEYS, type SuiteDefinition } from './suites/suite-definition';
import type { ListItem } from './yaml-map-reader';
import { YamlMapReader } from './yaml-map-reader';
import type { SourceLocation } from './yaml-source';

/** The original's default connector config, git-ignored like everything under secrets/. */
const DEFAULT_CONFIG_PATH = 'secrets/config.json';

export interface SuiteReading {
  files: ReferencedFiles;
  strictness: TestStrictnessLevel;
  format: 'legacy' | 'current';
}

function readEntry<Name extends SuiteName>(
  ctx: ReadContext,
  suite: SuiteDefinition<Name, string>,
  item: ListItem,
  reading: SuiteReading,
): SuiteEntries[Name] | undefined {
  const reader = YamlMapReader.read(ctx, item.value, item.path, {
    keys: [...COMMON_ENTRY_KEYS, ...suite.shape.keys],
    refusedKeys: suite.shape.refusedKeys,
  });
  if (reader === undefined) return undefined;
  const location = ctx.location(item.value, item.path);
  const { files } = reading;
  let configPath: string;
  if (reader.has('config_path')) {
    const written = reader.text('config_path');
    configPath =
      written === undefined
        ? files.resolve(DEFAULT_CONFIG_PATH)
        : files.requireFile(written, reader.value('config_path'), reader.pathOf('config_path'), 'connector-config');
  } else {
    configPath = files.requireDefaultFile(DEFAULT_CONFIG_PATH, location, 'connector-config');
  }
  const timeoutSeconds = reader.integer('timeout_seconds', 1) ?? suite.defaultTimeoutSeconds;
  const entry = suite.readEntry(reader, files, { configPath, timeoutSeconds, location });
  if (reading.strictness === 'high') checkEntryAtHighStrictness(suite.name, entry, reader, reading.format);
  return entry;
}

function readSuite<Name extends SuiteName>(
  ctx: ReadContext,
  suite: SuiteDefinition<Name, string>,
  value: unknown,
  location: SourceLocation,
  reading: SuiteReading,
): SuiteConfig<SuiteEntries[Name]> | undefined {
  const path = ['acceptance_tests', suite.name];
  const map = YamlMapReader.read(ctx, value, path, { keys: ['tests', 'bypass_reason'] });
  if (map === undefined) return undefined;
  const items = map.has('tests') && !map.isEmpty('tests') ? (map.list('tests') ?? []) : [];
  const config: SuiteConfig<SuiteEntries[Name]> = { tests: [], location };
  if (map.has('bypass_reason')) {
    const reason = map.nonEmptyText('bypass_reason');
    if (reason !== undefined) config.bypassReason = reason;
    if (items.length > 0) {
      map.report('bypass_reason', 'a bypass_reason cannot be set together with tests: the reason skips the suite; keep one');
    }
    return config;
  }
  if (!map.has('tests')) {
    map.reportOnMap(`declare the suite's tests, or a bypass_reason saying why it cannot run`);
    return config;
  }
  config.tests = items.flatMap((item) => readEntry(ctx, suite, item, reading) ?? []);
  const params = distinguishingParams(config.tests.map((entry) => suite.describe(entry, reading.files)));
  params?.forEach((entryParams, index) => (config.tests[index].params = entryParams));
  return config;
}

function assignSuite<Name extends SuiteName>(tests: AcceptanceTests, name: Name, config: SuiteConfig<SuiteEntries[Name]>): void {
  (tests as { [N in Name]?: SuiteConfig<SuiteEntries[N]> })[name] = config;
}

/** `acceptance_tests`: each declared suite with its entries read, or its bypass reason. A suite written as `name:` alone is not declared. */
export function readAcceptanceTests(ctx: ReadContext, node: unknown, reading: SuiteReading): AcceptanceTests {
  const names = SUITES.map((suite) => suite.name);
  const tests: AcceptanceTests = {};
  const reader = YamlMapReader.read(ctx, node, ['acceptance_tests'], { keys: names, refusedKeys: REFUSED_SUITE_KEYS });
  if (reader === undefined) return tests;
  for (const suite of SUITES) {
    if (!reader.has(suite.name) || reader.isEmpty(suite.name)) continue;
    const config = readSuite(ctx, suite as SuiteDefinition<SuiteName, string>, reader.value(suite.name), reader.locationOf(suite.name), reading);
    if (config !== undefined) assignSuite(tests, suite.name, config);
  }
  return tests;
}
