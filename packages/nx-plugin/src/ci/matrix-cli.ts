import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { shardProjects, type ShardMatrix } from './shard-matrix';
import type { CliIo } from './write-secrets';

/** The kinds of project a matrix can hold, and the project tag each one has (inferred by the plugin). */
export const PROJECT_KINDS = { connector: 'tag:type:connector', 'base-image': 'tag:type:base-image' } as const;

export const USAGE = `Usage: nx-airbyte-matrix --target <name> [--shards <n>] [--base <ref>] [--head <ref>] [--all]
                          [--kind <connector,base-image|any>] [--durations <file.json>] [--github-output]

Prints, as a CI matrix (JSON), the connectors that a change affects and that have the target, split
into at most <n> jobs of about equal weight. Each job then runs
  npx nx run-many -t <target> -p <projects>

Options:
  -t, --target <name>       the target the jobs run, e.g. integrationTest (required)
  --shards <n>              at most this many jobs (default 1); fewer when fewer projects are affected
  --base <ref>, --head <ref> the change to look at (default: Nx's, i.e. nx.json defaultBase and the work tree)
  --all                     every project with the target, affected or not
  --kind <kinds>            which projects: connector (default), base-image, both (connector,base-image),
                            or any (every project with the target: packages too)
  --durations <file.json>   {"<project>": seconds, ...} of earlier runs: jobs get about equal time
                            instead of equal counts; projects not in it weigh the average
  --github-output           also write matrix=<json> and count=<number of projects> to $GITHUB_OUTPUT
  -h, --help                show this help

Output: {"include":[{"shard":1,"of":2,"projects":"source-a,source-b","count":2,"weight":2}, ...]}
(an empty "include" when nothing is affected: skip the jobs with if: needs.<job>.outputs.count != '0').
Exit status: 0 on success, 2 on a usage error or when nx cannot list the projects.`;

export interface MatrixCliIo extends CliIo {
  /** Lists the projects: nx show projects with these arguments; replaceable in tests. */
  listProjects?: (args: string[], cwd: string) => string[];
}

interface MatrixOptions {
  target: string;
  shards: number;
  base?: string;
  head?: string;
  all: boolean;
  /** Project patterns for nx show projects --projects; none for any project. */
  projectPatterns: string[];
  durations?: string;
  githubOutput: boolean;
}

export function main(argv: readonly string[], io: MatrixCliIo): number {
  let options: MatrixOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.err(`nx-airbyte-matrix: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    const args = ['show', 'projects', '--withTarget', options.target, '--json', ...(options.projectPatterns.length > 0 ? ['--projects', options.projectPatterns.join(',')] : [])];
    if (!options.all) args.push('--affected', ...(options.base ? ['--base', options.base] : []), ...(options.head ? ['--head', options.head] : []));
    const projects = (io.listProjects ?? listProjectsWithNx)(args, io.cwd);
    const matrix = shardProjects(projects, options.shards, options.durations ? readDurations(options.durations) : {});
    const json = JSON.stringify(matrix);
    io.out(json);
    if (options.githubOutput) writeGithubOutput(io.env, matrix, json);
    return 0;
  } catch (error) {
    io.err(`nx-airbyte-matrix: ${(error as Error).message}`);
    return 2;
  }
}

function parseOptions(argv: readonly string[]): MatrixOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      target: { type: 'string', short: 't' },
      shards: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      all: { type: 'boolean', default: false },
      kind: { type: 'string' },
      durations: { type: 'string' },
      'github-output': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0]}'`);
  if (!values.target) throw new Error('--target is required (e.g. --target integrationTest)');
  if (!/^[A-Za-z0-9][\w:.-]*$/.test(values.target)) throw new Error(`--target '${values.target}' is not a target name`);
  const shards = values.shards === undefined ? 1 : Number(values.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > 256) throw new Error(`--shards must be a whole number from 1 to 256, got '${values.shards}'`);
  if (values.all && (values.base || values.head)) throw new Error('--all lists every project: it takes no --base or --head');
  return { target: values.target, shards, base: values.base, head: values.head, all: values.all ?? false, projectPatterns: projectPatterns(values.kind), durations: values.durations, githubOutput: values['github-output'] ?? false };
}

/** --kind as the tag patterns of nx show projects --projects: connectors unless told otherwise. */
function projectPatterns(kind: string | undefined): string[] {
  if (kind === undefined) return [PROJECT_KINDS.connector];
  if (kind === 'any') return [];
  const kinds = kind.split(',').map((item) => item.trim());
  for (const item of kinds) {
    if (!(item in PROJECT_KINDS)) throw new Error(`--kind '${item}' is not a kind of project: use ${Object.keys(PROJECT_KINDS).join(', ')} (comma-separated), or any`);
  }
  return [...new Set(kinds)].map((item) => PROJECT_KINDS[item as keyof typeof PROJECT_KINDS]);
}

/** `nx show projects` of the workspace in `cwd`, with the nx that workspace installed. */
function listProjectsWithNx(args: string[], cwd: string): string[] {
  let nxBin: string;
  try {
    nxBin = require.resolve('nx/bin/nx.js', { paths: [cwd] });
  } catch {
    throw new Error(`no nx installed in ${cwd} (node_modules/nx): run npm ci there first`);
  }
  const result = spawnSync(process.execPath, [nxBin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NX_TUI: 'false' }, maxBuffer: 32 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${result.status}):\n${`${result.stderr}${result.stdout}`.trim().split('\n').slice(-15).join('\n')}`);
  const start = result.stdout.indexOf('[');
  try {
    const projects = JSON.parse(result.stdout.slice(start)) as unknown;
    if (!Array.isArray(projects) || projects.some((project) => typeof project !== 'string')) throw new Error('not a list of names');
    return projects as string[];
  } catch (error) {
    throw new Error(`nx ${args.join(' ')} printed no project list (${(error as Error).message}): ${result.stdout.slice(0, 500)}`);
  }
}

function readDurations(file: string): Record<string, number> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`--durations ${file}: cannot read it as JSON (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`--durations ${file}: must be a JSON object of project names to seconds`);
  for (const [project, seconds] of Object.entries(value)) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) throw new Error(`--durations ${file}: "${project}" must be a number of seconds, got ${JSON.stringify(seconds)}`);
  }
  return value as Record<string, number>;
}

function writeGithubOutput(env: NodeJS.ProcessEnv, matrix: ShardMatrix, json: string): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) throw new Error('--github-output: GITHUB_OUTPUT is not set (it is, inside a GitHub Actions step)');
  const count = matrix.include.reduce((sum, shard) => sum + shard.count, 0);
  appendFileSync(file, `matrix=${json}\ncount=${count}\n`);
}
