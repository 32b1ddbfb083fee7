import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, OWNER_LABEL, reapOrphans, removeImage, RUN_LABEL, type DockerClient } from '@nx-airbyte/docker';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { runCliInChild } from './support/cli-child';
import { buildFixtureImage, DESTINATION_FIXTURE_DIR, FIXTURE_DIR } from './support/misbehaviour';

// Ctrl-C, SIGTERM and a killed parent during a source's read and a destination's write, run by the
// acceptance CLI: counted by the process's owner label before and after, the reports folder and the
// process's own TMPDIR checked for anything left (a half-written report, the destination's /local).
const IMAGE = `nx-airbyte-test/source-fixture:interrupted-${process.pid}`;
const DESTINATION_IMAGE = `nx-airbyte-test/destination-fixture:interrupted-${process.pid}`;
const RUNS = [
  { what: 'a read', fixtureDir: FIXTURE_DIR, image: IMAGE, brk: 'hang_on_read', filter: 'basic_read', command: ' read ' },
  { what: 'a write', fixtureDir: DESTINATION_FIXTURE_DIR, image: DESTINATION_IMAGE, brk: 'hang_on_write', filter: 'destination.test_sync', command: ' write ' },
];

let client: DockerClient;
let scratch: string;

beforeAll(async () => {
  client = createDockerClient();
  scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-interrupted-'));
  await buildFixtureImage(client, IMAGE);
  await buildFixtureImage(client, DESTINATION_IMAGE, {}, DESTINATION_FIXTURE_DIR);
});

afterAll(async () => {
  for (const image of [IMAGE, DESTINATION_IMAGE]) await removeImage(client, image, { force: true }).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

async function containersOf(pid: number) {
  return client.api.listContainers({ all: true, filters: { label: [`${OWNER_LABEL}=${hostname()}:${pid}`] } });
}

describe.each(RUNS)('an acceptance run interrupted during $what', ({ fixtureDir, image, brk, filter, command }) => {
  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('%s: leaves no container (the reaper takes what SIGKILL left), no report and no temp file', async (signal) => {
    const dir = mkdtempSync(path.join(scratch, 'run-'));
    const config = parseYaml(readFileSync(path.join(fixtureDir, 'acceptance-test-config.yml'), 'utf8'));
    config.base_path = fixtureDir;
    config.custom_environment_variables = { BREAK: brk };
    writeFileSync(path.join(dir, 'acceptance-test-config.yml'), stringifyYaml(config));
    const reports = path.join(dir, 'reports');
    const tmpDir = mkdtempSync(path.join(scratch, 'tmp-'));
    let pid = 0;
    let runId: string | undefined;
    const finished = runCliInChild(['--acceptance-test-config', dir, '--image', image, '-k', filter, '--json', path.join(reports, 'report.json'), '--junit-xml', path.join(reports, 'junit.xml')], {
      env: { ...process.env, TMPDIR: tmpDir },
      onStart: (started) => (pid = started),
    });
    // wait for the container of the read or write: the one whose command is `read ...` or `write ...`
    const deadline = Date.now() + 60_000;
    while (!runId && Date.now() < deadline) {
      const reading = (await containersOf(pid)).find((container) => container.Command.includes(command) && container.State === 'running');
      runId = reading?.Labels[RUN_LABEL];
      if (!runId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(runId).toBeDefined();
    process.kill(pid, signal);
    const result = await finished;
    expect(result.signal).toBe(signal);
    if (signal === 'SIGKILL') {
      expect(await containersOf(pid)).toHaveLength(1);
      expect(await reapOrphans(client, { runId })).toHaveLength(1);
    }
    expect(await containersOf(pid)).toEqual([]);
    // the reports folder may be there, empty: no report, no half-written temporary file
    expect(readdirSync(dir, { recursive: true }).filter((name) => !['acceptance-test-config.yml', 'reports'].includes(String(name)))).toEqual([]);
    // after SIGKILL, the reaper removed the destination's /local with the orphaned container
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});
