import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { imageMetadataPath, projectImageName } from './project-image';

function workspaceWith(dockerfile: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-image-name-'));
  mkdirSync(path.join(root, 'connectors/source-x'), { recursive: true });
  writeFileSync(path.join(root, 'connectors/source-x/Dockerfile'), dockerfile);
  return root;
}

describe('projectImageName', () => {
  it('is the io.airbyte.name label with the dev tag', () => {
    const root = workspaceWith('FROM debian:bookworm-slim\nLABEL io.airbyte.version=1.2.3 io.airbyte.name="airbyte/source-x"\n');
    expect(projectImageName({ workspaceRoot: root, projectRoot: 'connectors/source-x' })).toEqual({ image: 'airbyte/source-x:dev', name: 'airbyte/source-x', version: '1.2.3' });
  });

  it('refuses a Dockerfile without io.airbyte.name, saying which file and what to add', () => {
    const root = workspaceWith('FROM debian:bookworm-slim\n');
    expect(() => projectImageName({ workspaceRoot: root, projectRoot: 'connectors/source-x' })).toThrow('connectors/source-x/Dockerfile has no LABEL io.airbyte.name: add a line such as LABEL io.airbyte.name=airbyte/source-x');
  });

  it('names a missing Dockerfile', () => {
    const root = workspaceWith('FROM x\n');
    expect(() => projectImageName({ workspaceRoot: root, projectRoot: 'connectors/source-y' })).toThrow('cannot read connectors/source-y/Dockerfile: ENOENT');
  });
});

describe('imageMetadataPath', () => {
  it('is dist/<projectRoot>/image.json, the build target output', () => {
    expect(imageMetadataPath('/ws', 'a/b/source-x')).toBe(path.join('/ws', 'dist/a/b/source-x/image.json'));
  });
});
