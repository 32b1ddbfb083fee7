import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildImage,
  CONTEXT_HASH_LABEL,
  createDockerClient,
  findImage,
  findImagesByLabel,
  ImageBuildError,
  removeImage,
  tagImage,
  type BuiltImage,
} from '../src/index';
import { containersMentioning, eventually, FIXTURES_DIR, markedFixture, removeTestImages, startChild, startTestRun, TEST_RUN_LABEL } from './support/docker-test-kit';

const client = createDockerClient();
const run = startTestRun('image-build');

afterAll(async () => {
  await removeTestImages(client, run);
});

async function buildFailure(options: Parameters<typeof buildImage>[1]): Promise<ImageBuildError> {
  try {
    await buildImage(client, options);
  } catch (error) {
    if (error instanceof ImageBuildError) return error;
    throw error;
  }
  throw new Error('expected the build to fail');
}

describe('buildImage of a connector', () => {
  const tag = run.imageTag('shell-connector');
  const secondTag = run.imageTag('shell-connector-alias');
  const progress: string[] = [];
  let built: BuiltImage;

  beforeAll(async () => {
    built = await buildImage(client, {
      contextDir: path.join(FIXTURES_DIR, 'shell-connector'),
      tags: [tag, secondTag],
      labels: { ...run.labels, 'io.nx-airbyte.input-hash': 'abc123' },
      onProgress: (line) => progress.push(line),
    });
  });

  it('carries the Dockerfile io.airbyte labels, the context hash and the caller labels', () => {
    expect(built.labels).toMatchObject({
      'io.airbyte.name': 'airbyte/source-shell-fixture',
      'io.airbyte.version': '0.1.0',
      [CONTEXT_HASH_LABEL]: built.contextHash,
      'io.nx-airbyte.input-hash': 'abc123',
    });
    expect(built.contextHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is found with its ENTRYPOINT and environment', async () => {
    const image = await findImage(client, tag);
    expect(image?.entrypoint).toEqual(['/airbyte/connector.sh']);
    expect(image?.env).toContain('AIRBYTE_ENTRYPOINT=/airbyte/connector.sh');
  });

  it('is known to the engine under every tag asked for', async () => {
    expect((await findImage(client, tag))?.id).toBe(built.imageId);
    expect((await findImage(client, secondTag))?.id).toBe(built.imageId);
  });

  it('reports readable step lines through onProgress', () => {
    expect(progress[0]).toMatch(/^Step 1\/\d+ : FROM debian:bookworm-slim$/);
    expect(progress.some((line) => /^Step 2\/\d+ : COPY connector.sh \/airbyte\/connector.sh$/.test(line))).toBe(true);
    expect(progress.some((line) => line.startsWith('Successfully built '))).toBe(true);
  });

  it('is found by its context hash label', async () => {
    const found = await findImagesByLabel(client, CONTEXT_HASH_LABEL, built.contextHash);
    expect(found.map((image) => image.id)).toContain(built.imageId);
  });

  it('rebuilds an unchanged context from the layer cache into the same image', async () => {
    const again = await buildImage(client, { contextDir: path.join(FIXTURES_DIR, 'shell-connector'), tags: [tag], labels: { ...run.labels, 'io.nx-airbyte.input-hash': 'abc123' } });
    expect(again.imageId).toBe(built.imageId);
    expect(again.contextHash).toBe(built.contextHash);
  });

  it('tags and untags: tagImage adds a name, removeImage takes it away and then reports nothing to remove', async () => {
    const extra = run.imageTag('shell-connector-extra');
    await tagImage(client, tag, extra);
    expect((await findImage(client, extra))?.id).toBe(built.imageId);
    expect(await removeImage(client, extra)).toBe(true);
    expect(await findImage(client, extra)).toBeUndefined();
    expect(await removeImage(client, extra)).toBe(false);
  });
});

describe('findImage', () => {
  it('says undefined for an image the engine does not have', async () => {
    expect(await findImage(client, `nx-airbyte-test/never-built:${run.runId}`)).toBeUndefined();
  });
});

describe('buildImage failures', () => {
  it('fails on a failing RUN with Docker message, the step and its output, and leaves no intermediate container', async () => {
    const fixture = markedFixture('failing-run');
    try {
      const error = await buildFailure({ contextDir: fixture.contextDir, tags: [run.imageTag('failing-run')], labels: run.labels });
      const instruction = `RUN echo "building ${fixture.marker}" && echo "about to fail" >&2 && exit 7`;
      expect(error.step).toEqual({ number: 2, total: 4, instruction });
      expect(error.engineMessage).toMatch(/returned a non-zero code: 7$/);
      expect(error.message).toContain(`failed at step 2/4 (${instruction})`);
      expect(error.message).toContain(`building ${fixture.marker}`);
      expect(error.message).toContain('about to fail');
      expect(await containersMentioning(client, fixture.marker)).toEqual([]);
    } finally {
      fixture.remove();
    }
  });

  it('fails on a missing base image with a message that names it and suggests tools/bootstrap', async () => {
    const error = await buildFailure({ contextDir: path.join(FIXTURES_DIR, 'missing-base'), tags: [run.imageTag('missing-base')] });
    expect(error.message).toMatch(/^Build of nx-airbyte-test\/missing-base:\S+ failed: base image nx-airbyte-fixture\/no-such-base:0 \(step 1\/3\) is not in the local image store and could not be pulled \(.+\); build or load that image first, or run tools\/bootstrap/);
  });

  it('cancels a build that runs past timeoutMs, says so, and leaves no container behind', async () => {
    const fixture = markedFixture('slow-build');
    try {
      const started = Date.now();
      const error = await buildFailure({ contextDir: fixture.contextDir, tags: [run.imageTag('slow-build')], timeoutMs: 3000 });
      expect(Date.now() - started).toBeLessThan(8000);
      expect(error.timedOut).toBe(true);
      expect(error.message).toContain(`did not finish within 3000 ms (at step 2/3: RUN echo "slow ${fixture.marker}" && sleep 300)`);
      expect(await eventually(async () => (await containersMentioning(client, fixture.marker)).length === 0, 15_000)).toBe(true);
    } finally {
      fixture.remove();
    }
  });

  it('stops when the caller aborts, and leaves no container behind', async () => {
    const fixture = markedFixture('slow-build');
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      const error = await buildFailure({ contextDir: fixture.contextDir, tags: [run.imageTag('slow-build')], signal: controller.signal });
      expect(error.message).toMatch(/was aborted \(at step 2\/3/);
      expect(error.timedOut).toBe(false);
      expect(await eventually(async () => (await containersMentioning(client, fixture.marker)).length === 0, 15_000)).toBe(true);
    } finally {
      fixture.remove();
    }
  });
});

describe('a build whose process is interrupted', () => {
  // Counted before and after: the RUN step's container (found by its marker) and the images of this test run.
  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('%s: leaves no build container, no image and no temp file', async (signal) => {
    const fixture = markedFixture('slow-build');
    try {
      const { child, exited, tmpDir } = await startChild(['--build', fixture.contextDir, run.imageTag('interrupted-build'), `${TEST_RUN_LABEL}=${run.runId}`]);
      expect(await eventually(async () => (await containersMentioning(client, fixture.marker)).length === 1, 30_000)).toBe(true);
      child.kill(signal);
      expect((await exited).signal).toBe(signal);
      // the engine cancels a build whose client went away, and removes the step's container (forcerm)
      expect(await eventually(async () => (await containersMentioning(client, fixture.marker)).length === 0, 20_000)).toBe(true);
      expect(await findImage(client, run.imageTag('interrupted-build'))).toBeUndefined();
      expect(readdirSync(tmpDir)).toEqual([]);
      rmSync(tmpDir, { recursive: true, force: true });
    } finally {
      fixture.remove();
    }
  });
});
