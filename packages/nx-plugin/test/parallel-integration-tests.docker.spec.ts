import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { createDockerClient, findImagesByLabel, OWNER_LABEL, removeImage } from '@nx-airbyte/docker';
import { TempWorkspace } from './support/temp-workspace';

// Concurrency (docs/reliability.md): `nx run-many -t integrationTest --parallel=4` over four sources
// built on one base image of the workspace and two destinations (copies of the acceptance package's fixture
// destination, one read back from files under /local, one by a read-back container), twice, gives the same
// results as a serial run: no clash of container names, report files, images or /local directories (a
// shared /local would mix the two destinations' records), and no container or /local left behind.
const client = createDockerClient();
const RUN = `par-${Date.now().toString(36)}`;
const TEST_RUN_LABEL = 'io.nx-airbyte.test-run';
const BASE = `nx-airbyte-test/base-shell-${RUN}`;
const SOURCES = [1, 2, 3, 4].map((n) => `source-par${n}`);
const DESTINATIONS = ['destination-par-files', 'destination-par-command'];
const CONNECTORS = [...SOURCES, ...DESTINATIONS];
const DESTINATION_FIXTURE = path.join(__dirname, '../../acceptance/test/fixtures/connectors/destination-fixture');
let workspace: TempWorkspace;

/** A sh connector with one stream of `records` records; connector 2 also fails its check, so results differ by connector. */
function connectorScript(records: number, checkStatus: 'SUCCEEDED' | 'FAILED'): string {
  const schema = '{"type":"object","properties":{"id":{"type":"integer"},"connector":{"type":"string"}}}';
  return `#!/bin/sh
case "$1" in
  spec) echo '{"type":"SPEC","spec":{"documentationUrl":"https://example.com/par","connectionSpecification":{"type":"object","properties":{"token":{"type":"string","airbyte_secret":true}}}}}' ;;
  check) echo '{"type":"CONNECTION_STATUS","connectionStatus":{"status":"${checkStatus}"}}' ;;
  discover) echo '{"type":"CATALOG","catalog":{"streams":[{"name":"rows","json_schema":${schema},"supported_sync_modes":["full_refresh"],"source_defined_primary_key":[["id"]]}]}}' ;;
  read) seq 1 ${records} | sed 's/.*/{"type":"RECORD","record":{"stream":"rows","emitted_at":1,"data":{"id":&,"connector":"'"$HOSTNAME"'"}}}/' ;;
  *) exit 2 ;;
esac
`;
}

function files(): Record<string, string> {
  const result: Record<string, string> = {
    'airbyte-integrations/bases/base-shell/Dockerfile': `FROM debian:bookworm-slim\nRUN mkdir -p /airbyte\nLABEL ${TEST_RUN_LABEL}=${RUN}\nLABEL io.airbyte.name=${BASE} io.airbyte.version=0.1.0\n`,
  };
  SOURCES.forEach((name, index) => {
    const root = `airbyte-integrations/connectors/${name}`;
    result[`${root}/Dockerfile`] = `FROM ${BASE}:dev\nCOPY connector.sh /airbyte/connector.sh\nENV AIRBYTE_ENTRYPOINT="/bin/sh /airbyte/connector.sh"\nENTRYPOINT ["/bin/sh", "/airbyte/connector.sh"]\nLABEL ${TEST_RUN_LABEL}=${RUN}\nLABEL io.airbyte.name=nx-airbyte-test/${name}-${RUN} io.airbyte.version=0.1.0\n`;
    result[`${root}/connector.sh`] = connectorScript(500 * (index + 1), index === 1 ? 'FAILED' : 'SUCCEEDED');
    result[`${root}/integration_tests/config.json`] = '{"token": "not-a-secret-1234"}\n';
    result[`${root}/acceptance-test-config.yml`] = `connector_image: nx-airbyte-test/${name}-${RUN}:dev\nacceptance_tests:\n  spec:\n    tests:\n      - config_path: integration_tests/config.json\n  connection:\n    tests:\n      - config_path: integration_tests/config.json\n        status: succeed\n  discovery:\n    tests:\n      - config_path: integration_tests/config.json\n  basic_read:\n    tests:\n      - config_path: integration_tests/config.json\n`;
  });
  for (const name of DESTINATIONS) {
    const root = `airbyte-integrations/connectors/${name}`;
    const fixture = (file: string) => readFileSync(path.join(DESTINATION_FIXTURE, file), 'utf8');
    for (const file of ['destination_fixture.py', 'read_back.py', 'integration_tests/config.json', 'integration_tests/invalid_config.json']) result[`${root}/${file}`] = fixture(file);
    result[`${root}/Dockerfile`] = `${fixture('Dockerfile').replace(/^LABEL io\.airbyte\.name=.*$/m, '')}LABEL ${TEST_RUN_LABEL}=${RUN}\nLABEL io.airbyte.name=nx-airbyte-test/${name}-${RUN} io.airbyte.version=0.1.0\n`;
    const readBack = name.endsWith('-files') ? '        read_back:\n          local_files: fixture/{namespace}/{stream}.jsonl\n' : '        read_back:\n          command: [python3, /data/read_back.py]\n          files: [read_back.py]\n';
    result[`${root}/acceptance-test-config.yml`] = `connector_image: nx-airbyte-test/${name}-${RUN}:dev\nacceptance_tests:\n  destination:\n    tests:\n      - config_path: integration_tests/config.json\n        invalid_config_path: integration_tests/invalid_config.json\n${readBack}`;
  }
  return result;
}

/** Per connector: every test id with its status, and the records read per stream, from its report.json. */
function results(): Record<string, { tests: string[]; records: string[] }> {
  return Object.fromEntries(
    CONNECTORS.map((name) => {
      const report = JSON.parse(readFileSync(workspace.path(`dist/airbyte-integrations/connectors/${name}/acceptance/report.json`), 'utf8')) as {
        tests: Array<{ id: string; status: string }>;
        recordCounts: Array<{ stream: string; records: number }>;
      };
      return [name, { tests: report.tests.map((test) => `${test.id}: ${test.status}`).sort(), records: report.recordCounts.map((count) => `${count.stream}: ${count.records}`) }];
    }),
  );
}

/** Containers of this test's images, in any state: none may outlive the runs. */
async function containersLeft(): Promise<string[]> {
  const containers = await client.api.listContainers({ all: true, filters: { label: [OWNER_LABEL] } });
  return containers.filter((container) => container.Image.includes(RUN)).map((container) => container.Names[0]);
}

/** The runs' TMPDIR, where each destination test makes its /local (nx-airbyte-local-*). */
const tmpDir = () => workspace.path('tmp');

function integrationTests(parallel: number): string {
  // no report of an earlier run may stand in for one this run did not write
  rmSync(workspace.path('dist/airbyte-integrations'), { recursive: true, force: true });
  mkdirSync(tmpDir(), { recursive: true });
  // --skip-nx-cache: every run runs every suite again
  const result = workspace.nx(['run-many', '-t', 'integrationTest', `--parallel=${parallel}`, '--skip-nx-cache', '--outputStyle=static'], { TMPDIR: tmpDir() });
  // source-par2 fails its check on purpose: the run as a whole fails
  if (result.status === 0 || !/source-par2:integrationTest/.test(result.output)) throw new Error(`unexpected run:\n${result.output.slice(-4000)}`);
  console.log(`parallel ${parallel}: ${result.seconds.toFixed(1)} s`);
  return result.output;
}

beforeAll(() => {
  workspace = TempWorkspace.create('nx-airbyte-parallel-', { files: files(), git: false });
  workspace.nxOk(['run-many', '-t', 'build', '--outputStyle=static']);
}, 300_000);

afterAll(async () => {
  for (let pass = 0; pass < 3; pass++) {
    for (const image of await findImagesByLabel(client, TEST_RUN_LABEL, RUN)) await removeImage(client, image.id, { force: true }).catch(() => false);
  }
  workspace?.remove();
});

describe('nx run-many -t integrationTest over connectors sharing a base image', () => {
  let serial: ReturnType<typeof results>;

  it('serially (--parallel=1): each connector gets its own results, and no container or /local is left', async () => {
    integrationTests(1);
    serial = results();
    expect(serial['source-par2'].tests).toContain('connection.test_check[status=succeed]: failed');
    expect(serial['source-par1'].tests).toContain('connection.test_check[status=succeed]: passed');
    expect(SOURCES.map((name) => serial[name].records)).toEqual([['rows: 500'], ['rows: 1000'], ['rows: 1500'], ['rows: 2000']]);
    for (const name of DESTINATIONS) {
      expect(serial[name].tests).toContain('destination.test_sync[data_set=edge_cases]: passed');
      expect(serial[name].tests.filter((test) => test.startsWith('destination.') && !test.endsWith(': passed'))).toEqual([]);
    }
    expect(await containersLeft()).toEqual([]);
    expect(readdirSync(tmpDir()).filter((name) => name.startsWith('nx-airbyte-'))).toEqual([]);
  }, 300_000);

  it.each([1, 2])('with --parallel=4 (round %i): the same results as the serial run, and no container or /local is left', async () => {
    const output = integrationTests(4);
    expect(results()).toEqual(serial);
    expect(output).not.toMatch(/Conflict|already in use|EEXIST|ENOENT/);
    expect(await containersLeft()).toEqual([]);
    expect(readdirSync(tmpDir()).filter((name) => name.startsWith('nx-airbyte-'))).toEqual([]);
  }, 300_000);
});
