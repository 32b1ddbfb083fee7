import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { CreateNodes, CreateNodesResult, ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { parseInBackground } from './dockerfile-facts';
import { normalizePluginOptions, type AirbytePluginOptions, type NormalizedPluginOptions } from './options';

export type ConnectorLanguage = 'python' | 'typescript' | 'java' | 'generic';

/** What a folder with a Dockerfile is, by where it stands. */
export type ProjectKind = 'connector' | 'base';

/** The files that make a folder under basesDir a project without a Dockerfile: a library connectors install. */
export const LIBRARY_MANIFESTS = ['setup.py', 'pyproject.toml', 'package.json'];

export const PLUGIN_NAME = '@nx-airbyte/nx-plugin';
export const IMAGE_METADATA_FILE = 'image.json';

/**
 * Infers a project for every `<connectorsDir>/<name>/Dockerfile` and `<basesDir>/<name>/Dockerfile`, and
 * for every library under basesDir (`<basesDir>/<name>/` with setup.py, pyproject.toml or package.json
 * and no Dockerfile: no image to build, but connectors that install it depend on it).
 * Reads nothing but one directory listing per connector (and a TypeScript connector's package.json),
 * so the graph of 500 connectors costs what 500 project.json files do.
 */
export const createNodes: CreateNodes<AirbytePluginOptions> = [
  `**/{Dockerfile,${LIBRARY_MANIFESTS.join(',')}}`,
  (files, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const results: Array<readonly [string, CreateNodesResult]> = [];
    const dockerfiles: string[] = [];
    const withDockerfile = new Set(files.filter((file) => basename(file) === 'Dockerfile').map((file) => dirname(file)));
    const libraries = new Set<string>();
    for (const file of files) {
      const root = dirname(file);
      const kind = projectKind(root, options);
      if (!kind) continue;
      if (basename(file) === 'Dockerfile') {
        const project = kind === 'connector' ? connectorProject(root, options, context.workspaceRoot) : baseProject(root, options);
        results.push([file, { projects: { [root]: project } }]);
        dockerfiles.push(file);
      } else if (kind === 'base' && !withDockerfile.has(root) && !libraries.has(root)) {
        libraries.add(root);
        results.push([file, { projects: { [root]: libraryProject(root, context.workspaceRoot) } }]);
      }
    }
    // createDependencies needs every one of these Dockerfiles parsed: start while Nx merges the projects
    parseInBackground(context.workspaceRoot, dockerfiles);
    return results;
  },
];

/** Nx 22 called the batch API createNodesV2. */
export const createNodesV2 = createNodes;

export function projectKind(root: string, options: NormalizedPluginOptions): ProjectKind | undefined {
  const parent = dirname(root);
  if (parent === options.connectorsDir) return 'connector';
  if (parent === options.basesDir) return 'base';
  return undefined;
}

export function detectLanguage(absoluteRoot: string, names: ReadonlySet<string> = folderNames(absoluteRoot)): ConnectorLanguage {
  const has = (file: string) => names.has(file);
  if (has('package.json')) return 'typescript';
  if (has('build.gradle') || has('build.gradle.kts') || has('pom.xml')) return 'java';
  if (has('main.py') || has('setup.py') || has('pyproject.toml') || has('requirements.txt')) return 'python';
  return 'generic';
}

/** The names in a folder: one system call answers every "is there a ...?" question about it. */
function folderNames(absoluteRoot: string): Set<string> {
  try {
    return new Set(readdirSync(absoluteRoot));
  } catch {
    return new Set();
  }
}

/** Files of a connector that go into its image, for the build hash: not its tests' inputs, never its secrets. */
const IMAGE_INPUTS = [
  '{projectRoot}/**/*',
  '!{projectRoot}/secrets/**',
  '!{projectRoot}/acceptance-test-config.yml',
  '!{projectRoot}/integration_tests/**',
  '!{projectRoot}/unit_tests/**',
  '!{projectRoot}/**/*.md',
];

function connectorProject(root: string, options: NormalizedPluginOptions, workspaceRoot: string): Omit<ProjectConfiguration, 'root'> {
  const name = basename(root);
  const names = folderNames(join(workspaceRoot, root));
  const language = detectLanguage(join(workspaceRoot, root), names);
  const connectorType = name.startsWith('destination-') ? 'destination' : 'source';
  const targets: Record<string, TargetConfiguration> = {};
  const buildDependsOn = ['^build'];

  const unitTests = unitTestTarget(language, names, root, workspaceRoot);
  if (unitTests) {
    targets['test'] = unitTests;
    buildDependsOn.push('test');
  }
  const lint = lintTarget(language, names, root, workspaceRoot);
  if (lint) targets['lint'] = lint;
  if (language === 'typescript') {
    targets['compile'] = {
      command: 'npm run build',
      options: { cwd: '{projectRoot}' },
      cache: true,
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', '!{projectRoot}/dist/**', '!{projectRoot}/**/*.md', '!{projectRoot}/integration_tests/**', '!{projectRoot}/acceptance-test-config.yml', '^default'],
      outputs: ['{projectRoot}/dist'],
      metadata: { description: 'Compile the connector on the host (its dist/ is copied into the image).' },
    };
    buildDependsOn.push('compile');
  }

  targets[options.buildTargetName] = {
    executor: `${PLUGIN_NAME}:build`,
    cache: true,
    dependsOn: buildDependsOn,
    inputs: [...IMAGE_INPUTS, { dependentTasksOutputFiles: `**/${IMAGE_METADATA_FILE}`, transitive: true }],
    outputs: [`{workspaceRoot}/dist/{projectRoot}/${IMAGE_METADATA_FILE}`],
    metadata: {
      description: `Build the Docker image of ${name} (tag :dev), after its unit tests. Skips the Docker build when an image with the same input hash exists.`,
      technologies: ['docker'],
    },
  };

  targets[options.integrationTestTargetName] = {
    executor: `${PLUGIN_NAME}:integration-test`,
    cache: true,
    dependsOn: [options.buildTargetName],
    inputs: [
      '{projectRoot}/acceptance-test-config.yml',
      '{projectRoot}/integration_tests/**/*',
      { dependentTasksOutputFiles: `**/${IMAGE_METADATA_FILE}` },
      { runtime: secretsFingerprintCommand(root) },
      '^default',
    ],
    outputs: ['{workspaceRoot}/dist/{projectRoot}/acceptance'],
    metadata: {
      description: `Run the connector acceptance suite (acceptance-test-config.yml) against the image of ${name}; JUnit XML and JSON reports in dist/${root}/acceptance/.`,
      technologies: ['docker'],
    },
  };

  targets[options.publishTargetName] = {
    executor: `${PLUGIN_NAME}:publish`,
    cache: false,
    dependsOn: [options.buildTargetName, options.integrationTestTargetName],
    // never cached, but its inputs still make its hash and what `nx affected` reads: without them Nx takes every file of the folder, secrets/ too
    inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', { dependentTasksOutputFiles: `**/${IMAGE_METADATA_FILE}` }, { env: 'NX_AIRBYTE_REGISTRY' }],
    metadata: {
      description: `Publish the image of ${name}, after build and integrationTest: check that the Dockerfile label, definitions entry and JSON definition agree, run spec, refuse a version the registry has, push <io.airbyte.name>:<version> and :latest (--registry or NX_AIRBYTE_REGISTRY; account from NX_AIRBYTE_REGISTRY_USER/PASSWORD), pull it back and run spec, update seed/${connectorType}_specs.yaml. --dry-run pushes nothing.`,
      technologies: ['docker'],
    },
  };

  return {
    name,
    projectType: 'application',
    sourceRoot: root,
    tags: ['type:connector', `connector:${connectorType}`, `language:${language}`],
    targets,
  };
}

/** Where a connector's unit test results go, for the workspace's test summary (Jest's --json shape). */
export function unitTestResultsFile(projectName: string): string {
  return `dist/test-results/${projectName}/unit.json`;
}

/** How a command run in the project folder names a script of this plugin and a workspace path (relative: the same on every machine). */
function projectPaths(root: string, workspaceRoot: string): { toWorkspace: string; script: (name: string) => string } {
  // commands run in the project folder; Nx takes {workspaceRoot} only at the start of an option, so
  // paths are relative to the project (and so the same on every machine, unlike absolute ones)
  const projectDir = join(workspaceRoot, root);
  return {
    toWorkspace: relative(projectDir, workspaceRoot).split(sep).join('/') || '.',
    script: (name: string) => relative(projectDir, join(__dirname, '../../scripts', name)).split(sep).join('/'),
  };
}

/** A test script in the connector's package.json: without one `npm test` fails, and a connector without unit tests is no error. */
function hasNpmTestScript(absoluteRoot: string): boolean {
  let manifest: { scripts?: Record<string, unknown> };
  try {
    manifest = JSON.parse(readFileSync(join(absoluteRoot, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    return true; // unreadable: keep the target, whose npm test then says what is wrong with the file
  }
  return typeof manifest?.scripts?.['test'] === 'string';
}

function unitTestTarget(language: ConnectorLanguage, names: ReadonlySet<string>, root: string, workspaceRoot: string): TargetConfiguration | undefined {
  const { toWorkspace, script } = projectPaths(root, workspaceRoot);
  const results = `${toWorkspace}/${unitTestResultsFile(basename(root))}`;
  // tests may print what secrets/ holds: their output (cached by Nx) and results file go through the plugin's masker
  const masked = (command: string) => `node ${script('masked-run.js')} --results ${results} -- ${command}`;
  if (language === 'python' && names.has('unit_tests')) {
    return {
      command: masked(`python3 ${script('python-unittest.py')} --start unit_tests --results ${results}`),
      options: { cwd: '{projectRoot}', env: { PYTHONPATH: '.' } },
      cache: true,
      inputs: ['{projectRoot}/**/*.py', '{projectRoot}/**/*.json', '!{projectRoot}/secrets/**'],
      outputs: [`{workspaceRoot}/${unitTestResultsFile(basename(root))}`],
      metadata: {
        description: 'Run the connector unit tests in unit_tests/: with pytest when python3 imports it, else unittest discovery plus plain test_* functions (standard library); test files without a test that ran fail the target. Output and results (dist/test-results/) are masked with the values of secrets/.',
      },
    };
  }
  if (language === 'typescript' && hasNpmTestScript(join(workspaceRoot, root))) {
    return {
      command: masked(`node ${script('npm-test.js')} ${results}`),
      options: { cwd: '{projectRoot}' },
      cache: true,
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', '!{projectRoot}/dist/**', '^default'],
      outputs: [`{workspaceRoot}/${unitTestResultsFile(basename(root))}`],
      metadata: { description: 'Run the connector unit tests (npm test; a jest run also writes its results in dist/test-results/); output and results are masked with the values of secrets/.' },
    };
  }
  return undefined;
}

/** Static checks with tools every machine has: Python's own compiler, the connector's own TypeScript (and eslint when it has a config). */
function lintTarget(language: ConnectorLanguage, names: ReadonlySet<string>, root: string, workspaceRoot: string): TargetConfiguration | undefined {
  const { script } = projectPaths(root, workspaceRoot);
  if (language === 'python') {
    return {
      command: `python3 ${script('python-lint.py')}`,
      options: { cwd: '{projectRoot}' },
      cache: true,
      // ^default: the projects it depends on, this plugin (whose script it runs) among them
      inputs: ['{projectRoot}/**/*.py', '!{projectRoot}/secrets/**', '^default'],
      outputs: [],
      metadata: { description: 'Compile every .py file of the folder with python3 (syntax errors as file:line:column; a syntax check, not pyflakes or flake8).' },
    };
  }
  if (language === 'typescript' && names.has('tsconfig.json')) {
    return {
      command: `node ${script('typescript-lint.js')}`,
      options: { cwd: '{projectRoot}' },
      cache: true,
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', '!{projectRoot}/dist/**', '!{projectRoot}/**/*.md', '!{projectRoot}/integration_tests/**', '!{projectRoot}/acceptance-test-config.yml', '^default'],
      outputs: [],
      metadata: { description: "Type-check the connector with its own TypeScript (tsc --noEmit -p tsconfig.json: the files its tsconfig includes, unit_tests/ too), then its own eslint when the folder has an eslint config." },
    };
  }
  return undefined;
}

function baseProject(root: string, options: NormalizedPluginOptions): Omit<ProjectConfiguration, 'root'> {
  const name = basename(root);
  return {
    name,
    projectType: 'library',
    sourceRoot: root,
    tags: ['type:base-image'],
    targets: {
      [options.buildTargetName]: {
        executor: `${PLUGIN_NAME}:build`,
        cache: true,
        dependsOn: ['^build'],
        inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', '!{projectRoot}/**/*.md', { dependentTasksOutputFiles: `**/${IMAGE_METADATA_FILE}`, transitive: true }],
        outputs: [`{workspaceRoot}/dist/{projectRoot}/${IMAGE_METADATA_FILE}`],
        metadata: {
          description: `Build the base image ${name} (tag :dev); every connector whose Dockerfile FROMs it depends on it.`,
          technologies: ['docker'],
        },
      },
    },
  };
}

/** A folder under basesDir without a Dockerfile: a library connectors install by path or as a workspace package. */
function libraryProject(root: string, workspaceRoot: string): Omit<ProjectConfiguration, 'root'> {
  const names = folderNames(join(workspaceRoot, root));
  const language = detectLanguage(join(workspaceRoot, root), names);
  const lint = lintTarget(language, names, root, workspaceRoot);
  return {
    name: basename(root),
    projectType: 'library',
    sourceRoot: root,
    tags: ['type:base-library', `language:${language}`],
    targets: lint ? { lint } : {},
  };
}

/**
 * A runtime input that changes when the files in secrets/ change, without their content reaching Nx:
 * only a digest of digests is printed.
 */
export function secretsFingerprintCommand(root: string): string {
  // secrets/README.md is the generator's instructions, not a secret: a checkout without secrets/ and one with only it agree
  return `cd '${root}' && { if [ -d secrets ]; then find secrets -type f ! -name README.md | LC_ALL=C sort | xargs -r sha256sum; fi; } | sha256sum | cut -c1-16`;
}
