import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { CreateDependencies, CreateDependenciesContext, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import { DockerfileSyntaxError } from '@nx-airbyte/docker';
import { dockerfileFacts } from './dockerfile-facts';
import { normalizePluginOptions, type AirbytePluginOptions, type NormalizedPluginOptions } from './options';
import { PLUGIN_NAME, projectKind } from './nodes';

/** The npm package whose acceptance suite every connector's integrationTest runs. */
export const ACCEPTANCE_PACKAGE = '@nx-airbyte/acceptance';

// DependencyType's values. Loading @nx/devkit at runtime would add ~0.2 s to the start of the plugin worker.
const STATIC = 'static' as DependencyType.static;
const IMPLICIT = 'implicit' as DependencyType.implicit;

interface ImageProject {
  name: string;
  root: string;
  dockerfile: string;
}

/**
 * Graph edges of connectors and base images:
 * - a project depends on the base-image project its Dockerfile FROMs (static, sourceFile = the Dockerfile);
 * - a connector depends on local packages it installs: Python path requirements, npm workspace packages;
 * - a connector depends on the acceptance package when it is a project of this workspace (its integrationTest runs it),
 *   and on this plugin when it is one (its targets run the plugin's executors and scripts: nx-airbyte-ts, the unit test runners).
 */
export const createDependencies: CreateDependencies<AirbytePluginOptions> = (rawOptions, context) => {
  const options = normalizePluginOptions(rawOptions);
  const files = new ProjectFiles(context);
  const imageProjects = findImageProjects(context, options, files);
  const projectByImage = new Map<string, string>();
  const dependencies: RawProjectGraphDependency[] = [];
  const parsed = new Map<string, string[]>();

  for (const project of imageProjects) {
    const dockerfile = readDockerfile(project, files);
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
        dependencies.push({ source: project.name, target, sourceFile: project.dockerfile, type: STATIC });
      }
    }
  }

  const projectByRoot = new Map(Object.entries(context.projects).map(([name, config]) => [config.root, name]));
  const projectByPackage = packageNames(context, files);
  const acceptanceProject = projectByPackage.get(ACCEPTANCE_PACKAGE);
  const pluginProject = projectByPackage.get(PLUGIN_NAME);
  for (const project of imageProjects) {
    if (projectKind(project.root, options) !== 'connector') continue;
    dependencies.push(...pythonPathDependencies(project, projectByRoot, context.workspaceRoot, files));
    dependencies.push(...npmDependencies(project, projectByPackage, files));
    if (acceptanceProject) dependencies.push({ source: project.name, target: acceptanceProject, type: IMPLICIT });
    if (pluginProject) dependencies.push({ source: project.name, target: pluginProject, type: IMPLICIT });
  }
  return dependencies;
};

/**
 * Which files a project has and what they hold. Nx's file map answers "is there a ...?" without a
 * system call (500 connectors: ~2,000 calls fewer); a project the map does not list is looked up on disk.
 * Each file is read at most once.
 */
class ProjectFiles {
  private readonly listed = new Map<string, Set<string>>();
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly context: CreateDependenciesContext) {
    for (const [name, files] of Object.entries(context.fileMap?.projectFileMap ?? {})) {
      this.listed.set(name, new Set(files.map((file) => file.file)));
    }
  }

  has(project: string, file: string): boolean {
    const listed = this.listed.get(project);
    return listed ? listed.has(file) : existsSync(join(this.context.workspaceRoot, file));
  }

  /** The text of a workspace file of `project`, undefined when it has no such file. */
  read(project: string, file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, this.has(project, file) ? readFileSync(join(this.context.workspaceRoot, file), 'utf8') : undefined);
    return this.texts.get(file);
  }
}

function findImageProjects(context: CreateDependenciesContext, options: NormalizedPluginOptions, files: ProjectFiles): ImageProject[] {
  const projects: ImageProject[] = [];
  for (const [name, config] of Object.entries(context.projects)) {
    if (!projectKind(config.root, options)) continue;
    const dockerfile = posix.join(config.root, 'Dockerfile');
    if (files.has(name, dockerfile)) projects.push({ name, root: config.root, dockerfile });
  }
  return projects;
}

function readDockerfile(project: ImageProject, files: ProjectFiles) {
  try {
    return dockerfileFacts(project.dockerfile, files.read(project.name, project.dockerfile) ?? '');
  } catch (error) {
    // one broken Dockerfile must not take the whole graph down: its project just gets no image edges
    if (!(error instanceof DockerfileSyntaxError)) throw error;
    warn(`nx-airbyte: ${error.message}`);
    return undefined;
  }
}

/** Nx's logger, loaded only when there is something to say (see STATIC). */
function warn(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('@nx/devkit') as typeof import('@nx/devkit')).logger.warn(message);
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

function pythonPathDependencies(project: ImageProject, projectByRoot: Map<string, string>, workspaceRoot: string, files: ProjectFiles): RawProjectGraphDependency[] {
  const requirementsFile = posix.join(project.root, 'requirements.txt');
  const text = files.read(project.name, requirementsFile);
  if (text === undefined) return [];
  const dependencies: RawProjectGraphDependency[] = [];
  for (const path of pythonPathRequirements(text)) {
    const root = path.startsWith('/') ? posix.relative(workspaceRoot, path) : posix.normalize(posix.join(project.root, path));
    const target = projectByRoot.get(root);
    if (target && target !== project.name) dependencies.push({ source: project.name, target, sourceFile: requirementsFile, type: STATIC });
  }
  return dependencies;
}

function packageNames(context: CreateDependenciesContext, files: ProjectFiles): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, config] of Object.entries(context.projects)) {
    const text = files.read(name, posix.join(config.root, 'package.json'));
    if (text === undefined) continue;
    try {
      const packageName = (JSON.parse(text) as { name?: unknown }).name;
      if (typeof packageName === 'string') names.set(packageName, name);
    } catch {
      // an unreadable package.json is reported by Nx's own package.json plugin
    }
  }
  return names;
}

function npmDependencies(project: ImageProject, projectByPackage: Map<string, string>, files: ProjectFiles): RawProjectGraphDependency[] {
  const manifestFile = posix.join(project.root, 'package.json');
  const text = files.read(project.name, manifestFile);
  if (text === undefined) return [];
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    warn(`nx-airbyte: ${manifestFile} is not valid JSON (${(error as Error).message}); its npm dependencies are not in the graph`);
    return [];
  }
  const dependencies: RawProjectGraphDependency[] = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const entries = manifest[field];
    if (!entries || typeof entries !== 'object') continue;
    for (const packageName of Object.keys(entries)) {
      const target = projectByPackage.get(packageName);
      if (target && target !== project.name) dependencies.push({ source: project.name, target, sourceFile: manifestFile, type: STATIC });
    }
  }
  return dependencies;
}
