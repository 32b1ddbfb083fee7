import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileSyntaxError, parseDockerfile } from '@nx-airbyte/docker';
import { dockerfileFacts, parseInBackground } from './dockerfile-facts';

jest.mock('@nx-airbyte/docker', () => {
  const actual = jest.requireActual('@nx-airbyte/docker');
  return { ...actual, parseDockerfile: jest.fn(actual.parseDockerfile) };
});
const parse = parseDockerfile as jest.MockedFunction<typeof parseDockerfile>;

describe('dockerfileFacts', () => {
  it('gives the base images, ARGs substituted, and the io.airbyte.name label', () => {
    const facts = dockerfileFacts('a/Dockerfile', 'ARG BASE=airbyte/base-python:dev\nFROM ${BASE} AS build\nFROM build\nLABEL io.airbyte.name=airbyte/source-a\n');
    expect(facts).toEqual({ baseImages: ['airbyte/base-python:dev'], airbyteName: 'airbyte/source-a' });
  });

  it('reads a changed text afresh', () => {
    expect(dockerfileFacts('b/Dockerfile', 'FROM one\n').baseImages).toEqual(['one']);
    expect(dockerfileFacts('b/Dockerfile', 'FROM two\n').baseImages).toEqual(['two']);
  });

  it('throws the syntax error naming the file, every time it is asked', () => {
    expect(() => dockerfileFacts('c/Dockerfile', 'RUN x\n')).toThrow(DockerfileSyntaxError);
    expect(() => dockerfileFacts('c/Dockerfile', 'RUN x\n')).toThrow(/c\/Dockerfile/);
  });
});

describe('parseInBackground', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-airbyte-facts-'));
    writeFileSync(join(root, 'Dockerfile'), 'FROM airbyte/base-node:dev\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('parses after returning, so that asking for the same text later parses nothing; a missing file is skipped', async () => {
    parse.mockClear();
    parseInBackground(root, ['missing/Dockerfile', 'Dockerfile']);
    expect(parse).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(parse).toHaveBeenCalledTimes(1);
    expect(dockerfileFacts('Dockerfile', 'FROM airbyte/base-node:dev\n')).toEqual({ baseImages: ['airbyte/base-node:dev'] });
    expect(parse).toHaveBeenCalledTimes(1);
  });
});
