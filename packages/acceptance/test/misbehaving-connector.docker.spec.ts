import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient, removeImage, type DockerClient } from '@nx-airbyte/docker';
import { buildFixtureImage, misbehaviourCases, runMisbehaviour } from './support/misbehaviour';

// Connector misbehaviour (docs/reliability.md): each mode of the fixture source fails basic_read.test_read
// with a message naming the image and the reason, in bounded time and bounded memory of the CLI process,
// and leaves no container. CI runs the flood at 1,000,000 lines; bench/misbehaviour.bench.js at 10,000,000.
const IMAGE = `nx-airbyte-test/source-fixture:misbehaviour-${process.pid}`;
const CASES = misbehaviourCases('ci');

let client: DockerClient;
let scratch: string;
let baselineRssMiB = 0;

beforeAll(async () => {
  client = createDockerClient();
  scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-misbehaviour-'));
  await buildFixtureImage(client, IMAGE);
});

afterAll(async () => {
  await removeImage(client, IMAGE, { force: true }).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('a misbehaving connector fails clearly, in bounded time and memory', () => {
  it.each(CASES.map((testCase) => [testCase.what, testCase] as const))('%s', async (_what, testCase) => {
    const { result, failureText, status, containersLeft } = await runMisbehaviour(client, IMAGE, scratch, testCase);
    console.log(`misbehaviour ${testCase.mode || 'baseline'}: exit ${result.status} in ${result.seconds.toFixed(1)} s, peak RSS ${result.maxRssMiB?.toFixed(0)} MiB`);
    expect(containersLeft).toBe(0);
    expect(result.maxRssMiB).toBeDefined();
    if (!testCase.reason) {
      expect({ status, exit: result.status }).toEqual({ status: 'passed', exit: 0 });
      baselineRssMiB = result.maxRssMiB ?? 0;
      return;
    }
    expect(result.status).toBe(1);
    expect(status).toBe('failed');
    expect(failureText).toMatch(testCase.reason);
    expect(failureText).toContain(IMAGE);
    // generous margins: 2 loaded cores; the flood is the slowest (~1 M lines through parse and checks)
    expect(result.seconds).toBeLessThan(120);
    // the 200 MB line is dropped at 64 MiB; nothing else holds more than a few lines
    expect(result.maxRssMiB as number).toBeLessThan(Math.max(baselineRssMiB, 150) + 400);
  });
});
