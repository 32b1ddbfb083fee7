import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { CreateNodes, CreateNodesResult, ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { parseInBackground } from './dockerfile-facts';
import { normalizePluginOptions, type AirbytePluginOptions, type NormalizedPluginOptions } from './options';

export type ConnectorLanguage = 'python' | 'typescript' | 'java' | 'generic';

/** What a folder with a Dockerfile is, by where it stands. */
export type ProjectKind = 'connector' | 'base';

export const PLUGIN_NAME = '@nx-airbyte/nx-plugin';
export const IMAGE_METADATA_FILE = 'image.json';

/**
 * Infers a project for every `<connectorsDir>/<name>/Dockerfile` and `<basesDir>/<name>/Dockerfile`.
 * Reads nothing but one directory listing per connector, so the graph of 500 connectors costs what
 * 500 project.json files do.
 */
export const createNodes: CreateNodes<AirbytePluginOptions> = [
  '**/Dockerfile',
  (dockerfiles, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const results: Array<readonly [string, CreateNodesResult]> = [];
    for (const dockerfile of dockerfiles) {
      const root = dirname(dockerfile);
      const kind = projectKind(root, options);
      if (!kind) continue;
      const project = kind === 'connector' ? connectorProject(root, options, context.workspaceRoot) : baseProject(root, options);
      results.push([dockerfile, { projects: { [root]: project } }]);
    }
    // createDependencies needs every one of these Dockerfiles parsed: start while Nx merges the projects
    parseInBackground(context.workspaceRoot, results.map(([dockerfile]) => dockerfile));
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

function unitTestTarget(language: ConnectorLanguage, names: ReadonlySet<string>, root: string, workspaceRoot: string): TargetConfiguration | undefined {
  // commands run in the project folder; Nx takes {workspaceRoot} only at the start of an option, so
  // paths are relative to the project (and so the same on every machine, unlike absolute ones)
  const toWorkspace = relative(join(workspaceRoot, root), workspaceRoot).split(sep).join('/') || '.';
  const results = unitTestResultsFile(basename(root));
  const script = (name: string) => relative(join(workspaceRoot, root), join(__dirname, '../../scripts', name)).split(sep).join('/');
  if (language === 'python' && names.has('unit_tests')) {
    return {
      command: `PYTHONPATH=. python3 ${script('python-unittest.py')} --start unit_tests --results ${toWorkspace}/${results}`,
      options: { cwd: '{projectRoot}' },
      cache: true,
      inputs: ['{projectRoot}/**/*.py', '{projectRoot}/**/*.json', '!{projectRoot}/secrets/**'],
      outputs: [`{workspaceRoot}/${results}`],
      metadata: { description: 'Run the connector unit tests (unittest discovery in unit_tests/, as python3 -m unittest does); results in dist/test-results/.' },
    };
  }
  if (language === 'typescript') {
    return {
      command: `node ${script('npm-test.js')} ${toWorkspace}/${results}`,
      options: { cwd: '{projectRoot}' },
      cache: true,
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/secrets/**', '!{projectRoot}/dist/**', '^default'],
      outputs: [`{workspaceRoot}/${results}`],
      metadata: { description: 'Run the connector unit tests (npm test; a jest run also writes its results in dist/test-results/).' },
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

/**
 * A runtime input that changes when the files in secrets/ change, without their content reaching Nx:
 * only a digest of digests is printed.
 */
export function secretsFingerprintCommand(root: string): string {
  // secrets/README.md is the generator's instructions, not a secret: a checkout without secrets/ and one with only it agree
  return `cd '${root}' && { if [ -d secrets ]; then find secrets -type f ! -name README.md | LC_ALL=C sort | xargs -r sha256sum; fi; } | sha256sum | cut -c1-16`;
}
