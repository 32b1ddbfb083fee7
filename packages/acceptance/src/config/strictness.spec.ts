import { fixture } from '../../test/fixtures/config/fixture-paths';
import { ConfigError, type ConfigProblem } from './config-error';
import { loadAcceptanceConfig } from './load';

async function problemsOf(...segments: string[]): Promise<readonly ConfigProblem[]> {
  const error = await loadAcceptanceConfig(fixture(...segments)).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.problems;
}

function problem(line: number, keyPath: string, text: string): ConfigProblem {
  return expect.objectContaining({ line, keyPath, message: expect.stringContaining(text) });
}

describe('test_strictness_level: high', () => {
  it('accepts a config that declares every suite and gives every reason', async () => {
    await expect(loadAcceptanceConfig(fixture('stripe-high'))).resolves.toMatchObject({ testStrictnessLevel: 'high' });
  });

  it('requires every suite to be declared, naming the missing ones', async () => {
    const problems = await problemsOf('broken', 'high-incomplete.yml');

    expect(problems).toContainEqual(problem(3, 'acceptance_tests', 'every suite of a source must be declared, with tests or a bypass_reason; missing: spec, basic_read, full_refresh'));
  });

  it('does not count a suite with an empty list of tests as declared', async () => {
    const problems = await problemsOf('broken', 'high-incomplete.yml');

    expect(problems).toContainEqual(problem(7, 'acceptance_tests.discovery', 'declares no tests'));
  });

  it('requires expect_records on basic_read, forbids its configured_catalog_path, and wants a reason for each empty stream', async () => {
    const problems = await problemsOf('pokeapi-high');

    expect(problems).toEqual([
      problem(18, 'acceptance_tests.basic_read.tests[0]', 'expect_records is mandatory at test_strictness_level high'),
      problem(19, 'acceptance_tests.basic_read.tests[0].configured_catalog_path', 'is not allowed at test_strictness_level high'),
      problem(21, 'acceptance_tests.basic_read.tests[0].empty_streams[0]', 'empty stream "abilities" needs a bypass_reason'),
    ]);
  });

  it('rejects the postgres config that declares high without following it', async () => {
    const problems = await problemsOf('postgres-high');

    expect(problems).toEqual([
      problem(3, 'acceptance_tests', 'missing: incremental'),
      problem(20, 'acceptance_tests.basic_read.tests[0]', 'expect_records is mandatory'),
      problem(21, 'acceptance_tests.basic_read.tests[0].configured_catalog_path', 'is not allowed'),
    ]);
  });

  it('forbids validate_schema: false and wants a reason for each ignored field and missing stream', async () => {
    const problems = await problemsOf('broken', 'high-uncovered-future-state.yml');

    expect(problems).toEqual(
      expect.arrayContaining([
        problem(16, 'acceptance_tests.basic_read.tests[0].validate_schema', 'cannot be false at test_strictness_level high'),
        problem(24, 'acceptance_tests.full_refresh.tests[0].ignored_fields.customers[0]', 'ignored field of stream customers "updated" needs a bypass_reason'),
        problem(32, 'acceptance_tests.incremental.tests[0].future_state.missing_streams[0]', 'missing stream "countries" needs a bypass_reason'),
      ]),
    );
  });

  it('requires a future state for every incremental stream of the configured catalog not listed as missing', async () => {
    const problems = await problemsOf('broken', 'high-uncovered-future-state.yml');

    const coverage = problems.filter((found) => found.message.includes('have no state'));
    expect(coverage).toEqual([
      problem(29, 'acceptance_tests.incremental.tests[0].future_state', `incremental streams invoices have no state in ${fixture('broken', 'integration_tests', 'abnormal_state.json')}`),
    ]);
  });

  it('requires future_state on incremental entries', async () => {
    const problems = await problemsOf('broken', 'high-incomplete.yml');

    expect(problems).toContainEqual(problem(11, 'acceptance_tests.incremental.tests[0]', 'future_state is mandatory at test_strictness_level high'));
  });

  it('applies to legacy files too, saying that their format cannot hold a reason', async () => {
    const problems = await problemsOf('broken', 'legacy-errors.yml');

    expect(problems).toEqual([
      problem(3, 'tests', 'missing: spec'),
      problem(10, 'tests.basic_read[0].empty_streams[0]', 'the legacy tests: format cannot hold one: move the file to the acceptance_tests: format'),
      problem(16, 'tests.incremental[0].future_state_path', 'incremental streams invoices have no state'),
      problem(21, 'tests.full_refresh[0].configured_catalog_path', 'file "integration_tests/configured_catalog.jsn" does not exist'),
    ]);
  });
});
