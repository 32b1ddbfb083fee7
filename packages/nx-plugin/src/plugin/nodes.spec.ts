import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
import type { CreateNodesContext, CreateNodesResult, ProjectConfiguration } from '@nx/devkit';
import { createNodes, createNodesV2, secretsFingerprintCommand } from './nodes';
import type { AirbytePluginOptions } from './options';

const workspaceRoot = join(__dirname, '../../test/fixtures/workspace');
// what Nx's glob gives the plugin: every Dockerfile, setup.py, pyproject.toml and package.json of the workspace
const dockerfiles = [
  'airbyte-integrations/bases/base-python/Dockerfile',
  'airbyte-integrations/bases/airbyte-python-lib/setup.py',
  'airbyte-integrations/bases/node-lib/package.json',
  'airbyte-integrations/connectors/source-alpha/Dockerfile',
  'airbyte-integrations/connectors/destination-beta/Dockerfile',
  'airbyte-integrations/connectors/destination-beta/package.json',
  'airbyte-integrations/connectors/source-gamma/Dockerfile',
  'airbyte-integrations/connectors/source-delta/Dockerfile',
  'airbyte-integrations/connectors/destination-epsilon/Dockerfile',
  'airbyte-integrations/connectors/destination-epsilon/package.json',
  'docs/other/Dockerfile',
  'packages/some-lib/package.json',
];

async function infer(files = dockerfiles, options?: AirbytePluginOptions): Promise<Record<string, Omit<ProjectConfiguration, 'root'>>> {
  const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot };
  const results = await createNodes[1](files, options, context);
  const projects: Record<string, Omit<ProjectConfiguration, 'root'>> = {};
  for (const [, result] of results as Array<readonly [string, CreateNodesResult]>) Object.assign(projects, result.projects);
  return projects;
}

describe('createNodes', () => {
  it('makes a project of every connector and base folder with a Dockerfile, of every library under bases, and of nothing else', async () => {
    const projects = await infer();
    expect(Object.keys(projects).sort()).toEqual([
      'airbyte-integrations/bases/airbyte-python-lib',
      'airbyte-integrations/bases/base-python',
      'airbyte-integrations/bases/node-lib',
      'airbyte-integrations/connectors/destination-beta',
      'airbyte-integrations/connectors/destination-epsilon',
      'airbyte-integrations/connectors/source-alpha',
      'airbyte-integrations/connectors/source-delta',
      'airbyte-integrations/connectors/source-gamma',
    ]);
    expect(projects['airbyte-integrations/connectors/source-alpha'].name).toBe('source-alpha');
  });

  it('makes a library under bases (setup.py, pyproject.toml or package.json, no Dockerfile) a project without an image to build', async () => {
    const projects = await infer();
    const lib = projects['airbyte-integrations/bases/airbyte-python-lib'];
    expect(lib).toMatchObject({ name: 'airbyte-python-lib', projectType: 'library', tags: ['type:base-library', 'language:python'] });
    expect(Object.keys(lib.targets ?? {})).toEqual(['lint']);
    expect(projects['airbyte-integrations/bases/node-lib']).toMatchObject({ name: 'node-lib', tags: ['type:base-library', 'language:typescript'], targets: {} });
    // a folder with both a Dockerfile and a manifest is one base image project, made once
    const both = await infer(['airbyte-integrations/bases/base-python/Dockerfile', 'airbyte-integrations/bases/base-python/setup.py', 'airbyte-integrations/bases/base-python/pyproject.toml']);
    expect(Object.values(both).map((project) => project.tags)).toEqual([['type:base-image']]);
  });

  it('infers lint for Python connectors (a stdlib syntax check) and TypeScript ones with a tsconfig.json (tsc --noEmit), cached, with a description', async () => {
    const projects = await infer();
    const alpha = projects['airbyte-integrations/connectors/source-alpha'].targets?.['lint'];
    expect(alpha).toMatchObject({ command: expect.stringMatching(/^python3 \S+\/scripts\/python-lint\.py$/), options: { cwd: '{projectRoot}' }, cache: true, outputs: [] });
    expect(existsSync(join(workspaceRoot, 'airbyte-integrations/connectors/source-alpha', /python3 (\S+)/.exec(alpha?.command as string)![1]))).toBe(true);
    expect(alpha?.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*.py', '!{projectRoot}/secrets/**']));
    expect(alpha?.metadata?.description).toMatch(/syntax/);
    const beta = projects['airbyte-integrations/connectors/destination-beta'].targets?.['lint'];
    expect(beta).toMatchObject({ command: expect.stringMatching(/^node \S+\/scripts\/typescript-lint\.js$/), cache: true });
    expect(beta?.metadata?.description).toMatch(/tsc --noEmit -p tsconfig\.json/);
    // unit_tests/ is type-checked too: lint re-runs when a test file changes
    expect(beta?.inputs).toContain('{projectRoot}/**/*');
    expect(beta?.inputs).not.toContain('!{projectRoot}/unit_tests/**');
    // no tsconfig.json, or no language with a checker here: no lint
    expect(projects['airbyte-integrations/connectors/destination-epsilon'].targets?.['lint']).toBeUndefined();
    expect(projects['airbyte-integrations/connectors/source-gamma'].targets?.['lint']).toBeUndefined();
    expect(projects['airbyte-integrations/bases/base-python'].targets?.['lint']).toBeUndefined();
  });

  it('gives connectors build and integrationTest targets with descriptions', async () => {
    const alpha = (await infer())['airbyte-integrations/connectors/source-alpha'];
    expect(alpha.targets?.['build']?.executor).toBe('@nx-airbyte/nx-plugin:build');
    expect(alpha.targets?.['integrationTest']?.executor).toBe('@nx-airbyte/nx-plugin:integration-test');
    expect(alpha.targets?.['integrationTest']?.dependsOn).toEqual(['build']);
    for (const target of Object.values(alpha.targets ?? {})) expect(target.metadata?.description).toMatch(/\w+/);
  });

  it('adds a unit test target for a Python connector with unit_tests/ and makes build depend on it', async () => {
    const projects = await infer();
    const alpha = projects['airbyte-integrations/connectors/source-alpha'];
    const command = alpha.targets?.['test']?.command as string;
    // through the masker (secrets/ values out of the output Nx caches and of the results file)
    expect(command).toMatch(
      /^node \S+\/scripts\/masked-run\.js --results \.\.\/\.\.\/\.\.\/dist\/test-results\/source-alpha\/unit\.json -- python3 \S+\/scripts\/python-unittest\.py --start unit_tests --results \.\.\/\.\.\/\.\.\/dist\/test-results\/source-alpha\/unit\.json$/,
    );
    expect(alpha.targets?.['test']?.options).toEqual({ cwd: '{projectRoot}', env: { PYTHONPATH: '.' } });
    // the scripts are found from the project folder by a relative path (task hashes stay the same on every machine)
    for (const [, script] of command.matchAll(/(?:node|python3) (\S+)/g)) expect(existsSync(join(workspaceRoot, 'airbyte-integrations/connectors/source-alpha', script))).toBe(true);
    expect(alpha.targets?.['test']?.outputs).toEqual(['{workspaceRoot}/dist/test-results/source-alpha/unit.json']);
    expect(alpha.targets?.['build']?.dependsOn).toEqual(['^build', 'test']);
    expect(projects['airbyte-integrations/connectors/source-gamma'].targets?.['test']).toBeUndefined();
  });

  it('compiles and tests a TypeScript connector before its image build', async () => {
    const beta = (await infer())['airbyte-integrations/connectors/destination-beta'];
    expect(beta.tags).toEqual(expect.arrayContaining(['connector:destination', 'language:typescript']));
    expect(beta.targets?.['build']?.dependsOn).toEqual(['^build', 'test', 'compile']);
    expect(beta.targets?.['test']?.command).toMatch(/^node \S+\/scripts\/masked-run\.js --results \S+\/dist\/test-results\/destination-beta\/unit\.json -- node \S+\/scripts\/npm-test\.js \S+$/);
  });

  it('gives a TypeScript connector without a test script in package.json no test target (npm test would fail), and builds it all the same', async () => {
    const epsilon = (await infer())['airbyte-integrations/connectors/destination-epsilon'];
    expect(epsilon.targets?.['test']).toBeUndefined();
    expect(epsilon.targets?.['build']?.dependsOn).toEqual(['^build', 'compile']);
  });

  it('never lets secrets/ into a hash as a file input, and fingerprints it for integrationTest', async () => {
    const alpha = (await infer())['airbyte-integrations/connectors/source-alpha'];
    expect(alpha.targets?.['build']?.inputs).toContain('!{projectRoot}/secrets/**');
    const runtime = alpha.targets?.['integrationTest']?.inputs?.find((input) => typeof input === 'object' && 'runtime' in input);
    expect(runtime).toEqual({ runtime: expect.stringContaining('sha256sum') });
  });

  it('gives connectors a publish target after build and integrationTest, never cached', async () => {
    const alpha = (await infer())['airbyte-integrations/connectors/source-alpha'];
    expect(alpha.targets?.['publish']).toMatchObject({ executor: '@nx-airbyte/nx-plugin:publish', cache: false, dependsOn: ['build', 'integrationTest'] });
    expect(alpha.targets?.['publish']?.metadata?.description).toMatch(/never|refuse a version the registry has/);
    // explicit inputs: without them Nx would take the whole folder, secrets/ included (see the next test)
    expect(alpha.targets?.['publish']?.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*', '!{projectRoot}/secrets/**']));
    expect(alpha.targets?.['publish']?.outputs).toBeUndefined();
  });

  it('selects no file of secrets/ with the inputs or outputs of any target (Nx glob semantics: a file is in when a pattern takes it and no ! pattern leaves it out)', async () => {
    const projects = await infer();
    for (const [root, project] of Object.entries(projects)) {
      for (const [targetName, target] of Object.entries(project.targets ?? {})) {
        // no inputs means Nx's default: the named input "default" when nx.json has one, else every file of the folder
        const patterns = (target.inputs ?? ['{projectRoot}/**/*']).filter((input): input is string => typeof input === 'string' && !input.startsWith('^'));
        // a named input of the project itself would take every file of the folder, secrets/ included
        expect(patterns.filter((input) => !input.includes('{'))).toEqual([]);
        const expand = (pattern: string) => pattern.replace('{projectRoot}', root).replace('{workspaceRoot}/', '');
        for (const secret of [`${root}/secrets/config.json`, `${root}/secrets/nested/config_oauth.json`]) {
          const takes = patterns.filter((p) => !p.startsWith('!')).some((p) => minimatch(secret, expand(p), { dot: true }));
          const leavesOut = patterns.filter((p) => p.startsWith('!')).some((p) => minimatch(secret, expand(p.slice(1)), { dot: true }));
          expect({ target: `${project.name}:${targetName}`, secretSelected: takes && !leavesOut }).toEqual({ target: `${project.name}:${targetName}`, secretSelected: false });
          for (const output of target.outputs ?? []) expect(minimatch(secret, expand(output), { dot: true }) || secret.startsWith(`${expand(output)}/`)).toBe(false);
        }
      }
    }
  });

  it('caches the image metadata file as the build output', async () => {
    const base = (await infer())['airbyte-integrations/bases/base-python'];
    expect(base.targets?.['build']?.outputs).toEqual(['{workspaceRoot}/dist/{projectRoot}/image.json']);
    expect(base.targets?.['integrationTest']).toBeUndefined();
  });

  it('takes other folders and target names from its options', async () => {
    const projects = await infer(['elsewhere/connectors/source-x/Dockerfile'], { connectorsDir: 'elsewhere/connectors/', integrationTestTargetName: 'acceptance' });
    expect(Object.keys(projects['elsewhere/connectors/source-x'].targets ?? {})).toEqual(['build', 'acceptance', 'publish']);
  });

  it('refuses an option that is not a non-empty string, naming it', async () => {
    await expect(infer(dockerfiles, { connectorsDir: '' })).rejects.toThrow(/option 'connectorsDir' must be a non-empty string/);
  });

  it('is also exported as createNodesV2 for Nx 22', () => {
    expect(createNodesV2).toBe(createNodes);
  });
});

describe('secretsFingerprintCommand (the integrationTest runtime input for secrets/)', () => {
  let dir: string;
  const fingerprint = () => execSync(secretsFingerprintCommand('connector'), { cwd: dir, encoding: 'utf8', shell: '/bin/sh' }).trim();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-airbyte-fingerprint-'));
    mkdirSync(join(dir, 'connector'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the same without secrets/ and with only its README (a fresh clone and a generated connector agree)', () => {
    const without = fingerprint();
    mkdirSync(join(dir, 'connector/secrets'));
    writeFileSync(join(dir, 'connector/secrets/README.md'), 'how to add credentials\n');
    expect(fingerprint()).toBe(without);
    expect(without).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with a secret file and with its content, and never prints the content', () => {
    const none = fingerprint();
    mkdirSync(join(dir, 'connector/secrets'));
    writeFileSync(join(dir, 'connector/secrets/config.json'), '{"api_key":"canary-fingerprint-1"}');
    const one = fingerprint();
    writeFileSync(join(dir, 'connector/secrets/config.json'), '{"api_key":"canary-fingerprint-2"}');
    const two = fingerprint();
    expect(new Set([none, one, two]).size).toBe(3);
    expect(`${one}${two}`).not.toContain('canary');
  });
});
