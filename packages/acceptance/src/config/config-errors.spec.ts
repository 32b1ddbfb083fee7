import { fixture } from '../../test/fixtures/config/fixture-paths';
import { ConfigError, type ConfigProblem } from './config-error';
import { loadAcceptanceConfig } from './load';

/** The ConfigError a broken fixture (test/fixtures/config/broken/<name>) raises. */
async function errorOf(name: string): Promise<ConfigError> {
  const error = await loadAcceptanceConfig(fixture('broken', name)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw new Error(`${name}: expected a ConfigError, got ${String(error)}`);
  return error;
}

/** A problem at a line and key path whose message contains `text`. */
function problem(line: number, keyPath: string, text: string): ConfigProblem {
  return expect.objectContaining({ line, keyPath, message: expect.stringContaining(text) });
}

describe('ConfigError', () => {
  it('has exit code 2 and names every problem as file:line:column, key path and reason', async () => {
    const error = await errorOf('unknown-keys.yml');
    const file = fixture('broken', 'unknown-keys.yml');

    expect(error.exitCode).toBe(2);
    expect(error.file).toBe(file);
    expect(error.message).toContain(`${file}:19:11: acceptance_tests.basic_read.tests[0].expect_records.pth: unknown key "pth"; did you mean "path"?`);
    expect(error.message.split('\n')[0]).toBe(`Acceptance config ${file} has ${error.problems.length} problems:`);
  });
});

describe('unknown keys', () => {
  it('named like properties of every object (__proto__, constructor) are reported as unknown keys, with words', async () => {
    const error = await errorOf('prototype-keys.yml');

    expect(error.problems).toEqual([
      problem(9, 'acceptance_tests.spec.tests[0].constructor', 'unknown key "constructor"'),
      problem(10, 'acceptance_tests.spec.tests[0].__proto__', 'unknown key "__proto__"'),
    ]);
  });

  it('are reported at every level with the closest known key, all of them at once', async () => {
    const error = await errorOf('unknown-keys.yml');

    expect(error.problems).toEqual(
      expect.arrayContaining([
        problem(2, 'test_strictness_lvl', 'unknown key "test_strictness_lvl"; did you mean "test_strictness_level"?'),
        problem(8, 'acceptance_tests.spec.tests[0].backward_compatibility_tests_config.disable_for_versoin', 'did you mean "disable_for_version"?'),
        problem(10, 'acceptance_tests.connection.test', 'unknown key "test"; did you mean "tests"?'),
        problem(12, 'acceptance_tests.basic_reed', 'unknown key "basic_reed"; did you mean "basic_read"?'),
        problem(19, 'acceptance_tests.basic_read.tests[0].expect_records.pth', 'did you mean "path"?'),
      ]),
    );
  });

  it('list the keys allowed there when none is close', async () => {
    const error = await errorOf('unknown-keys.yml');

    expect(error.problems).toContainEqual(
      problem(23, 'acceptance_tests.incremental.tests[0].cursor_field', 'unknown key "cursor_field"; known keys here: config_path, timeout_seconds, configured_catalog_path, cursor_paths'),
    );
  });

  it('of later CAT versions are refused with the reason', async () => {
    const error = await errorOf('refused-keys.yml');

    expect(error.problems).toEqual([
      problem(3, 'acceptance_tests.connector_attributes', 'the "connector_attributes" suite is a later CAT option this acceptance suite does not implement'),
      problem(10, 'acceptance_tests.basic_read.tests[0].deployment_mode', '"deployment_mode" is a later CAT option'),
      problem(11, 'acceptance_tests.basic_read.tests[0].file_types', '"file_types" is a later CAT option'),
      problem(13, 'acceptance_tests.basic_read.tests[0].validate_state_messages', '"validate_state_messages" is a later CAT option'),
      problem(17, 'acceptance_tests.discovery.tests[0].configured_catalog_path', 'discovery reads no catalog'),
      problem(21, 'acceptance_tests.incremental.tests[0].future_state_path', 'belongs under future_state in the acceptance_tests format'),
      problem(25, 'acceptance_tests.spec.tests[0].auth_default_method', '"auth_default_method" is a later CAT option'),
    ]);
  });
});

describe('wrong types', () => {
  it('are reported with what was expected and what was found', async () => {
    const error = await errorOf('wrong-types.yml');

    expect(error.problems).toEqual([
      problem(1, 'connector_image', 'must be text, got a list'),
      problem(2, 'test_strictness_level', 'must be one of low, high, got "strict" (a string)'),
      problem(3, 'cache_discovered_catalog', 'must be true or false, got "yes please" (a string)'),
      problem(8, 'acceptance_tests.connection.tests[0].status', 'must be one of succeed, failed, exception, got "sucess" (a string)'),
      problem(9, 'acceptance_tests.connection.tests[0].timeout_seconds', 'must be a whole number of at least 1, got "60" (a string)'),
      problem(12, 'acceptance_tests.basic_read.tests[0].config_path', 'must be text, got true (a boolean)'),
      problem(13, 'acceptance_tests.basic_read.tests[0].empty_streams', 'must be a list, got a map'),
      problem(14, 'acceptance_tests.basic_read.tests[0].validate_schema', 'must be true or false, got "maybe" (a string)'),
      problem(18, 'acceptance_tests.incremental.tests[0].threshold_days', 'must be a whole number of at least 0, got -1 (a number)'),
      problem(19, 'acceptance_tests.incremental.tests[0].cursor_paths', 'must be a map of stream names to paths in the state, got a list'),
      problem(21, 'acceptance_tests.full_refresh.tests', 'must be a list, got "integration_tests/config.json" (a string)'),
    ]);
  });

  it('include malformed values: image names, environment variable names, versions, empty reasons', async () => {
    const error = await errorOf('bad-values.yml');

    expect(error.problems).toEqual([
      problem(1, 'connector_image', 'is not a Docker image reference such as airbyte/source-example:dev; repository names are lowercase'),
      problem(3, 'custom_environment_variables["1BAD_NAME"]', 'is not an environment variable name'),
      problem(4, 'custom_environment_variables.REGION', 'must be text, got a list'),
      problem(10, 'acceptance_tests.spec.tests[0].backward_compatibility_tests_config.previous_connector_version', 'must be a version such as 0.2.0, or "latest", got "newest"'),
      problem(11, 'acceptance_tests.spec.tests[0].backward_compatibility_tests_config.disable_for_version', 'must be a version such as 0.2.0, got "latest"'),
      problem(13, 'acceptance_tests.connection.bypass_reason', '"bypass_reason" is empty'),
    ]);
  });
});

describe('missing required fields', () => {
  it('are reported where they belong', async () => {
    const error = await errorOf('missing-required.yml');

    expect(error.problems).toEqual([
      problem(2, '(document root)', 'missing required key "connector_image"'),
      problem(7, 'acceptance_tests.basic_read.tests[0].empty_streams[0]', 'missing required key "name": each empty stream needs a name'),
      problem(9, 'acceptance_tests.basic_read.tests[0].expect_records', 'set path to the file of expected records, or a bypass_reason'),
      problem(14, 'acceptance_tests.incremental.tests[0].future_state', 'set future_state_path to a state whose cursors lie far in the future, or a bypass_reason'),
      problem(15, 'acceptance_tests.discovery', "declare the suite's tests, or a bypass_reason"),
    ]);
  });
});

describe('files that do not exist', () => {
  it('are reported for every key that names a file, with the path they resolved to', async () => {
    const error = await errorOf('missing-files.yml');
    const resolved = (relative: string) => `resolved to ${fixture('broken', relative)} from ${fixture('broken')}`;

    expect(error.problems).toEqual([
      problem(5, 'acceptance_tests.spec.tests[0].spec_path', `file "source_example/spec.jsn" does not exist (${resolved('source_example/spec.jsn')})`),
      problem(8, 'acceptance_tests.connection.tests[0].config_path', 'file "integration_tests/config.jsonn" does not exist'),
      problem(13, 'acceptance_tests.basic_read.tests[0].configured_catalog_path', 'file "integration_tests/configured_catalogue.json" does not exist'),
      problem(15, 'acceptance_tests.basic_read.tests[0].expect_records.path', 'file "integration_tests/expected_records.txt" does not exist'),
      problem(20, 'acceptance_tests.incremental.tests[0].future_state.future_state_path', 'file "integration_tests/abnormal_states.json" does not exist'),
      problem(23, 'acceptance_tests.full_refresh.tests[0].config_path', '"integration_tests" is a directory; expected a file'),
    ]);
  });

  it('include a base_path directory, and the paths resolved from it', async () => {
    const error = await errorOf('missing-base-path.yml');

    expect(error.problems).toEqual([
      problem(2, 'base_path', 'directory "../no-such-connector" does not exist'),
      problem(6, 'acceptance_tests.connection.tests[0].config_path', `resolved to ${fixture('no-such-connector', 'integration_tests', 'config.json')}`),
    ]);
  });
});

describe('files that are not one acceptance config', () => {
  it('report invalid YAML at the line and column the parser gives', async () => {
    const error = await errorOf('invalid-yaml.yml');

    expect(error.problems).toEqual([{ file: fixture('broken', 'invalid-yaml.yml'), line: 7, column: 1, message: 'invalid YAML: Missing closing "quote' }]);
  });

  it('report an empty file', async () => {
    const error = await errorOf('empty.yml');

    expect(error.problems).toEqual([
      { file: fixture('broken', 'empty.yml'), message: 'the file is empty; it needs at least connector_image and acceptance_tests (see docs/acceptance-config.md)' },
    ]);
  });

  it('treat a file of comments as empty', async () => {
    const error = await errorOf('comments-only.yml');

    expect(error.problems).toEqual([{ file: fixture('broken', 'comments-only.yml'), message: expect.stringContaining('the file is empty') }]);
  });

  it('report a second YAML document where it starts', async () => {
    const error = await errorOf('two-documents.yml');

    expect(error.problems).toEqual([
      {
        file: fixture('broken', 'two-documents.yml'),
        line: 7,
        column: 1,
        message: 'the file holds 2 YAML documents separated by "---"; an acceptance config is a single document',
      },
    ]);
  });

  it('report a top level that is not a map', async () => {
    const error = await errorOf('top-level-list.yml');

    expect(error.problems).toEqual([problem(1, '(document root)', 'must be a map of key: value pairs, got a list')]);
  });
});

describe('conflicting keys', () => {
  it('refuse the two formats mixed in one file', async () => {
    const error = await errorOf('mixed-formats.yml');

    expect(error.problems).toEqual([problem(5, 'acceptance_tests', 'the legacy tests: map and acceptance_tests are both present')]);
  });

  it('refuse a bypass_reason together with tests', async () => {
    const error = await errorOf('bypass-with-tests.yml');

    expect(error.problems).toEqual([problem(7, 'acceptance_tests.incremental.bypass_reason', 'a bypass_reason cannot be set together with tests')]);
  });

  it('apply the original expect_records validators', async () => {
    const error = await errorOf('expect-records-rules.yml');

    expect(error.problems).toEqual([
      problem(9, 'acceptance_tests.basic_read.tests[0].expect_records.exact_order', 'extra_fields: true needs exact_order: true'),
      problem(10, 'acceptance_tests.basic_read.tests[0].expect_records.extra_records', 'extra_fields: true needs extra_records: false'),
      problem(14, 'acceptance_tests.basic_read.tests[1].expect_records.bypass_reason', 'a bypass_reason cannot be set together with path'),
    ]);
  });

  it('refuse future_state_path together with future_state in a legacy entry', async () => {
    const error = await errorOf('legacy-future-state-conflict.yml');

    expect(error.problems).toEqual([problem(5, 'tests.incremental[0].future_state_path', 'future_state and future_state_path are both set')]);
  });
});
