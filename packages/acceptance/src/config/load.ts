import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isMap } from 'yaml';
import { SOURCE_READ_SUITES, type AcceptanceConfig, type AcceptanceTests, type ConnectorKind, type TestStrictnessLevel } from './acceptance-config';
import { readAcceptanceTests } from './acceptance-tests-reader';
import { ConfigError, type ConfigProblem } from './config-error';
import { connectorNameOf, imageReferenceProblem } from './image-reference';
import { isLegacyConfig, legacyKeyPath, migrateLegacyConfig } from './legacy-migration';
import { ReadContext } from './read-context';
import { ReferencedFiles, requireDirectory } from './referenced-files';
import { checkSuitesDeclared } from './strictness';
import { readText, setUserKey, YamlMapReader } from './yaml-map-reader';
import { parseYamlSource } from './yaml-source';

/** The file the original looked for in the directory it was given. */
export const CONFIG_FILE_NAME = 'acceptance-test-config.yml';

export interface LoadAcceptanceConfigOptions {
  /** Replaces `connector_image` (the CLI's image option); the file then need not name one. */
  imageOverride?: string;
  /** Whether an image is in the local Docker store. Given, a missing image is a config problem; absent, images are not checked. */
  imageExists?: (reference: string) => Promise<boolean>;
}

const ROOT_KEYS = [
  'connector_image',
  'base_path',
  'test_strictness_level',
  'cache_discovered_catalog',
  'custom_environment_variables',
  'acceptance_tests',
] as const;
type RootKey = (typeof ROOT_KEYS)[number];

const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STRICTNESS_LEVELS: readonly TestStrictnessLevel[] = ['low', 'high'];

function fail(file: string, message: string): never {
  throw new ConfigError(file, [{ file, message }]);
}

function findConfigFile(pathToFileOrDir: string): string {
  const absolute = path.resolve(pathToFileOrDir);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch {
    return fail(absolute, `no such file or directory; give an ${CONFIG_FILE_NAME} or the connector directory that holds one`);
  }
  if (!isDirectory) return absolute;
  const file = path.join(absolute, CONFIG_FILE_NAME);
  try {
    statSync(file);
  } catch {
    return fail(file, `the connector directory ${absolute} has no ${CONFIG_FILE_NAME}`);
  }
  return file;
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return fail(file, `cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readEnvironment(root: YamlMapReader<RootKey>): Record<string, string> {
  const environment: Record<string, string> = {};
  if (!root.has('custom_environment_variables')) return environment;
  for (const variable of root.freeMap('custom_environment_variables', 'variable names to values') ?? []) {
    if (!ENVIRONMENT_VARIABLE_NAME.test(variable.name)) {
      root.ctx.report(variable.keyNode, variable.path, `"${variable.name}" is not an environment variable name (letters, digits and _, not starting with a digit)`);
    }
    const value = readText(root.ctx, variable.value, variable.path);
    if (value !== undefined) setUserKey(environment, variable.name, value);
  }
  return environment;
}

/** The image under test: the override, else connector_image; reports a malformed one. */
function readConnectorImage(root: YamlMapReader<RootKey>, override: string | undefined): string | undefined {
  const written = root.has('connector_image') ? root.text('connector_image') : undefined;
  if (override !== undefined) {
    const problem = imageReferenceProblem(override);
    if (problem === undefined) return override;
    root.ctx.problems.push({ file: root.ctx.file, keyPath: 'connector_image', message: `the image given on the command line: ${problem}` });
    return undefined;
  }
  if (!root.requireKey('connector_image', 'the Docker image to test, e.g. airbyte/source-example:dev')) return undefined;
  if (written === undefined) return undefined;
  const problem = imageReferenceProblem(written);
  if (problem === undefined) return written;
  root.report('connector_image', problem);
  return undefined;
}

async function checkImageExists(
  root: YamlMapReader<RootKey>,
  image: string,
  imageExists: (reference: string) => Promise<boolean>,
  fromCommandLine: boolean,
): Promise<void> {
  const report = (message: string) => {
    if (fromCommandLine) root.ctx.problems.push({ file: root.ctx.file, keyPath: 'connector_image', message });
    else root.report('connector_image', message);
  };
  let exists: boolean;
  try {
    exists = await imageExists(image);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report(`could not check whether image ${image} exists locally (${reason}); is the Docker daemon running?`);
    return;
  }
  if (!exists) {
    report(
      `image ${image} does not exist locally; build it first: npx nx run ${connectorNameOf(image)}:build ` +
        `(or docker build -t ${image} . in the connector directory)`,
    );
  }
}

/**
 * A config tests a destination when it declares the destination suite, or when its image is a
 * `destination-<name>` and it declares none of the read suites. A destination has no discover or read,
 * so declaring those suites next to the destination suite is a problem.
 */
function connectorKindOf(root: YamlMapReader<RootKey>, tests: AcceptanceTests, image: string | undefined): ConnectorKind {
  const readSuites = SOURCE_READ_SUITES.filter((suite) => tests[suite] !== undefined);
  if (tests.destination !== undefined) {
    for (const suite of readSuites) {
      root.ctx.reportAt(tests[suite]!.location, `the destination suite is declared, so this config tests a destination, which has no discover or read: remove the ${suite} suite (it applies to sources)`);
    }
    return 'destination';
  }
  return image !== undefined && connectorNameOf(image).startsWith('destination-') && readSuites.length === 0 ? 'destination' : 'source';
}

/** Every image a read-back command runs in (besides the image under test) must be in the local store, as connector_image must. */
async function checkReadBackImages(root: YamlMapReader<RootKey>, tests: AcceptanceTests, connectorImage: string, imageExists: (reference: string) => Promise<boolean>): Promise<void> {
  for (const entry of tests.destination?.tests ?? []) {
    const readBack = entry.readBack;
    if (readBack.kind !== 'command' || readBack.image === undefined || readBack.image === connectorImage) continue;
    const problem = imageReferenceProblem(readBack.image);
    if (problem !== undefined) {
      root.ctx.reportAt({ ...readBack.location, keyPath: `${readBack.location.keyPath}.image` }, problem);
      continue;
    }
    let exists: boolean;
    try {
      exists = await imageExists(readBack.image);
    } catch (error) {
      root.ctx.reportAt(readBack.location, `could not check whether image ${readBack.image} exists locally (${error instanceof Error ? error.message : String(error)}); is the Docker daemon running?`);
      continue;
    }
    if (!exists) root.ctx.reportAt({ ...readBack.location, keyPath: `${readBack.location.keyPath}.image` }, `image ${readBack.image} (the read-back command's) does not exist locally; build or tag it first`);
  }
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Reads an `acceptance-test-config.yml` (or the connector directory holding one), in either format,
 * and returns it checked, migrated, with defaults filled in and every path absolute.
 * Throws a ConfigError (exit code 2) that lists every problem of the file with its line.
 */
export async function loadAcceptanceConfig(pathToFileOrDir: string, options: LoadAcceptanceConfigOptions = {}): Promise<AcceptanceConfig> {
  if (typeof pathToFileOrDir !== 'string' || pathToFileOrDir.trim() === '') {
    throw new TypeError(`loadAcceptanceConfig needs the path of an ${CONFIG_FILE_NAME} or of its directory, got ${JSON.stringify(pathToFileOrDir)}`);
  }
  const file = findConfigFile(pathToFileOrDir);
  const parsed = parseYamlSource(file, readConfigText(file));
  if ('problems' in parsed) throw new ConfigError(file, parsed.problems);
  const { source } = parsed;
  const rootNode = source.document.contents;
  const format = isMap(rootNode) && isLegacyConfig(rootNode) ? 'legacy' : 'current';
  const ctx = new ReadContext(source, format === 'legacy' ? legacyKeyPath : undefined);
  if (isMap(rootNode) && format === 'legacy') migrateLegacyConfig(ctx, rootNode);
  const root = YamlMapReader.read(ctx, rootNode, [], { keys: ROOT_KEYS });
  if (root === undefined) throw new ConfigError(file, ctx.problems);
  const connectorImage = readConnectorImage(root, options.imageOverride);
  const connectorDirectory = path.dirname(file);
  const writtenBasePath = root.has('base_path') ? root.text('base_path') : undefined;
  const basePath =
    writtenBasePath === undefined
      ? connectorDirectory
      : requireDirectory(ctx, writtenBasePath, root.value('base_path'), root.pathOf('base_path'), connectorDirectory);
  const files = new ReferencedFiles(ctx, basePath, connectorDirectory);
  const testStrictnessLevel = root.choice('test_strictness_level', STRICTNESS_LEVELS) ?? 'low';
  const cacheDiscoveredCatalog = root.boolean('cache_discovered_catalog', true);
  const customEnvironmentVariables = readEnvironment(root);

  let acceptanceTests: AcceptanceTests = {};
  let connectorKind: ConnectorKind = 'source';
  if (root.requireKey('acceptance_tests', 'the suites to run, each with its tests or a bypass_reason')) {
    acceptanceTests = readAcceptanceTests(ctx, root.value('acceptance_tests'), { files, strictness: testStrictnessLevel, format });
    connectorKind = connectorKindOf(root, acceptanceTests, connectorImage);
    if (testStrictnessLevel === 'high') checkSuitesDeclared(ctx, acceptanceTests, root.locationOf('acceptance_tests'), connectorKind);
  }
  if (connectorImage !== undefined && options.imageExists !== undefined) {
    await checkImageExists(root, connectorImage, options.imageExists, options.imageOverride !== undefined);
    await checkReadBackImages(root, acceptanceTests, connectorImage, options.imageExists);
  }
  if (ctx.problems.length > 0 || connectorImage === undefined) throw new ConfigError(file, [...ctx.problems].sort(byPosition));

  const warnings: ConfigProblem[] =
    format === 'legacy'
      ? [{ file, line: 1, message: 'this file uses the legacy tests: format (SAT < 0.2.12), migrated in memory; move it to the acceptance_tests: format (docs/acceptance-config.md)' }]
      : [];
  return {
    file,
    format,
    connectorImage,
    connectorKind,
    basePath,
    testStrictnessLevel,
    cacheDiscoveredCatalog,
    customEnvironmentVariables,
    acceptanceTests,
    missingSecretFiles: files.missingSecretFiles,
    warnings,
  };
}
