import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from './matrix-cli';

function run(argv: string[], projects: string[] = ['source-a', 'source-b', 'source-c'], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const calls: string[][] = [];
  const status = main(argv, {
    out: (line: string) => (out += `${line}\n`),
    err: (line: string) => (err += `${line}\n`),
    cwd: '/workspace',
    env,
    listProjects: (args) => {
      calls.push(args);
      return projects;
    },
  });
  return { status, out, err, calls };
}

describe('nx-airbyte-matrix', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'nx-airbyte-matrix-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('asks nx for the affected projects with the target, between base and head, and prints the matrix', () => {
    const { status, out, calls } = run(['--target', 'integrationTest', '--shards', '2', '--base', 'origin/main', '--head', 'HEAD']);
    expect(status).toBe(0);
    expect(calls).toEqual([['show', 'projects', '--withTarget', 'integrationTest', '--json', '--projects', 'tag:type:connector', '--affected', '--base', 'origin/main', '--head', 'HEAD']]);
    const matrix = JSON.parse(out) as { include: Array<{ projects: string; count: number }> };
    expect(matrix.include.map((shard) => shard.count)).toEqual([2, 1]);
  });

  it('lists every connector with the target under --all, affected or not', () => {
    const { calls } = run(['-t', 'build', '--all']);
    expect(calls[0]).toEqual(['show', 'projects', '--withTarget', 'build', '--json', '--projects', 'tag:type:connector']);
  });

  it('takes base images too, or any project, with --kind, and refuses an unknown kind', () => {
    expect(run(['-t', 'build', '--all', '--kind', 'connector,base-image']).calls[0]).toEqual(['show', 'projects', '--withTarget', 'build', '--json', '--projects', 'tag:type:connector,tag:type:base-image']);
    expect(run(['-t', 'build', '--all', '--kind', 'base-image']).calls[0]).toEqual(['show', 'projects', '--withTarget', 'build', '--json', '--projects', 'tag:type:base-image']);
    expect(run(['-t', 'build', '--all', '--kind', 'any']).calls[0]).toEqual(['show', 'projects', '--withTarget', 'build', '--json']);
    const refused = run(['-t', 'build', '--kind', 'package']);
    expect(refused.status).toBe(2);
    expect(refused.err).toMatch(/--kind 'package' is not a kind of project: use connector, base-image \(comma-separated\), or any/);
  });

  it('writes matrix and count for GitHub Actions', () => {
    const output = path.join(dir, 'github-output');
    writeFileSync(output, '');
    const { status, out } = run(['-t', 'integrationTest', '--github-output'], ['source-a'], { GITHUB_OUTPUT: output });
    expect(status).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(`matrix=${out.trim()}\ncount=1\n`);
  });

  it('balances with a durations file', () => {
    const durations = path.join(dir, 'durations.json');
    writeFileSync(durations, JSON.stringify({ 'source-a': 10, 'source-b': 10, 'source-c': 20 }));
    const { out } = run(['-t', 'integrationTest', '--shards', '2', '--durations', durations]);
    expect((JSON.parse(out) as { include: Array<{ projects: string }> }).include.map((shard) => shard.projects)).toEqual(['source-c', 'source-a,source-b']);
  });

  it.each([
    [[], '--target is required'],
    [['-t', 'integrationTest', '--shards', 'many'], "--shards must be a whole number from 1 to 256, got 'many'"],
    [['-t', 'integrationTest', '--all', '--base', 'main'], '--all lists every project: it takes no --base or --head'],
    [['-t', 'integrationTest', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['-t', 'rm -rf /'], "--target 'rm -rf /' is not a target name"],
  ])('refuses %j with a usage error', (argv, message) => {
    const { status, err, calls } = run(argv as string[]);
    expect(status).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: nx-airbyte-matrix');
    expect(calls).toEqual([]);
  });

  it('says which durations entry is wrong', () => {
    const durations = path.join(dir, 'durations.json');
    writeFileSync(durations, JSON.stringify({ 'source-a': 'slow' }));
    const { status, err } = run(['-t', 'integrationTest', '--durations', durations]);
    expect(status).toBe(2);
    expect(err).toContain(`--durations ${durations}: "source-a" must be a number of seconds, got "slow"`);
  });

  it('says when --github-output is used outside GitHub Actions', () => {
    const { status, err } = run(['-t', 'integrationTest', '--github-output']);
    expect(status).toBe(2);
    expect(err).toContain('GITHUB_OUTPUT is not set');
  });

  it('prints help', () => {
    const { status, out } = run(['--help']);
    expect(status).toBe(0);
    expect(out).toContain('--shards <n>');
  });
});
