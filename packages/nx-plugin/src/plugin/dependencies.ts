import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DependencyType, logger, type CreateDependencies, type CreateDependenciesContext, type RawProjectGraphDependency } from '@nx/devkit';
import { DockerfileSyntaxError, parseDockerfile } from '@nx-airbyte/docker';
import { normalizePluginOptions, type AirbytePluginOptions, type NormalizedPluginOptions } from './options';
import { projectKind } from './nodes';

/** The npm package whose acceptance suite every connector's integrationTest runs. */
export const ACCEPTANCE_PACKAGE = '@nx-airbyte/acceptance';

interface ImageProject {
  name: string;
  root: string;
  dockerfile: string;
}

/**
 * Graph edges of connectors and base images:
 * - a project depends on the base-image project its Dockerfile FROMs (static, sourceFile = the Dockerfile);
 * - a connector depends on local packages it installs: Python path requirements, npm workspace packages;
 * - a connector depends on the acceptance package when it is a project of this workspace (its integrationTest runs it).
 */
export const createDependencies: CreateDependencies<AirbytePluginOptions> = (rawOptions, context) => {
  const options = normalizePluginOptions(rawOptions);
  const imageProjects = findImageProjects(context, options);
  const projectByImage = new Map<string, string>();
  const dependencies: RawProjectGraphDependency[] = [];
  const parsed = new Map<string, string[]>();

  for (const project of imageProjects) {
    const dockerfile = readDockerfile(context.workspaceRoot, project.dockerfile);
    if (!dockerfile) continue;
    parsed.set(project.name, dockerfile.baseImages);
    if (projectKind(project.root, options) === 'base') {
      projectByImage.set(dockerfile.airbyteName ?? `airbyte/${project.name}`, project.name);
    }
  }

  for (const project of imageProjects) {
    for (const image of parsed.get(project.name) ?? []) {
      const target = projectByImage.get(imageRepository(image));
      if (target && target !== project.name) {
        dependencies.push({ source: project.name, target, sourceFile: project.dockerfile, type: DependencyType.static });
      }
    }
  }

  const projectByRoot = new Map(Object.entries(context.projects).map(([name, config]) => [config.root, name]));
  const projectByPackage = packageNames(context);
  const acceptanceProject = projectByPackage.get(ACCEPTANCE_PACKAGE);
  for (const project of imageProjects) {
    if (projectKind(project.root, options) !== 'connector') continue;
    dependencies.push(...pythonPathDependencies(project, projectByRoot, context.workspaceRoot));
    dependencies.push(...npmDependencies(project, projectByPackage, context.workspaceRoot));
    if (acceptanceProject) dependencies.push({ source: project.name, target: acceptanceProject, type: DependencyType.implicit });
  }
  return dependencies;
};

function findImageProjects(context: CreateDependenciesContext, options: NormalizedPluginOptions): ImageProject[] {
  const projects: ImageProject[] = [];
  for (const [name, config] of Object.entries(context.projects)) {
    if (!projectKind(config.root, options)) continue;
    const dockerfile = posix.join(config.root, 'Dockerfile');
    if (existsSync(join(context.workspaceRoot, dockerfile))) projects.push({ name, root: config.root, dockerfile });
  }
  return projects;
}

function readDockerfile(workspaceRoot: string, file: string) {
  try {
    return parseDockerfile(readFileSync(join(workspaceRoot, file), 'utf8'), { file });
  } catch (error) {
    // one broken Dockerfile must not take the whole graph down: its project just gets no image edges
    if (!(error instanceof DockerfileSyntaxError)) throw error;
    logger.warn(`nx-airbyte: ${error.message}`);
    return undefined;
  }
}

/** `airbyte/base-python:dev` and `airbyte/base-python@sha256:…` both name the repository `airbyte/base-python`. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/** `-e ../../bases/x`, `../../bases/x`, `file:../../bases/x` and `name @ file:///…` lines of requirements.txt. */
export function pythonPathRequirements(text: string): string[] {
  const paths: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (!line) continue;
    const match = /^(?:-e\s+|--editable\s+)?(?:[\w.-]+\s*@\s*)?(?:file:(?:\/\/)?)?(\.{1,2}\/\S*|\/\S+)$/.exec(line);
    if (match) paths.push(match[1].replace(/\[.*\]$/, ''));
  }
  return paths;
}

function pythonPathDependencies(project: ImageProject, projectByRoot: Map<string, string>, workspaceRoot: string): RawProjectGraphDependency[] {
  const requirementsFile = posix.join(project.root, 'requirements.txt');
  const absolute = join(workspaceRoot, requirementsFile);
  if (!existsSync(absolute)) return [];
  const dependencies: RawProjectGraphDependency[] = [];
  for (const path of pythonPathRequirements(readFileSync(absolute, 'utf8'))) {
    const root = path.startsWith('/') ? posix.relative(workspaceRoot, path) : posix.normalize(posix.join(project.root, path));
    const target = projectByRoot.get(root);
    if (target && target !== project.name) dependencies.push({ source: project.name, target, sourceFile: requirementsFile, type: DependencyType.static });
  }
  return dependencies;
}

function packageNames(context: CreateDependenciesContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, config] of Object.entries(context.projects)) {
    const file = join(context.workspaceRoot, config.root, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const packageName = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
      if (typeof packageName === 'string') names.set(packageName, name);
    } catch {
      // an unreadable package.json is reported by Nx's own package.json plugin
    }
  }
  return names;
}

function npmDependencies(project: ImageProject, projectByPackage: Map<string, string>, workspaceRoot: string): RawProjectGraphDependency[] {
  const manifestFile = posix.join(project.root, 'package.json');
  const absolute = join(workspaceRoot, manifestFile);
  if (!existsSync(absolute)) return [];
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(absolute, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    logger.warn(`nx-airbyte: ${manifestFile} is not valid JSON (${(error as Error).message}); its npm dependencies are not in the graph`);
    return [];
  }
  const dependencies: RawProjectGraphDependency[] = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const entries = manifest[field];
    if (!entries || typeof entries !== 'object') continue;
    for (const packageName of Object.keys(entries)) {
      const target = projectByPackage.get(packageName);
      if (target && target !== project.name) dependencies.push({ source: project.name, target, sourceFile: manifestFile, type: DependencyType.static });
    }
  }
  return dependencies;
}
