import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixture } from '../../test/fixtures/config/fixture-paths';
import { ConfigError, type ConfigProblem } from './config-error';
import { loadAcceptanceConfig } from './load';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

/** Writes `yaml` as the acceptance config of a connector directory that has the destination fixture's files. */
function configFile(yaml: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'destination-config-'));
  directories.push(directory);
  writeFileSync(path.join(directory, 'acceptance-test-config.yml'), yaml.replace(/\$FIXTURE/g, fixture('destination')));
  return directory;
}

async function problemsOf(yaml: string, options: Parameters<typeof loadAcceptanceConfig>[1] = {}): Promise<readonly ConfigProblem[]> {
  const error = await loadAcceptanceConfig(configFile(yaml), options).then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  expect(error.exitCode).toBe(2);
  return error.problems;
}

function problem(line: number, keyPath: string, text: string): ConfigProblem {
  return expect.objectContaining({ line, keyPath, message: expect.stringContaining(text) });
}

/** A destination entry with `extra` lines (indented as entry keys) after a valid config_path. */
function entryWith(extra: string, readBack = '        read_back:\n          local_files: json_data/{namespace}/{stream}.jsonl\n'): string {
  return `connector_image: airbyte/destination-x:dev
base_path: $FIXTURE
acceptance_tests:
  destination:
    tests:
      - config_path: integration_tests/config.json
${readBack}${extra}`;
}

describe('the destination suite in acceptance-test-config.yml', () => {
  it('reads every key, with absolute paths, and the entry parameters that tell entries apart', async () => {
    const config = await loadAcceptanceConfig(fixture('destination'));
    const [local, command] = config.acceptanceTests.destination!.tests;

    expect(config.connectorKind).toBe('destination');
    expect(local).toMatchObject({
      configPath: fixture('destination', 'integration_tests', 'config.json'),
      invalidConfigPath: fixture('destination', 'integration_tests', 'invalid_config.json'),
      readBack: { kind: 'local_files', pattern: 'json_data/{namespace}/_airbyte_raw_{stream}.jsonl' },
      supportsNamespaces: true,
      dataSets: ['edge_cases'],
      maxRecordValueLength: 2000,
      timeoutSeconds: 120,
      params: { read_back: 'json_data/{namespace}/_airbyte_raw_{stream}.jsonl' },
    });
    expect(command).toMatchObject({
      readBack: { kind: 'command', image: 'airbyte/base-python:dev', command: ['python3', '/data/read_back.py'], files: [fixture('destination', 'integration_tests', 'read_back.py')] },
      supportsNamespaces: false,
      dataSets: ['exchange_rates', 'edge_cases'],
      maxRecordValueLength: 1_000_000,
      timeoutSeconds: 300,
    });
  });

  it('runs a command written as one string through /bin/sh -c', async () => {
    const config = await loadAcceptanceConfig(configFile(entryWith('', '        read_back:\n          command: python3 /data/read.py --all\n')));
    expect(config.acceptanceTests.destination!.tests[0].readBack).toMatchObject({ kind: 'command', command: ['/bin/sh', '-c', 'python3 /data/read.py --all'], files: [] });
  });

  it('takes a config whose image is a destination-<name> as a destination even without the destination suite', async () => {
    const config = await loadAcceptanceConfig(configFile('connector_image: airbyte/destination-x:dev\nbase_path: $FIXTURE\nacceptance_tests:\n  connection:\n    tests:\n      - config_path: integration_tests/config.json\n'));
    expect(config.connectorKind).toBe('destination');
  });

  it('keeps a source config a source', async () => {
    const config = await loadAcceptanceConfig(fixture('spec-defaults'));
    expect(config.connectorKind).toBe('source');
  });
});

describe('destination config refusals (exit 2, file, line, key path)', () => {
  it('refuses an unknown key with the closest known one', async () => {
    expect(await problemsOf(entryWith('        invalid_config_pth: integration_tests/invalid_config.json\n'))).toContainEqual(
      problem(9, 'acceptance_tests.destination.tests[0].invalid_config_pth', 'did you mean "invalid_config_path"?'),
    );
  });

  it('refuses an entry without read_back, saying what it is for', async () => {
    expect(await problemsOf(entryWith('', ''))).toContainEqual(problem(6, 'acceptance_tests.destination.tests[0]', 'missing required key "read_back": how the suite reads what the destination stored'));
  });

  it('refuses read_back with both hooks, or neither', async () => {
    expect(await problemsOf(entryWith('', '        read_back:\n          local_files: a/{namespace}/{stream}\n          command: cat\n'))).toContainEqual(
      problem(8, 'acceptance_tests.destination.tests[0].read_back', 'set either local_files or command, not both'),
    );
    expect(await problemsOf(entryWith('', '        read_back: {}\n'))).toContainEqual(problem(7, 'acceptance_tests.destination.tests[0].read_back', 'set local_files (a path under /local) or command'));
  });

  it('refuses a local_files pattern without {stream}, without {namespace}, with an unknown placeholder, or outside /local', async () => {
    const withPattern = (pattern: string) => entryWith('', `        read_back:\n          local_files: "${pattern}"\n`);
    expect(await problemsOf(withPattern('data/{namespace}/all.jsonl'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.local_files', 'must name each stream\'s files with {stream}'));
    expect(await problemsOf(withPattern('data/{stream}.jsonl'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.local_files', 'or the entry must say supports_namespaces: false'));
    expect(await problemsOf(withPattern('data/{schema}/{stream}.jsonl'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.local_files', 'not {schema}'));
    expect(await problemsOf(withPattern('../{namespace}/{stream}.jsonl'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.local_files', 'relative, without ".."'));
  });

  it('refuses image and files next to local_files', async () => {
    expect(await problemsOf(entryWith('', '        read_back:\n          local_files: a/{namespace}/{stream}\n          image: x:y\n'))).toContainEqual(
      problem(9, 'acceptance_tests.destination.tests[0].read_back.image', 'goes with command, not with local_files'),
    );
  });

  it('refuses a command that is empty or not words, and a missing or twice-named file', async () => {
    expect(await problemsOf(entryWith('', '        read_back:\n          command: []\n'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.command', 'is an empty list'));
    expect(await problemsOf(entryWith('', '        read_back:\n          command: {run: x}\n'))).toContainEqual(problem(8, 'acceptance_tests.destination.tests[0].read_back.command', 'must be a list of words'));
    const files = await problemsOf(entryWith('', '        read_back:\n          command: [python3, /data/read_back.py]\n          files: [integration_tests/nope.py, integration_tests/read_back.py, other/read_back.py]\n'));
    expect(files).toContainEqual(problem(9, 'acceptance_tests.destination.tests[0].read_back.files[0]', 'file "integration_tests/nope.py" does not exist'));
    expect(files).toContainEqual(problem(9, 'acceptance_tests.destination.tests[0].read_back.files[2]', 'two files are named read_back.py'));
  });

  it('refuses an unknown or repeated data set, and a max_record_value_length that is not a whole number', async () => {
    const problems = await problemsOf(entryWith('        data_sets: [edge_cases, edge_cases, exchange_rate]\n        max_record_value_length: 1.5\n'));
    expect(problems).toContainEqual(problem(9, 'acceptance_tests.destination.tests[0].data_sets[1]', 'data set "edge_cases" is listed twice'));
    expect(problems).toContainEqual(problem(9, 'acceptance_tests.destination.tests[0].data_sets[2]', 'unknown data set "exchange_rate"; the suite ships exchange_rates, edge_cases'));
    expect(problems).toContainEqual(problem(10, 'acceptance_tests.destination.tests[0].max_record_value_length', 'must be a whole number of at least 1'));
    expect(await problemsOf(entryWith('        data_sets: []\n'))).toEqual([problem(9, 'acceptance_tests.destination.tests[0].data_sets', 'lists no data set')]);
  });

  it('refuses source keys in a destination entry, saying where they belong', async () => {
    const problems = await problemsOf(entryWith('        configured_catalog_path: integration_tests/config.json\n        status: failed\n'));
    expect(problems).toContainEqual(problem(9, 'acceptance_tests.destination.tests[0].configured_catalog_path', 'writes its own data sets'));
    expect(problems).toContainEqual(problem(10, 'acceptance_tests.destination.tests[0].status', 'belongs to the connection suite'));
  });

  it('refuses a read suite next to the destination suite: a destination has no discover or read', async () => {
    const yaml = `${entryWith('')}  basic_read:\n    tests:\n      - config_path: integration_tests/config.json\n`;
    expect(await problemsOf(yaml)).toContainEqual(problem(9, 'acceptance_tests.basic_read', 'remove the basic_read suite (it applies to sources)'));
  });

  it('at strictness high, wants spec, connection and destination declared, and an invalid_config_path', async () => {
    const problems = await problemsOf(entryWith('').replace('base_path:', 'test_strictness_level: high\nbase_path:'));
    expect(problems).toContainEqual(problem(4, 'acceptance_tests', 'every suite of a destination must be declared, with tests or a bypass_reason; missing: spec, connection'));
    expect(problems).toContainEqual(problem(7, 'acceptance_tests.destination.tests[0]', 'invalid_config_path is mandatory at test_strictness_level high'));
  });

  it('refuses a read-back image that is not in the local store, before any container runs', async () => {
    const yaml = entryWith('', '        read_back:\n          image: airbyte/reader:dev\n          command: [cat]\n');
    const problems = await problemsOf(yaml, { imageExists: async (reference) => reference !== 'airbyte/reader:dev' });
    expect(problems).toContainEqual(problem(7, 'acceptance_tests.destination.tests[0].read_back.image', "image airbyte/reader:dev (the read-back command's) does not exist locally"));
  });
});
