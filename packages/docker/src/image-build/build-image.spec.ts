import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createDockerClient } from '../engine-client';
import { BuildContextError, DockerfileSyntaxError, DockerUnavailableError, InvalidOptionError } from '../errors';
import { buildImage } from './build-image';

// No engine listens here: these tests prove what buildImage checks before it talks to Docker.
const noEngine = createDockerClient({ host: `unix://${path.join(tmpdir(), `nx-airbyte-no-engine-${process.pid}.sock`)}` });
let contextDir: string;

beforeEach(() => {
  contextDir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-build-'));
});
afterEach(() => rmSync(contextDir, { recursive: true, force: true }));

describe('buildImage before it reaches the engine', () => {
  it('rejects a Dockerfile syntax error with file and line', async () => {
    writeFileSync(path.join(contextDir, 'Dockerfile'), 'FROM debian:bookworm-slim\nLABEL io.airbyte.version\n');
    const failure = buildImage(noEngine, { contextDir, tags: ['airbyte/source-x:dev'] });
    await expect(failure).rejects.toBeInstanceOf(DockerfileSyntaxError);
    await expect(failure).rejects.toThrow(`${path.join(contextDir, 'Dockerfile')}:2: LABEL io.airbyte.version has no value`);
  });

  it('rejects a missing context folder', async () => {
    await expect(buildImage(noEngine, { contextDir: path.join(contextDir, 'absent'), tags: ['airbyte/source-x:dev'] })).rejects.toBeInstanceOf(BuildContextError);
  });

  it('rejects a build without tags', async () => {
    await expect(buildImage(noEngine, { contextDir, tags: [] })).rejects.toThrow(new InvalidOptionError('buildImage', 'tags', 'must list at least one image name, e.g. ["airbyte/source-x:dev"]'));
  });

  it('rejects labels that are not strings', async () => {
    await expect(buildImage(noEngine, { contextDir, tags: ['a:b'], labels: { n: 1 as unknown as string } })).rejects.toThrow('option "labels" must be an object of string values');
  });

  it('says that no engine answered, naming the address, when the context is fine', async () => {
    mkdirSync(path.join(contextDir, 'src'));
    writeFileSync(path.join(contextDir, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
    const failure = buildImage(noEngine, { contextDir, tags: ['airbyte/source-x:dev'] });
    await expect(failure).rejects.toBeInstanceOf(DockerUnavailableError);
    await expect(failure).rejects.toThrow(`No Docker engine answered at ${noEngine.address}`);
  });
});
