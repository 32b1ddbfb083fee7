import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { COMMENT_COMMANDS } from '../src/ci/comment-command';
import { DEFAULT_PLUGIN_OPTIONS } from '../src/plugin/options';
import { REPOSITORY_ROOT } from './support/temp-workspace';

// The GitHub workflows cannot run here: they are checked statically, as YAML, against this repository.
const WORKFLOWS = path.join(REPOSITORY_ROOT, '.github/workflows');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  defaults?: { run?: { 'working-directory'?: string } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = (file: string) => parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as Workflow;
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').filter(Boolean);
const indexOfRun = (job: Job, pattern: RegExp) => job.steps.findIndex((step) => pattern.test(step.run ?? ''));
const stepOf = (job: Job, pattern: RegExp) => {
  const found = job.steps.find((step) => pattern.test(step.run ?? ''));
  if (!found) throw new Error(`no step runs ${pattern}`);
  return found;
};
/** Where a step runs: its working-directory, else the job's default, else the workspace. */
const directoryOf = (job: Job, step: Step) => step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.';
const checkouts = (job: Job) => job.steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
/** Every ${{ }} expression of a job that reads secrets, with the step that holds it. */
const secretExpressions = (job: Job) =>
  job.steps.flatMap((step) => [...JSON.stringify(step).matchAll(/\$\{\{([^}]*)\}\}/g)].map((match) => match[1].trim()).filter((expression) => /\bsecrets\b/.test(expression)).map((expression) => `${step.name ?? step.run}: ${expression}`));
const workspaceBins = () => {
  const bins = new Set<string>();
  for (const pkg of readdirSync(path.join(REPOSITORY_ROOT, 'packages'))) {
    const manifest = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    for (const [name, file] of Object.entries(manifest.bin ?? {})) if (existsSync(path.join(REPOSITORY_ROOT, 'packages', pkg, file))) bins.add(name);
  }
  return bins.add('nx');
};

describe('.github/workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((file) => file.endsWith('.yml'));

  it('holds the pull request, main branch and comment command workflows, valid YAML with jobs', () => {
    expect(files.sort()).toEqual(['comment-command.yml', 'main.yml', 'pr.yml']);
    for (const file of files) expect(Object.keys(workflow(file).jobs).length).toBeGreaterThan(0);
  });

  it('calls only commands that exist: workspace bins through npx, executable tools/ scripts, npm ci, gh', () => {
    const bins = workspaceBins();
    for (const file of files) {
      for (const job of Object.values(workflow(file).jobs)) {
        for (const script of runs(job)) {
          for (const [, bin] of script.matchAll(/\bnpx ([a-z0-9@/.-]+)/g)) expect({ file, bin, exists: bins.has(bin) }).toEqual({ file, bin, exists: true });
          for (const [tool] of script.matchAll(/\btools\/[A-Za-z0-9/_.-]+/g)) expect(() => accessSync(path.join(REPOSITORY_ROOT, tool), constants.X_OK)).not.toThrow();
          const command = script.trim().replace(/^sudo /, '').split(/\s+/)[0];
          expect(['npx', 'npm', 'tools/bootstrap', 'tools/test-all', 'gh']).toContain(command);
        }
      }
    }
  });

  it('never puts a ${{ }} expression into a script: untrusted text reaches scripts through the environment only', () => {
    for (const file of files) for (const job of Object.values(workflow(file).jobs)) for (const script of runs(job)) expect(script).not.toContain('${{');
  });

  it('on pull requests, runs lint, typecheck and unit tests, writes the secrets, then builds, runs the acceptance suites and the Docker-backed tests of what the change affects', () => {
    const pr = workflow('pr.yml');
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(pr.permissions).toEqual({ contents: 'read' });
    const job = pr.jobs['affected'];
    const affected = (targets: string) => new RegExp(`^npx nx affected -t ${targets} (--parallel=1 )?--base="origin/\\$BASE_REF" --head=HEAD --outputStyle=static$`);
    const checks = indexOfRun(job, affected('lint,typecheck,test'));
    const secrets = indexOfRun(job, /^npx nx-airbyte-write-secrets$/);
    const build = indexOfRun(job, affected('build integrationTest'));
    const docker = indexOfRun(job, affected('test-docker'));
    const bootstrap = indexOfRun(job, /^sudo tools\/bootstrap --test-services$/);
    expect({ checks, secrets, build, docker, bootstrap }).toEqual({ checks: expect.any(Number), secrets: expect.any(Number), build: expect.any(Number), docker: expect.any(Number), bootstrap: expect.any(Number) });
    expect([bootstrap, checks, secrets, build, docker].every((index, i, all) => index > -1 && (i === 0 || index > all[i - 1]))).toBe(true);
    expect(job.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(job.steps[secrets].env).toEqual({ NX_AIRBYTE_SECRETS: '${{ toJSON(secrets) }}' });
    expect([DEFAULT_PLUGIN_OPTIONS.buildTargetName, DEFAULT_PLUGIN_OPTIONS.integrationTestTargetName]).toEqual(['build', 'integrationTest']);
  });

  it('runs the whole suite (tools/test-all) on the default branch and every night', () => {
    const main = workflow('main.yml');
    expect(main.on['push']).toEqual({ branches: ['main'] });
    expect(main.on['schedule']).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* \*$/) }]);
    expect(main.permissions).toEqual({ contents: 'read' });
    expect(runs(main.jobs['test-all'])).toEqual(['sudo tools/bootstrap --test-services', 'tools/test-all']);
  });

  describe('comment-command.yml', () => {
    const command = workflow('comment-command.yml');
    const parse = command.jobs['parse'];

    it('checks a comment command on the default branch\'s code, with the author\'s permission from the API, before using it', () => {
      expect(Object.keys(command.on)).toEqual(['issue_comment']);
      expect(checkouts(parse).map((step) => step.with?.['ref'])).toEqual([undefined]);
      expect(parse.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
      const parseStep = parse.steps.find((step) => step.run === 'npx nx-airbyte-comment-command');
      expect(parseStep?.id).toBe('parse');
      expect(parseStep?.env).toEqual({
        COMMENT: '${{ github.event.comment.body }}',
        COMMENT_AUTHOR: '${{ github.event.comment.user.login }}',
        PR_NUMBER: '${{ github.event.issue.number }}',
        GH_TOKEN: '${{ github.token }}',
      });
      for (const output of ['command', 'connector', 'target', 'secret', 'sha']) expect(parse.outputs?.[output]).toBe(`\${{ steps.parse.outputs.${output} }}`);
      expect(JSON.stringify(command)).not.toMatch(/author_association|AUTHOR_ASSOCIATION/);
    });

    it.each(Object.entries(COMMENT_COMMANDS))('/%s checks out the head commit the parse job read, never the moving refs/pull/N/head', (name) => {
      const job = command.jobs[name];
      expect(job.needs).toBe('parse');
      expect(job.if).toBe(`needs.parse.outputs.command == '${name}'`);
      expect(job.env?.['HEAD_SHA']).toBe('${{ needs.parse.outputs.sha }}');
      const refs = checkouts(job).map((step) => ({ ref: step.with?.['ref'], path: step.with?.['path'], persist: step.with?.['persist-credentials'] }));
      expect(refs).toEqual([
        { ref: undefined, path: 'trusted', persist: false },
        { ref: '${{ needs.parse.outputs.sha }}', path: 'pr', persist: false },
      ]);
      expect(JSON.stringify(job)).not.toMatch(/refs\/pull|head_ref|pull_request\.head/);
      expect(stepOf(job, /^gh pr comment /).run).toContain(`/${name} connector=connectors/$CONNECTOR at $HEAD_SHA: $OUTCOME`);
    });

    it.each(Object.entries(COMMENT_COMMANDS))('/%s checks the connector exists and writes its secrets with the default branch\'s code, before any of the pull request\'s code runs', (name, target) => {
      const job = command.jobs[name];
      expect(job.defaults?.run?.['working-directory']).toBe('pr');
      const exists = stepOf(job, /^npx nx-airbyte-comment-command --connector-exists "\$CONNECTOR" --workspace-root \.\.\/pr$/);
      const writer = stepOf(job, /^npx nx-airbyte-write-secrets --connector "\$CONNECTOR" --credentials-env CREDS --workspace-root \.\.\/pr$/);
      expect([directoryOf(job, exists), directoryOf(job, writer)]).toEqual(['trusted', 'trusted']);
      const firstInPullRequest = job.steps.findIndex((step) => step.run !== undefined && directoryOf(job, step) !== 'trusted');
      expect(job.steps[firstInPullRequest].run).toBe('npm ci --no-audit --no-fund');
      for (const step of [exists, writer]) expect(job.steps.indexOf(step)).toBeLessThan(firstInPullRequest);
      const run = stepOf(job, new RegExp(`^npx nx run "\\$CONNECTOR:${target}" --outputStyle=static$`));
      expect(directoryOf(job, run)).toBe('pr');
      expect(job.steps.indexOf(run)).toBeGreaterThan(job.steps.indexOf(writer));
    });

    it('hands the pull request\'s code only the connector\'s own secret, and the registry account to the publish step alone', () => {
      expect(secretExpressions(command.jobs['test'])).toEqual(["Write the connector's secrets: secrets[needs.parse.outputs.secret]"]);
      expect(secretExpressions(command.jobs['publish']).sort()).toEqual([
        'Publish: secrets.NX_AIRBYTE_REGISTRY_PASSWORD',
        'Publish: secrets.NX_AIRBYTE_REGISTRY_USER',
        "Write the connector's secrets: secrets[needs.parse.outputs.secret]",
      ]);
      expect(secretExpressions(parse)).toEqual([]);
      expect(command.jobs['publish'].environment).toBe('publish');
      const publishStep = stepOf(command.jobs['publish'], /:publish"/);
      expect(Object.keys(publishStep.env ?? {}).sort()).toEqual(['NX_AIRBYTE_REGISTRY', 'NX_AIRBYTE_REGISTRY_PASSWORD', 'NX_AIRBYTE_REGISTRY_USER']);
      for (const file of files) {
        for (const [name, job] of Object.entries(workflow(file).jobs)) {
          if (name !== 'publish') expect(JSON.stringify(job)).not.toContain('NX_AIRBYTE_REGISTRY_PASSWORD');
        }
      }
      expect(COMMENT_COMMANDS.test).toBe(DEFAULT_PLUGIN_OPTIONS.integrationTestTargetName);
      expect(COMMENT_COMMANDS.publish).toBe(DEFAULT_PLUGIN_OPTIONS.publishTargetName);
    });
  });
});
