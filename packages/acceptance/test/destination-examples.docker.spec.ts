import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildImage, createDockerClient, findImage, removeImage, type DockerClient } from '@nx-airbyte/docker';
import { loadAcceptanceConfig } from '../src/config/load';
import type { TestResult } from '../src/report/test-result';
import { runAcceptanceTests, type AcceptanceRunResult } from '../src/suite/run-acceptance-tests';

// The example destinations of the repository, broken on purpose through BREAK (their own code reads it): each
// broken variant must fail the test about what it breaks, and the correct destination must pass those tests.
// Their integrationTest (nx run destination-<name>:integrationTest) runs the whole suite unbroken.
const REPOSITORY_ROOT = join(__dirname, '../../..');
const CONNECTORS = join(REPOSITORY_ROOT, 'airbyte-integrations/connectors');
const RUN = `t${process.pid}`;
const LABELS = { 'io.nx-airbyte.test-run': `destination-examples-${RUN}` };
const EXAMPLES = ['destination-sqlite', 'destination-local-json'] as const;
const image = (example: string) => `nx-airbyte-test/${example}:${RUN}`;

let client: DockerClient;

async function ensureBase(name: string): Promise<void> {
  if (!(await findImage(client, `airbyte/${name}:dev`))) await buildImage(client, { contextDir: join(REPOSITORY_ROOT, 'airbyte-integrations/bases', name), tags: [`airbyte/${name}:dev`] });
}

beforeAll(async () => {
  client = createDockerClient();
  await ensureBase('base-python');
  await ensureBase('base-node');
  // the TypeScript destination is bundled on the host, as its compile target does (npm ci only when needed)
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: join(CONNECTORS, 'destination-local-json'), stdio: 'pipe' });
  for (const example of EXAMPLES) await buildImage(client, { contextDir: join(CONNECTORS, example), tags: [image(example)], labels: LABELS });
}, 600_000);

afterAll(async () => {
  for (const example of EXAMPLES) await removeImage(client, image(example), { force: true }).catch(() => undefined);
});

async function run(example: string, filter: string, breaks?: string): Promise<AcceptanceRunResult> {
  const config = await loadAcceptanceConfig(join(CONNECTORS, example), { imageOverride: image(example) });
  if (breaks) config.customEnvironmentVariables = { ...config.customEnvironmentVariables, BREAK: breaks };
  return runAcceptanceTests({ config, client, filter, runId: `destination-examples-${RUN}` });
}

function result(run: AcceptanceRunResult, id: string): TestResult {
  const found = run.results.find((test) => `${test.suite}.${test.name}${test.params ? `[${Object.entries(test.params).map(([k, v]) => `${k}=${v}`).join(',')}]` : ''}` === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

const text = (test: TestResult) => test.failures.map((failure) => failure.message).join('\n');

describe.each(EXAMPLES)('the example %s', (example) => {
  it('passes test_sync and test_second_sync as it is', async () => {
    for (const testId of ['destination.test_sync[data_set=exchange_rates]', 'destination.test_second_sync']) {
      const test = result(await run(example, testId), testId);
      expect(`${test.status} ${text(test)}`).toBe('passed ');
    }
  });

  it.each([
    ['drop_records', 'destination.test_sync[data_set=exchange_rates]', /record\(s\) sent were not read back/],
    ['early_state', 'destination.test_sync[data_set=exchange_rates]', /when STATE 1 was echoed \(every record sent before it must be stored by then\)/],
    ['ignore_overwrite', 'destination.test_second_sync', /stored record\(s\) were not sent in this form \(kept from an earlier sync/],
  ])('broken by %s, fails %s', async (breaks, testId, reason) => {
    const broken = await run(example, testId, breaks);
    const test = result(broken, testId);
    expect(test.status).toBe('failed');
    expect(text(test)).toMatch(reason);
  });
});
