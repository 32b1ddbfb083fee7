import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildImage, buildImageUnlessUnchanged, createDockerClient, findImage, INPUT_HASH_LABEL } from '../src/index';
import { FIXTURES_DIR, removeTestImages, startTestRun } from './support/docker-test-kit';

const client = createDockerClient();
const run = startTestRun('unless-unchanged');
let base: string;
let connector: string;

beforeAll(async () => {
  // a base image and a connector FROM it, both private to this test run
  base = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-base-'));
  writeFileSync(path.join(base, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo base-one > /base.txt\n');
  await buildImage(client, { contextDir: base, tags: [run.imageTag('base')], labels: run.labels });
  connector = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-connector-'));
  cpSync(path.join(FIXTURES_DIR, 'shell-connector'), connector, { recursive: true });
  writeFileSync(path.join(connector, 'Dockerfile'), `FROM ${run.imageTag('base')}\nCOPY connector.sh /connector.sh\nENTRYPOINT ["/bin/sh", "/connector.sh"]\nLABEL io.airbyte.name=nx-airbyte-test/unchanged io.airbyte.version=0.1.0\n`);
});

afterAll(async () => {
  await removeTestImages(client, run);
  rmSync(base, { recursive: true, force: true });
  rmSync(connector, { recursive: true, force: true });
});

describe('buildImageUnlessUnchanged', () => {
  const options = () => ({ contextDir: connector, tags: [run.imageTag('connector')], labels: run.labels });

  it('builds the first time and labels the image with its input hash', async () => {
    const first = await buildImageUnlessUnchanged(client, options());
    expect(first.reused).toBe(false);
    expect((await findImage(client, run.imageTag('connector')))?.labels[INPUT_HASH_LABEL]).toBe(first.inputHash);
  });

  it('reuses the image, without a build, when nothing changed, and gives it a missing tag back', async () => {
    const before = await findImage(client, run.imageTag('connector'));
    const again = await buildImageUnlessUnchanged(client, { ...options(), tags: [run.imageTag('connector'), run.imageTag('connector-dev')] });
    expect(again.reused).toBe(true);
    expect(again.imageId).toBe(before?.id);
    expect((await findImage(client, run.imageTag('connector-dev')))?.id).toBe(before?.id);
  });

  it('builds again when a file of the context changes', async () => {
    const before = await buildImageUnlessUnchanged(client, options());
    writeFileSync(path.join(connector, 'connector.sh'), `${'# changed\n'}echo changed >&2\n`);
    const after = await buildImageUnlessUnchanged(client, options());
    expect(after.reused).toBe(false);
    expect(after.inputHash).not.toBe(before.inputHash);
  });

  it('builds again when the base image it FROMs was rebuilt, though its own files did not change', async () => {
    const before = await buildImageUnlessUnchanged(client, options());
    writeFileSync(path.join(base, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo base-two > /base.txt\n');
    await buildImage(client, { contextDir: base, tags: [run.imageTag('base')], labels: run.labels });
    const after = await buildImageUnlessUnchanged(client, options());
    expect(after.reused).toBe(false);
    expect(after.inputHash).not.toBe(before.inputHash);
  });

  it('does not count a file that .dockerignore leaves out', async () => {
    writeFileSync(path.join(connector, '.dockerignore'), 'notes.txt\n');
    const before = await buildImageUnlessUnchanged(client, options());
    writeFileSync(path.join(connector, 'notes.txt'), 'not in the image');
    const after = await buildImageUnlessUnchanged(client, options());
    expect(after.reused).toBe(true);
    expect(after.inputHash).toBe(before.inputHash);
  });
});
