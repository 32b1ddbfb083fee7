import { isSeq, parseDocument, stringify } from 'yaml';
import type { ConnectorType } from './templates';

/**
 * The seed catalogue of Airbyte's Gradle era: `seed/<type>_definitions.yaml` is edited by hand (and by
 * the generator, at a marker line), and `config/STANDARD_<TYPE>_DEFINITION/<id>.json` mirrors each entry.
 */
/** Where the seed catalogue lives, as in Airbyte's monorepo (`seed/` and `config/` below it). */
export const DEFAULT_DEFINITIONS_DIR = 'airbyte-config/init/src/main/resources';

/** Where connector docs pages go: `<docsDir>/<type>s/<name>.md`. */
export const DEFAULT_DOCS_DIR = 'docs/integrations';

export const DEFINITION_MARKERS: Record<ConnectorType, string> = {
  source: '# SOURCE DEFINITION BY CODE GENERATOR',
  destination: '# DESTINATION DEFINITION BY CODE GENERATOR',
};

export const DEFINITION_ID_KEYS: Record<ConnectorType, 'sourceDefinitionId' | 'destinationDefinitionId'> = {
  source: 'sourceDefinitionId',
  destination: 'destinationDefinitionId',
};

/** One entry, keys in the order Airbyte's seed files used (name first, as from 2022). */
export type DefinitionEntry = Record<string, string>;

export interface NewDefinition {
  connectorType: ConnectorType;
  /** Title-cased connector name, e.g. `My Api`. */
  name: string;
  id: string;
  dockerRepository: string;
  dockerImageTag: string;
  documentationUrl: string;
}

export class DefinitionsError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'DefinitionsError';
  }
}

export function seedFilePath(definitionsDir: string, connectorType: ConnectorType): string {
  return `${definitionsDir}/seed/${connectorType}_definitions.yaml`;
}

export function standardDefinitionPath(definitionsDir: string, connectorType: ConnectorType, id: string): string {
  return `${definitionsDir}/config/STANDARD_${connectorType.toUpperCase()}_DEFINITION/${id}.json`;
}

export function definitionEntry(definition: NewDefinition): DefinitionEntry {
  const entry: DefinitionEntry = {
    name: definition.name,
    [DEFINITION_ID_KEYS[definition.connectorType]]: definition.id,
    dockerRepository: definition.dockerRepository,
    dockerImageTag: definition.dockerImageTag,
    documentationUrl: definition.documentationUrl,
  };
  if (definition.connectorType === 'source') entry['sourceType'] = 'api';
  entry['releaseStage'] = 'alpha';
  return entry;
}

/** The STANDARD_*_DEFINITION/<id>.json of an entry, as Airbyte's SeedRepository wrote it: the entry, pretty-printed. */
export function standardDefinitionJson(entry: DefinitionEntry): string {
  return `${JSON.stringify(entry, null, 2)}\n`;
}

/** A seed file with no entries yet: what the generator writes when the workspace has none. */
export function emptySeedFile(connectorType: ConnectorType): string {
  const idKey = DEFINITION_ID_KEYS[connectorType];
  return [
    `# The ${connectorType}s this repository ships, in the format of Airbyte's seed catalogue (one entry per connector:`,
    `# name, ${idKey}, dockerRepository, dockerImageTag, documentationUrl, ...).`,
    `# config/STANDARD_${connectorType.toUpperCase()}_DEFINITION/<${idKey}>.json mirrors each entry.`,
    '# `nx g connector` adds new entries just above the marker line below: keep it last.',
    DEFINITION_MARKERS[connectorType],
    '',
  ].join('\n');
}

/**
 * Inserts `entry` just above the marker line of a seed file, leaving every other line (comments,
 * quoting, key order) as it was. Refuses, saying why, when the file does not parse, has no marker, or
 * already has an entry with the same repository or id.
 */
export function insertDefinition(file: string, text: string, connectorType: ConnectorType, entry: DefinitionEntry): string {
  const marker = DEFINITION_MARKERS[connectorType];
  const idKey = DEFINITION_ID_KEYS[connectorType];
  const existing = readEntries(file, text);
  const clash = existing.find((other) => other['dockerRepository'] === entry['dockerRepository'] || other[idKey] === entry[idKey]);
  if (clash) {
    const what = clash['dockerRepository'] === entry['dockerRepository'] ? `dockerRepository ${entry['dockerRepository']}` : `${idKey} ${entry[idKey]}`;
    throw new DefinitionsError(file, `${file} already has an entry with ${what} (${clash['name'] ?? 'unnamed'}): remove it, or choose another name or definitionId`);
  }
  const lines = text.split('\n');
  const markerLine = lines.findIndex((line) => line.trim() === marker);
  if (markerLine < 0) {
    throw new DefinitionsError(file, `${file} has no marker line '${marker}': add it where new entries should go (Airbyte's generator needed the same line)`);
  }
  const entryLines = stringify([entry], { lineWidth: 0 }).replace(/\n$/, '').split('\n');
  lines.splice(markerLine, 0, ...entryLines);
  const updated = lines.join('\n');
  const after = readEntries(file, updated);
  if (after.length !== existing.length + 1 || !after.some((other) => other[idKey] === entry[idKey])) {
    throw new DefinitionsError(file, `${file}: the entry inserted at '${marker}' does not read back as one more list entry; check the lines around the marker`);
  }
  return updated;
}

/** The entries of a seed file: a YAML list of maps, or nothing at all (comments only). */
export function readEntries(file: string, text: string): DefinitionEntry[] {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new DefinitionsError(file, `${file} is not valid YAML: ${document.errors[0].message}`);
  if (document.contents === null) return [];
  if (!isSeq(document.contents)) throw new DefinitionsError(file, `${file} must hold a YAML list of definitions`);
  let entries: unknown[];
  try {
    entries = document.toJS() as unknown[];
  } catch (error) {
    // an alias without its anchor, or one that expands too far, only shows when the values are built
    throw new DefinitionsError(file, `${file} is not valid YAML: ${(error as Error).message}`);
  }
  return entries.map((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as DefinitionEntry) : {}));
}
