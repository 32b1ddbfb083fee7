import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPOSITORY_ROOT, TempWorkspace } from './support/temp-workspace';

const MATRIX_BIN = path.join(REPOSITORY_ROOT, 'packages/nx-plugin/bin/nx-airbyte-matrix.js');

// End to end: a temporary git repository with connectors and base images, the real nx binary,
// the built plugin (packages/nx-plugin/dist, through the workspace's node_modules).
let workspace: TempWorkspace;

function affectedProjects(): string[] {
  return (JSON.parse(workspace.nxOk(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json'])) as string[]).sort();
}

function commitChange(file: string, text: string): void {
  workspace.append(file, text);
  workspace.commitAll(`change ${file}`);
}

beforeAll(() => {
  workspace = TempWorkspace.create('nx-airbyte-affected-', {
    ci: true,
    files: {
      'airbyte-integrations/bases/base-python/Dockerfile': 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-python io.airbyte.version=0.1.0\n',
      'airbyte-integrations/bases/base-node/Dockerfile': 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-node io.airbyte.version=0.1.0\n',
      'airbyte-integrations/connectors/source-alpha/Dockerfile': 'FROM airbyte/base-python:dev\nLABEL io.airbyte.name=airbyte/source-alpha io.airbyte.version=0.1.0\n',
      'airbyte-integrations/connectors/source-alpha/main.py': 'print("alpha")\n',
      'airbyte-integrations/connectors/source-beta/Dockerfile': 'ARG BASE=airbyte/base-python:dev\nFROM ${BASE} AS build\nFROM build\nLABEL io.airbyte.name=airbyte/source-beta io.airbyte.version=0.1.0\n',
      'airbyte-integrations/connectors/destination-gamma/Dockerfile': 'FROM airbyte/base-node:dev\nLABEL io.airbyte.name=airbyte/destination-gamma io.airbyte.version=0.1.0\n',
      // a library under bases (no Dockerfile) that source-alpha installs by path
      'airbyte-integrations/bases/airbyte-python-lib/setup.py': 'from setuptools import setup\n\nsetup(name="airbyte-python-lib", packages=["airbyte_python_lib"])\n',
      'airbyte-integrations/bases/airbyte-python-lib/airbyte_python_lib/__init__.py': 'VERSION = "0.1.0"\n',
      'airbyte-integrations/connectors/source-alpha/requirements.txt': '-e ../../bases/airbyte-python-lib\n',
      'docs/index.md': '# docs\n',
    },
  });
}, 60_000);

afterAll(() => {
  workspace.remove();
});

describe('nx affected in a connector monorepo', () => {
  it('infers every connector and base image as a project', () => {
    expect((JSON.parse(workspace.nxOk(['show', 'projects', '--json'])) as string[]).sort()).toEqual(['airbyte-python-lib', 'base-node', 'base-python', 'destination-gamma', 'source-alpha', 'source-beta']);
  });

  it('selects the connectors that install a library under bases by path when the library changes (no Dockerfile there)', () => {
    commitChange('airbyte-integrations/bases/airbyte-python-lib/airbyte_python_lib/__init__.py', 'NAME = "lib"\n');
    expect(affectedProjects()).toEqual(['airbyte-python-lib', 'source-alpha']);
    // the library has no image: build and integrationTest run for source-alpha only
    expect(workspace.nxOk(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--withTarget=build', '--json'])).toContain('["source-alpha"]');
  });

  it('selects every connector built on a base image when that base changes, and nothing else', () => {
    commitChange('airbyte-integrations/bases/base-python/Dockerfile', 'ENV CHANGED=1\n');
    expect(affectedProjects()).toEqual(['base-python', 'source-alpha', 'source-beta']);
  });

  it('prints the affected connectors with integrationTest as a CI matrix (nx-airbyte-matrix)', () => {
    const result = spawnSync(process.execPath, [MATRIX_BIN, '--target', 'integrationTest', '--shards', '2', '--base', 'HEAD~1', '--head', 'HEAD'], { cwd: workspace.root, env: workspace.env(), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      include: [
        { shard: 1, of: 2, projects: 'source-alpha', count: 1, weight: 1 },
        { shard: 2, of: 2, projects: 'source-beta', count: 1, weight: 1 },
      ],
    });
  });

  it('selects one connector alone when only it changes', () => {
    commitChange('airbyte-integrations/connectors/destination-gamma/Dockerfile', '# a comment\n');
    expect(affectedProjects()).toEqual(['destination-gamma']);
  });

  it('selects nothing when only docs change', () => {
    commitChange('docs/index.md', 'more words\n');
    expect(affectedProjects()).toEqual([]);
    expect(workspace.nxOk(['affected', '-t', 'build,integrationTest', '--base=HEAD~1', '--head=HEAD'])).toMatch(/No tasks were run/);
  });

  it('lists build, integrationTest and lint with descriptions in nx show project', () => {
    const project = JSON.parse(workspace.nxOk(['show', 'project', 'source-alpha', '--json'])) as { targets: Record<string, { metadata?: { description?: string } }> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['build', 'integrationTest', 'publish']));
    expect(project.targets['integrationTest'].metadata?.description).toMatch(/acceptance suite/);
    expect(project.targets['lint'].metadata?.description).toMatch(/a syntax check, not pyflakes or flake8/);
  });
});
