import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTempWorkspace, type TempWorkspace } from './support/temp-workspace';

// End to end: a temporary git repository with connectors and base images, the real nx binary,
// the built plugin (packages/nx-plugin/dist, through the workspace's node_modules).
let workspace: TempWorkspace;

function nx(args: string[]): string {
  const { status, output } = workspace.nx(args, { CI: 'true' });
  if (status !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${status}):\n${output}`);
  return output;
}

function affectedProjects(): string[] {
  return (JSON.parse(nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json'])) as string[]).sort();
}

function commitChange(file: string, text: string): void {
  appendFileSync(path.join(workspace.root, file), text);
  workspace.commitAll(`change ${file}`);
}

beforeAll(() => {
  workspace = createTempWorkspace({ prefix: 'affected' });
  const write = workspace.write;
  write('airbyte-integrations/bases/base-python/Dockerfile', 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-python io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/bases/base-node/Dockerfile', 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-node io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/source-alpha/Dockerfile', 'FROM airbyte/base-python:dev\nLABEL io.airbyte.name=airbyte/source-alpha io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/source-alpha/main.py', 'print("alpha")\n');
  write('airbyte-integrations/connectors/source-beta/Dockerfile', 'ARG BASE=airbyte/base-python:dev\nFROM ${BASE} AS build\nFROM build\nLABEL io.airbyte.name=airbyte/source-beta io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/destination-gamma/Dockerfile', 'FROM airbyte/base-node:dev\nLABEL io.airbyte.name=airbyte/destination-gamma io.airbyte.version=0.1.0\n');
  write('docs/index.md', '# docs\n');
  workspace.commitAll('initial');
}, 60_000);

afterAll(() => {
  workspace.remove();
});

describe('nx affected in a connector monorepo', () => {
  it('infers every connector and base image as a project', () => {
    expect((JSON.parse(nx(['show', 'projects', '--json'])) as string[]).sort()).toEqual(['base-node', 'base-python', 'destination-gamma', 'source-alpha', 'source-beta']);
  });

  it('selects every connector built on a base image when that base changes, and nothing else', () => {
    commitChange('airbyte-integrations/bases/base-python/Dockerfile', 'ENV CHANGED=1\n');
    expect(affectedProjects()).toEqual(['base-python', 'source-alpha', 'source-beta']);
  });

  it('selects one connector alone when only it changes', () => {
    commitChange('airbyte-integrations/connectors/destination-gamma/Dockerfile', '# a comment\n');
    expect(affectedProjects()).toEqual(['destination-gamma']);
  });

  it('selects nothing when only docs change', () => {
    commitChange('docs/index.md', 'more words\n');
    expect(affectedProjects()).toEqual([]);
    expect(nx(['affected', '-t', 'build,integrationTest', '--base=HEAD~1', '--head=HEAD'])).toMatch(/No tasks were run/);
  });

  it('lists build and integrationTest with descriptions in nx show project', () => {
    const project = JSON.parse(nx(['show', 'project', 'source-alpha', '--json'])) as { targets: Record<string, { metadata?: { description?: string } }> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['build', 'integrationTest', 'publish']));
    expect(project.targets['integrationTest'].metadata?.description).toMatch(/acceptance suite/);
  });
});
