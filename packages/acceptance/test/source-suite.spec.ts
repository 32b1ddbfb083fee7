import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AirbyteCatalog, ConfiguredAirbyteCatalog } from '@nx-airbyte/protocol';
import { SecretMasker } from '../src/report/secret-masker';
import type { TestResult } from '../src/report/test-result';
import { runTestCases } from '../src/suite/run-test-cases';
import { SecretLeakWatch } from '../src/suite/secret-leaks';
import { SourceFixtures } from '../src/suite/source-fixtures';
import { sourceTestCases } from '../src/suite/source-suite';
import { FakeSession, fixtureCatalog, fixtureConnector } from './support/fake-session';
import { failureText, loadScenarioConfig, type Scenario } from './support/fixture-scenarios';

// The source suites against a fake session (no Docker): the fixture's config, a TypeScript copy of the fixture connector.
const FIXTURE_DIR = join(__dirname, 'fixtures/connectors/source-fixture');
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'nx-airbyte-source-suite-'));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function runSuite(session: FakeSession, scenario: Pick<Scenario, 'edit'> & { filter: string }): Promise<TestResult[]> {
  const config = await loadScenarioConfig({ fixtureDir: FIXTURE_DIR, scratch, image: session.image }, scenario);
  const leaks = new SecretLeakWatch([], (text) => new SecretMasker([]).mask(text));
  const fixtures = new SourceFixtures(session.asSession(), config);
  const tests = sourceTestCases({ config, session: session.asSession(), fixtures, leaks, clock: session.clock });
  return runTestCases(tests, { filter: scenario.filter });
}

function named(results: TestResult[], name: string): TestResult {
  const found = results.find((result) => `${result.suite}.${result.name}` === name);
  if (!found) throw new Error(`no result for ${name}; got ${results.map((result) => `${result.suite}.${result.name}`).join(', ')}`);
  return found;
}

describe('incremental.test_state_with_abnormally_large_values: future state coverage', () => {
  // `orders` supports incremental and has no state in the fixture's future state file; it sends no record from any state
  const withOrders = (): AirbyteCatalog => ({ streams: [...fixtureCatalog().streams, { ...fixtureCatalog().streams[0], name: 'orders' }] });
  const session = () => new FakeSession(fixtureConnector({ catalog: withOrders, counts: { orders: 0 } }));
  const fromDiscover = (level: 'low' | 'high') => (config: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    config.test_strictness_level = level;
    delete config.acceptance_tests.incremental.tests[0].configured_catalog_path;
  };

  it('is not required at test_strictness_level low', async () => {
    const results = await runSuite(session(), { filter: 'test_state_with_abnormally_large_values', edit: fromDiscover('low') });
    expect(named(results, 'incremental.test_state_with_abnormally_large_values').status).toBe('passed');
  });

  it('fails a stream without a future state at test_strictness_level high', async () => {
    const results = await runSuite(session(), { filter: 'test_state_with_abnormally_large_values', edit: fromDiscover('high') });
    const test = named(results, 'incremental.test_state_with_abnormally_large_values');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/incremental stream 'orders' has no state in the future state file/);
  });
});

describe('basic_read.test_read at test_strictness_level high', () => {
  it('reads the discovered catalog minus the empty streams', async () => {
    const itemsOnly = join(scratch, 'items-only.jsonl');
    const expected = readFileSync(join(FIXTURE_DIR, 'integration_tests/expected_records.jsonl'), 'utf8').split('\n');
    writeFileSync(itemsOnly, expected.filter((line) => line.includes('"stream": "items"')).join('\n'));
    const session = new FakeSession(fixtureConnector());
    const results = await runSuite(session, {
      filter: 'basic_read.test_read',
      edit: (config) => Object.assign(config.acceptance_tests.basic_read.tests[0], { expect_records: { path: itemsOnly }, empty_streams: [{ name: 'events', bypass_reason: 'no events in the sandbox' }] }),
    });

    expect(named(results, 'basic_read.test_read').status).toBe('passed');
    const read = session.requests.find((request) => request.test === 'basic_read.test_read');
    expect((read?.catalog as unknown as ConfiguredAirbyteCatalog).streams.map((configured) => configured.stream.name)).toEqual(['items']);
  });
});

describe('timeout_seconds', () => {
  const threeSecondReads = () => new FakeSession(fixtureConnector({ durationMs: (request) => (request.command === 'read' ? 3000 : 1) }));
  const timeoutOf = (seconds: number) => (config: Record<string, any>) => (config.acceptance_tests.incremental.tests[0].timeout_seconds = seconds); // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is one deadline for all the container runs of a test: test_read_sequential_slices stops its replays when it is up', async () => {
    const session = threeSecondReads();
    const results = await runSuite(session, { filter: 'incremental.test_read_sequential_slices', edit: timeoutOf(10) });

    const test = named(results, 'incremental.test_read_sequential_slices');
    expect(test.status).toBe('failed');
    expect(failureText(test)).toMatch(/^incremental\.test_read_sequential_slices timed out after 10 s \(timeout_seconds, one limit for all the container runs of the test\): incremental\.test_read_sequential_slices \(from checkpoint \d+\)/);
    const reads = session.requests.filter((request) => request.command === 'read');
    // read 1 and two replays take 9 s; the third replay gets the last second and is killed
    expect(reads.map((request) => request.timeoutMs)).toEqual([10_000 - 1, 7_000 - 1, 4_000 - 1, 1_000 - 1]);
  });

  it('passes a test whose container runs together fit in it', async () => {
    const results = await runSuite(threeSecondReads(), { filter: 'incremental.test_read_sequential_slices', edit: timeoutOf(20) });
    expect(named(results, 'incremental.test_read_sequential_slices').status).toBe('passed');
  });
});
