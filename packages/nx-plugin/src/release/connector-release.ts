import * as path from 'node:path';
import { AIRBYTE_NAME_LABEL, AIRBYTE_VERSION_LABEL, DockerfileSyntaxError, parseDockerfile } from '@nx-airbyte/docker';
import { isMap, parseDocument } from 'yaml';
import { valid as validSemver } from 'semver';
import { DEFAULT_DOCS_DIR, DEFINITION_ID_KEYS, DefinitionsError, readEntries, seedFilePath, standardDefinitionPath, type DefinitionEntry } from '../generators/connector/definitions';
import type { ConnectorType } from '../generators/connector/templates';
import type { WorkspaceFiles } from './workspace-files';

/** Where a connector's release files are; every path relative to the workspace root. */
export interface ReleaseLayout {
  /** The connector folder, e.g. airbyte-integrations/connectors/source-x. */
  projectRoot: string;
  /** The folder holding seed/ and config/ (airbyte-config/init/src/main/resources). */
  definitionsDir: string;
  /** The docs page with the changelog; default: the first of `<docs>/integrations/<type>s/<name>.md` and `docs/connectors/<project>.md` that exists. */
  docsPage?: string;
  /** Default: Dockerfile. */
  dockerfile?: string;
}

export interface TextFile {
  path: string;
  text: string;
}

/** Every file that names a connector's version, read and cross-referenced. */
export interface ConnectorRelease {
  projectName: string;
  connectorType: ConnectorType;
  /** io.airbyte.name, e.g. airbyte/source-x. */
  name: string;
  /** io.airbyte.version: the version of record; every other file must agree with it. */
  version: string;
  dockerfile: TextFile;
  seed: TextFile & { entry: DefinitionEntry };
  standardDefinition: TextFile & { json: Record<string, unknown> };
  /** `<root>/metadata.yaml` when the connector has one (the 2023+ catalogue format). */
  metadata?: TextFile & { data: Record<string, unknown> };
  /** The docs page, when there is one. */
  docsPage?: TextFile;
  /** The docs pages looked for when there is none. */
  docsPageCandidates: string[];
}

/** A release file that is missing, unreadable or disagrees; `file` names it, `field` the key when one is at fault. */
export class ReleaseFileError extends Error {
  override readonly name = 'ReleaseFileError';

  constructor(
    readonly file: string,
    readonly field: string | undefined,
    problem: string,
  ) {
    super(`${file}${field ? ` (${field})` : ''}: ${problem}`);
  }
}

/** One way a release file disagrees with the Dockerfile or the seed entry. */
export interface ReleaseDisagreement {
  file: string;
  field: string;
  expected: unknown;
  actual: unknown;
  /** What the expected value comes from, e.g. "the Dockerfile's io.airbyte.version". */
  source: string;
}

export function connectorTypeOf(projectName: string): ConnectorType {
  return projectName.startsWith('destination-') ? 'destination' : 'source';
}

/**
 * Reads the Dockerfile labels, the connector's seed entry (found by dockerRepository), its
 * STANDARD_*_DEFINITION JSON, metadata.yaml and docs page. Throws ReleaseFileError naming the file when
 * one that must exist does not, does not parse, or has no entry for the connector.
 */
export function readConnectorRelease(files: WorkspaceFiles, layout: ReleaseLayout): ConnectorRelease {
  const projectName = path.posix.basename(layout.projectRoot);
  const connectorType = connectorTypeOf(projectName);
  const dockerfilePath = `${layout.projectRoot}/${layout.dockerfile ?? 'Dockerfile'}`;
  const dockerfileText = required(files, dockerfilePath, 'every connector has one');
  let parsed;
  try {
    parsed = parseDockerfile(dockerfileText, { file: dockerfilePath });
  } catch (error) {
    if (error instanceof DockerfileSyntaxError) throw new ReleaseFileError(dockerfilePath, undefined, error.message);
    throw error;
  }
  const name = parsed.airbyteName;
  const version = parsed.airbyteVersion;
  if (!name) throw new ReleaseFileError(dockerfilePath, AIRBYTE_NAME_LABEL, `no LABEL ${AIRBYTE_NAME_LABEL}: add one such as LABEL ${AIRBYTE_NAME_LABEL}=airbyte/${projectName}`);
  if (!version) throw new ReleaseFileError(dockerfilePath, AIRBYTE_VERSION_LABEL, `no LABEL ${AIRBYTE_VERSION_LABEL}: add one such as LABEL ${AIRBYTE_VERSION_LABEL}=0.1.0`);
  if (!validSemver(version)) throw new ReleaseFileError(dockerfilePath, AIRBYTE_VERSION_LABEL, `${JSON.stringify(version)} is not a semantic version (x.y.z)`);

  const seedPath = seedFilePath(layout.definitionsDir, connectorType);
  const seedText = required(files, seedPath, `the ${connectorType} definitions catalogue`);
  let entries: DefinitionEntry[];
  try {
    entries = readEntries(seedPath, seedText);
  } catch (error) {
    if (error instanceof DefinitionsError) throw new ReleaseFileError(seedPath, undefined, error.message.replace(`${seedPath} `, ''));
    throw error;
  }
  const matching = entries.filter((entry) => entry['dockerRepository'] === name);
  if (matching.length === 0) {
    throw new ReleaseFileError(seedPath, 'dockerRepository', `no entry with dockerRepository ${name} (the Dockerfile's ${AIRBYTE_NAME_LABEL}); add one, as nx g connector does, or fix the label`);
  }
  if (matching.length > 1) throw new ReleaseFileError(seedPath, 'dockerRepository', `${matching.length} entries with dockerRepository ${name}; keep one`);
  const entry = matching[0];
  const idKey = DEFINITION_ID_KEYS[connectorType];
  const id = entry[idKey];
  if (typeof id !== 'string' || id === '') throw new ReleaseFileError(seedPath, idKey, `the entry of ${name} has no ${idKey}`);

  const standardPath = standardDefinitionPath(layout.definitionsDir, connectorType, id);
  const standardText = required(files, standardPath, `the JSON mirror of the ${name} entry in ${seedPath}`);
  const json = parseJsonObject(standardPath, standardText);

  const metadataPath = `${layout.projectRoot}/metadata.yaml`;
  const metadataText = files.read(metadataPath);
  const metadata = metadataText === undefined ? undefined : { path: metadataPath, text: metadataText, data: metadataData(metadataPath, metadataText) };

  const docsPageCandidates = layout.docsPage ? [layout.docsPage] : defaultDocsPages(projectName, connectorType);
  const docsPagePath = docsPageCandidates.find((candidate) => files.read(candidate) !== undefined);
  if (layout.docsPage && docsPagePath === undefined) throw new ReleaseFileError(layout.docsPage, undefined, 'no such docs page');
  const docsPage = docsPagePath === undefined ? undefined : { path: docsPagePath, text: files.read(docsPagePath) as string };

  return {
    projectName,
    connectorType,
    name,
    version,
    dockerfile: { path: dockerfilePath, text: dockerfileText },
    seed: { path: seedPath, text: seedText, entry },
    standardDefinition: { path: standardPath, text: standardText, json },
    ...(metadata ? { metadata } : {}),
    ...(docsPage ? { docsPage } : {}),
    docsPageCandidates,
  };
}

/** The generator's docs page (`docs/integrations/<type>s/<name>.md`), then this repository's `docs/connectors/<project>.md`. */
export function defaultDocsPages(projectName: string, connectorType: ConnectorType): string[] {
  const bare = projectName.slice(connectorType.length + 1);
  return [`${DEFAULT_DOCS_DIR}/${connectorType}s/${bare}.md`, `docs/connectors/${projectName}.md`];
}

/**
 * Where the files disagree: the seed entry's dockerImageTag with the Dockerfile's version, the
 * STANDARD_*_DEFINITION JSON with the seed entry (every key: it is the entry's mirror), metadata.yaml's
 * repository, tag and definition id with the Dockerfile and the entry.
 */
export function releaseDisagreements(release: ConnectorRelease): ReleaseDisagreement[] {
  const problems: ReleaseDisagreement[] = [];
  const dockerfileVersion = `the Dockerfile's ${AIRBYTE_VERSION_LABEL}`;
  const { entry } = release.seed;
  if (entry['dockerImageTag'] !== release.version) {
    problems.push({ file: release.seed.path, field: `dockerImageTag of ${release.name}`, expected: release.version, actual: entry['dockerImageTag'], source: dockerfileVersion });
  }
  const keys = [...new Set([...Object.keys(entry), ...Object.keys(release.standardDefinition.json)])];
  for (const key of keys) {
    if (JSON.stringify(entry[key]) !== JSON.stringify(release.standardDefinition.json[key])) {
      problems.push({ file: release.standardDefinition.path, field: key, expected: entry[key], actual: release.standardDefinition.json[key], source: `its entry in ${release.seed.path}` });
    }
  }
  if (release.metadata) {
    const { data, path: file } = release.metadata;
    const idKey = DEFINITION_ID_KEYS[release.connectorType];
    const expectations: Array<[string, unknown, unknown, string]> = [
      ['data.dockerRepository', release.name, data['dockerRepository'], `the Dockerfile's ${AIRBYTE_NAME_LABEL}`],
      ['data.dockerImageTag', release.version, data['dockerImageTag'], dockerfileVersion],
      ['data.definitionId', String(entry[idKey]).toLowerCase(), typeof data['definitionId'] === 'string' ? data['definitionId'].toLowerCase() : data['definitionId'], `${idKey} in ${release.seed.path}`],
    ];
    for (const [field, expected, actual, source] of expectations) if (expected !== actual) problems.push({ file, field, expected, actual, source });
  }
  return problems;
}

/** Throws one ReleaseFileError naming the first file that disagrees, and listing every disagreement. */
export function assertReleaseConsistent(release: ConnectorRelease): void {
  const problems = releaseDisagreements(release);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `  ${p.file}: ${p.field} is ${show(p.actual)}, but ${p.source} says ${show(p.expected)}`);
  throw new ReleaseFileError(
    problems[0].file,
    problems[0].field,
    `disagrees with the other release files of ${release.projectName}:\n${lines.join('\n')}\nMake them agree (the Dockerfile label is the version of record), then run this again.`,
  );
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function required(files: WorkspaceFiles, file: string, what: string): string {
  const text = files.read(file);
  if (text === undefined) throw new ReleaseFileError(file, undefined, `missing (${what})`);
  return text;
}

function parseJsonObject(file: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReleaseFileError(file, undefined, `is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ReleaseFileError(file, undefined, 'must hold a JSON object');
  return value as Record<string, unknown>;
}

function metadataData(file: string, text: string): Record<string, unknown> {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ReleaseFileError(file, undefined, `is not valid YAML: ${document.errors[0].message}`);
  const data = isMap(document.contents) ? document.get('data') : undefined;
  if (!isMap(data)) throw new ReleaseFileError(file, 'data', 'has no data: map (metadataSpecVersion 1.0 puts dockerRepository and dockerImageTag there)');
  return data.toJSON() as Record<string, unknown>;
}
