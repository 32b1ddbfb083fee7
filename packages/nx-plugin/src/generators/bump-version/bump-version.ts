import { logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { gt, inc, valid } from 'semver';
import { pluginConnectorsDir, trimSlashes } from '../connector/connector';
import { DEFAULT_DEFINITIONS_DIR } from '../connector/definitions';
import { assertReleaseConsistent, readConnectorRelease, ReleaseFileError, type ConnectorRelease } from '../../release/connector-release';
import { addChangelogRow, setDockerfileVersion, setMetadataImageTag, setSeedImageTag, setStandardDefinitionImageTag } from '../../release/version-edits';
import { treeFiles } from '../../release/workspace-files';
import type { BumpVersionGeneratorSchema } from './schema';

const INCREMENTS = ['major', 'minor', 'patch'] as const;
const CONNECTOR_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** A refusal: nothing was written, and the message says which file or option is at fault and why. */
export class BumpVersionError extends Error {
  override readonly name = 'BumpVersionError';
}

export interface BumpPlan {
  release: ConnectorRelease;
  from: string;
  to: string;
  /** Workspace-relative path to new text, in the order they are reported. */
  writes: Array<{ path: string; text: string }>;
  /** What the run did not do and why (no docs page, no changelog entry given). */
  notes: string[];
}

/**
 * `nx g bump-version <connector> --bump=<major|minor|patch|x.y.z>`: the version in every release file.
 * Every file is read and every edit made in memory first, so a refusal changes nothing.
 */
export default async function bumpVersionGenerator(tree: Tree, schema: BumpVersionGeneratorSchema): Promise<GeneratorCallback> {
  const plan = planBump(tree, schema);
  for (const write of plan.writes) tree.write(write.path, write.text);
  return () => logger.info(bumpSummary(plan));
}

export function planBump(tree: Tree, schema: BumpVersionGeneratorSchema, today: Date = new Date()): BumpPlan {
  const project = typeof schema.project === 'string' ? schema.project.trim() : '';
  if (!CONNECTOR_NAME.test(project)) throw new BumpVersionError(`Cannot bump ${JSON.stringify(schema.project)}: --project must be a connector's project name, such as source-faker.`);
  const projectRoot = `${trimSlashes(schema.connectorsDir ?? pluginConnectorsDir(tree))}/${project}`;
  if (!tree.exists(`${projectRoot}/Dockerfile`)) {
    throw new BumpVersionError(`Cannot bump ${project}: there is no connector at ${projectRoot} (no Dockerfile). Check the name (npx nx show projects), or pass --connectorsDir.`);
  }
  const fail = (error: unknown): never => {
    if (error instanceof ReleaseFileError) throw new BumpVersionError(`Cannot bump ${project}: ${error.message}`);
    throw error;
  };
  let release: ConnectorRelease;
  try {
    release = readConnectorRelease(treeFiles(tree), { projectRoot, definitionsDir: trimSlashes(schema.definitionsDir ?? DEFAULT_DEFINITIONS_DIR), docsPage: schema.docsPage });
    assertReleaseConsistent(release);
  } catch (error) {
    return fail(error);
  }
  const to = nextVersion(project, release, schema.bump);
  const notes: string[] = [];
  const writes: BumpPlan['writes'] = [];
  try {
    writes.push({ path: release.dockerfile.path, text: setDockerfileVersion(release.dockerfile.path, release.dockerfile.text, to) });
    writes.push({ path: release.seed.path, text: setSeedImageTag(release.seed.path, release.seed.text, release.name, to) });
    writes.push({ path: release.standardDefinition.path, text: setStandardDefinitionImageTag(release.standardDefinition.json, to) });
    if (release.metadata) writes.push({ path: release.metadata.path, text: setMetadataImageTag(release.metadata.path, release.metadata.text, to) });
    if (release.docsPage) {
      const entry = schema.changelog?.trim() || 'TODO: what changed';
      writes.push({ path: release.docsPage.path, text: addChangelogRow(release.docsPage.path, release.docsPage.text, { version: to, date: today.toISOString().slice(0, 10), entry }) });
      if (!schema.changelog?.trim()) notes.push(`The changelog row in ${release.docsPage.path} says TODO: describe the change there (or pass --changelog next time).`);
    } else if (schema.changelog?.trim()) {
      throw new ReleaseFileError(release.docsPageCandidates.join(' or '), undefined, 'no docs page to write the --changelog entry to: create it (with a "## Changelog" table), or pass --docsPage');
    } else {
      notes.push(`No docs page (looked for ${release.docsPageCandidates.join(', ')}): no changelog row was added.`);
    }
  } catch (error) {
    return fail(error);
  }
  return { release, from: release.version, to, writes, notes };
}

function nextVersion(project: string, release: ConnectorRelease, bump: string | undefined): string {
  const current = release.version;
  const requested = typeof bump === 'string' ? bump.trim() : '';
  if ((INCREMENTS as readonly string[]).includes(requested)) return inc(current, requested as (typeof INCREMENTS)[number]) as string;
  if (requested === '') throw new BumpVersionError(`Cannot bump ${project}: --bump is required: major, minor, patch or a version x.y.z.`);
  if (requested.includes('+')) throw new BumpVersionError(`Cannot bump ${project}: --bump ${requested} has a +build part, which a Docker tag cannot hold.`);
  if (valid(requested) !== requested) {
    throw new BumpVersionError(`Cannot bump ${project}: --bump ${JSON.stringify(requested)} is neither major, minor, patch nor a version x.y.z (semver, e.g. 1.2.0).`);
  }
  if (!gt(requested, current)) {
    throw new BumpVersionError(`Cannot bump ${project}: ${requested} is not greater than the current version ${current} (${release.dockerfile.path}). A published version is never replaced: choose a greater one.`);
  }
  return requested;
}

export function bumpSummary(plan: BumpPlan): string {
  return [
    '',
    `Bumped ${plan.release.projectName} from ${plan.from} to ${plan.to}:`,
    ...plan.writes.map((write) => `  ${write.path}`),
    ...plan.notes.map((note) => `Note: ${note}`),
    '',
    `Next: commit, then publish it: npx nx run ${plan.release.projectName}:publish --registry=<registry> (docs/publishing.md).`,
  ].join('\n');
}
