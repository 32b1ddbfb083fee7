import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildImage, createDockerClient, createRunId, DockerEngineError, DockerUnavailableError, ImageBuildError, runConnector, type DockerClient } from '../src/index';
import { containersMentioning, FIXTURES_DIR, removeTestImages, startTestRun } from './support/docker-test-kit';
import { startSecondEngine, type SecondEngine } from './support/second-engine';

// Docker faults (docs/reliability.md): a missing base image, a full disk during a build, an engine that
// goes away in the middle of a run. The last two on a second engine of the test's own, its data root
// on a 400 MiB tmpfs; the first engine is never filled or stopped.
const client = createDockerClient();
const run = startTestRun('engine-faults');

afterAll(async () => {
  await removeTestImages(client, run);
});

async function buildError(target: DockerClient, options: Parameters<typeof buildImage>[1]): Promise<ImageBuildError> {
  const error = await buildImage(target, options).then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof ImageBuildError)) throw new Error(`expected an ImageBuildError, got ${String(error)}`);
  return error;
}

describe('a missing base image', () => {
  it('fails the build within 2 s, naming the image and what to do', async () => {
    const started = Date.now();
    const error = await buildError(client, { contextDir: path.join(FIXTURES_DIR, 'missing-base'), tags: [run.imageTag('missing-base')] });
    const seconds = (Date.now() - started) / 1000;
    console.log(`engine faults: missing base image reported in ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(2);
    expect(error.message).toMatch(/base image nx-airbyte-fixture\/no-such-base:0 \(step 1\/\d+\) is not in the local image store and could not be pulled .*; build or load that image first, or run tools\/bootstrap/);
  });
});

describe('an engine of its own with a small disk', () => {
  let engine: SecondEngine;
  let scratch: string;
  const image = `nx-airbyte-test/shell-connector:${run.runId}`;

  beforeAll(async () => {
    engine = await startSecondEngine({ dataRootMiB: 400 });
    scratch = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-engine-faults-'));
    // the base image, from the first engine: the second one has nothing and cannot pull
    const tar = await client.api.getImage('debian:bookworm-slim').get();
    const loading = await engine.client.api.loadImage(tar);
    await new Promise((resolve, reject) => engine.client.api.modem.followProgress(loading, (error: Error | null) => (error ? reject(error) : resolve(undefined))));
    await buildImage(engine.client, { contextDir: path.join(FIXTURES_DIR, 'shell-connector'), tags: [image] });
  }, 180_000);

  afterAll(async () => {
    await engine?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('a full disk during a build fails it with the engine\'s "no space left on device", the step, and no container left', async () => {
    const marker = `filler-${run.runId}`;
    writeFileSync(path.join(scratch, 'Dockerfile'), `FROM debian:bookworm-slim\nRUN echo ${marker} && head -c 1000000000 /dev/zero > /filler\n`);
    const started = Date.now();
    const error = await buildError(engine.client, { contextDir: scratch, tags: [`nx-airbyte-test/filler:${run.runId}`] });
    console.log(`engine faults: full disk reported in ${((Date.now() - started) / 1000).toFixed(2)} s: ${error.message.split('\n')[0]}`);
    expect(error.message).toMatch(/failed at step 2\/\d+ \(RUN echo filler-\S+ && head -c 1000000000 \/dev\/zero > \/filler\): .*(no space left on device|returned a non-zero code)/s);
    expect(error.message).toContain('No space left on device');
    expect(await containersMentioning(engine.client, marker)).toEqual([]);
  });

  it('an engine that goes away mid-run fails the run at once with an error naming the engine or the container', async () => {
    const connector = await runConnector(engine.client, { image, command: 'spec', env: { FIXTURE_MODE: 'sleep' }, runId: createRunId('test-engine-gone') });
    const failure = connector.result.then(() => undefined, (error: unknown) => error);
    let failedAt = 0;
    void failure.then(() => (failedAt = Date.now()));
    // dockerd stops its containers before it exits (~10 s for one that ignores SIGTERM): the engine is gone when stop() returns
    await engine.stop();
    const goneAt = Date.now();
    const error = await failure;
    const seconds = (Math.max(failedAt, goneAt) - goneAt) / 1000;
    console.log(`engine faults: engine gone reported ${seconds.toFixed(2)} s after it stopped: ${(error as Error)?.message}`);
    expect(seconds).toBeLessThan(2);
    expect(error instanceof DockerUnavailableError || error instanceof DockerEngineError).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`(No Docker engine answered at ${engine.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|Docker failed) while .*container`));
  });
});
