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
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
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

  it('holds the pull request and the comment command workflows, valid YAML with jobs', () => {
    expect(files.sort()).toEqual(['comment-command.yml', 'pr.yml']);
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
          expect(['npx', 'npm', 'tools/bootstrap', 'gh']).toContain(command);
        }
      }
    }
  });

  it('never puts a ${{ }} expression into a script: untrusted text reaches scripts through the environment only', () => {
    for (const file of files) for (const job of Object.values(workflow(file).jobs)) for (const script of runs(job)) expect(script).not.toContain('${{');
  });

  it('on pull requests, writes the secrets first, then builds and tests what the change affects', () => {
    const pr = workflow('pr.yml');
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(pr.permissions).toEqual({ contents: 'read' });
    const job = pr.jobs['affected'];
    const secrets = indexOfRun(job, /^npx nx-airbyte-write-secrets$/);
    const affected = indexOfRun(job, /npx nx affected -t build integrationTest /);
    expect(secrets).toBeGreaterThan(-1);
    expect(affected).toBeGreaterThan(secrets);
    expect(job.steps[secrets].env).toEqual({ NX_AIRBYTE_SECRETS: '${{ toJSON(secrets) }}' });
    expect([DEFAULT_PLUGIN_OPTIONS.buildTargetName, DEFAULT_PLUGIN_OPTIONS.integrationTestTargetName]).toEqual(['build', 'integrationTest']);
  });

  it('checks a comment command before using it, and runs the target it names for the connector it names', () => {
    const command = workflow('comment-command.yml');
    expect(Object.keys(command.on)).toEqual(['issue_comment']);
    const parseStep = command.jobs['parse'].steps.find((step) => step.run === 'npx nx-airbyte-comment-command');
    expect(parseStep?.env).toEqual({ COMMENT: '${{ github.event.comment.body }}', AUTHOR_ASSOCIATION: '${{ github.event.comment.author_association }}' });
    for (const [name, target] of Object.entries(COMMENT_COMMANDS)) {
      const job = command.jobs[name];
      expect(job.needs).toBe('parse');
      expect(job.if).toBe(`needs.parse.outputs.command == '${name}'`);
      expect(runs(job)).toContain(`npx nx run "$CONNECTOR:${target}" --outputStyle=static`);
      expect(indexOfRun(job, /^npx nx-airbyte-write-secrets --connector "\$CONNECTOR"$/)).toBeLessThan(indexOfRun(job, /npx nx run "\$CONNECTOR:/));
    }
    expect(COMMENT_COMMANDS.test).toBe(DEFAULT_PLUGIN_OPTIONS.integrationTestTargetName);
    expect(COMMENT_COMMANDS.publish).toBe(DEFAULT_PLUGIN_OPTIONS.publishTargetName);
  });

  it('gives the registry account to the publish job alone, from an environment, through the environment variables publish reads', () => {
    const command = workflow('comment-command.yml');
    expect(command.jobs['publish'].environment).toBe('publish');
    const publishStep = command.jobs['publish'].steps.find((step) => /:publish"/.test(step.run ?? ''));
    expect(Object.keys(publishStep?.env ?? {}).sort()).toEqual(['NX_AIRBYTE_REGISTRY', 'NX_AIRBYTE_REGISTRY_PASSWORD', 'NX_AIRBYTE_REGISTRY_USER']);
    for (const file of files) {
      for (const [name, job] of Object.entries(workflow(file).jobs)) {
        if (name !== 'publish') expect(JSON.stringify(job)).not.toContain('NX_AIRBYTE_REGISTRY_PASSWORD');
      }
    }
  });
});
