import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// End to end: a temporary git repository with connectors and base images, the real nx binary,
// the built plugin (packages/nx-plugin/dist, through the workspace's node_modules).
const WORKSPACE_ROOT = path.join(__dirname, '../../..');
const NX = path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx');
let repo: string;

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_CACHE_DIRECTORY: path.join(repo, '.nx/cache'), CI: 'true' },
  });
}

function git(...args: string[]): void {
  run('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args]);
}

function affectedProjects(): string[] {
  return (JSON.parse(run(NX, ['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json'])) as string[]).sort();
}

function commitChange(file: string, text: string): void {
  appendFileSync(path.join(repo, file), text);
  git('add', '-A');
  git('commit', '-qm', `change ${file}`);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-affected-'));
  symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  write('package.json', JSON.stringify({ name: 'connectors', private: true }));
  write('nx.json', JSON.stringify({ plugins: ['@nx-airbyte/nx-plugin'] }));
  write('.gitignore', 'node_modules\n.nx\n');
  write('airbyte-integrations/bases/base-python/Dockerfile', 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-python io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/bases/base-node/Dockerfile', 'FROM debian:bookworm-slim\nLABEL io.airbyte.name=airbyte/base-node io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/source-alpha/Dockerfile', 'FROM airbyte/base-python:dev\nLABEL io.airbyte.name=airbyte/source-alpha io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/source-alpha/main.py', 'print("alpha")\n');
  write('airbyte-integrations/connectors/source-beta/Dockerfile', 'ARG BASE=airbyte/base-python:dev\nFROM ${BASE} AS build\nFROM build\nLABEL io.airbyte.name=airbyte/source-beta io.airbyte.version=0.1.0\n');
  write('airbyte-integrations/connectors/destination-gamma/Dockerfile', 'FROM airbyte/base-node:dev\nLABEL io.airbyte.name=airbyte/destination-gamma io.airbyte.version=0.1.0\n');
  write('docs/index.md', '# docs\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'initial');
}, 60_000);

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('nx affected in a connector monorepo', () => {
  it('infers every connector and base image as a project', () => {
    expect((JSON.parse(run(NX, ['show', 'projects', '--json'])) as string[]).sort()).toEqual(['base-node', 'base-python', 'destination-gamma', 'source-alpha', 'source-beta']);
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
    expect(run(NX, ['affected', '-t', 'build,integrationTest', '--base=HEAD~1', '--head=HEAD'])).toMatch(/No tasks were run/);
  });

  it('lists build and integrationTest with descriptions in nx show project', () => {
    const project = JSON.parse(run(NX, ['show', 'project', 'source-alpha', '--json'])) as { targets: Record<string, { metadata?: { description?: string } }> };
    expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['build', 'integrationTest']));
    expect(project.targets['integrationTest'].metadata?.description).toMatch(/acceptance suite/);
  });
});
