import { AIRBYTE_VERSION_LABEL, parseDockerfile } from '@nx-airbyte/docker';
import { isMap, isScalar, isSeq, parseDocument, type Scalar } from 'yaml';
import { standardDefinitionJson } from '../generators/connector/definitions';
import { ReleaseFileError } from './connector-release';

// Each edit changes the version and nothing else: the value's characters in the file are replaced
// where the parser says they are, so comments, quoting, key order and blank lines stay as written.

/** Sets `LABEL io.airbyte.version=<version>` on every LABEL line that sets it; refuses a value that is not written out. */
export function setDockerfileVersion(file: string, text: string, version: string): string {
  const dockerfile = parseDockerfile(text, { file });
  const labelLines = new Set(dockerfile.stages.flatMap((stage) => stage.labels.filter((label) => label.key === AIRBYTE_VERSION_LABEL).map((label) => label.line)));
  const instructions = dockerfile.instructions.filter((instruction) => instruction.keyword === 'LABEL' && labelLines.has(instruction.line));
  const lines = text.split('\n');
  const pattern = /(io\.airbyte\.version(?:\s*=\s*|\s+))(["']?)([^\s"'\\]+)\2/;
  for (const instruction of instructions) {
    const index = lines.slice(instruction.line - 1, instruction.endLine).findIndex((line) => pattern.test(line));
    const match = index < 0 ? null : pattern.exec(lines[instruction.line - 1 + index]);
    if (!match || match[3].includes('$')) {
      throw new ReleaseFileError(file, AIRBYTE_VERSION_LABEL, `line ${instruction.line} does not write the version out (e.g. it uses an ARG): set it to ${version} by hand`);
    }
    const at = instruction.line - 1 + index;
    lines[at] = lines[at].replace(pattern, `$1$2${version}$2`);
  }
  const updated = lines.join('\n');
  if (parseDockerfile(updated, { file }).airbyteVersion !== version) {
    throw new ReleaseFileError(file, AIRBYTE_VERSION_LABEL, `could not set the version to ${version}: edit the LABEL line by hand`);
  }
  return updated;
}

/** Sets dockerImageTag of the seed entry whose dockerRepository is `repository`. */
export function setSeedImageTag(file: string, text: string, repository: string, version: string): string {
  const document = parseDocument(text, { keepSourceTokens: true });
  const entries = isSeq(document.contents) ? document.contents.items : [];
  const entry = entries.find((item) => isMap(item) && (item.get('dockerRepository') as unknown) === repository);
  const tag = isMap(entry) ? entry.get('dockerImageTag', true) : undefined;
  if (!isScalar(tag)) throw new ReleaseFileError(file, 'dockerImageTag', `the entry of ${repository} has no dockerImageTag to update`);
  const updated = replaceScalar(text, tag, version);
  const check = parseDocument(updated).toJS() as Array<Record<string, unknown>>;
  if (!check.some((item) => item?.['dockerRepository'] === repository && item['dockerImageTag'] === version)) {
    throw new ReleaseFileError(file, 'dockerImageTag', `could not set the tag of ${repository} to ${version}: edit it by hand`);
  }
  return updated;
}

/** Sets data.dockerImageTag of a metadata.yaml. */
export function setMetadataImageTag(file: string, text: string, version: string): string {
  const document = parseDocument(text, { keepSourceTokens: true });
  const tag = document.getIn(['data', 'dockerImageTag'], true);
  if (!isScalar(tag)) throw new ReleaseFileError(file, 'data.dockerImageTag', 'is missing');
  const updated = replaceScalar(text, tag, version);
  if (parseDocument(updated).getIn(['data', 'dockerImageTag']) !== version) throw new ReleaseFileError(file, 'data.dockerImageTag', `could not set it to ${version}: edit it by hand`);
  return updated;
}

/** Sets dockerImageTag of a STANDARD_*_DEFINITION JSON, keeping its key order, written as the generator writes it. */
export function setStandardDefinitionImageTag(json: Record<string, unknown>, version: string): string {
  return standardDefinitionJson({ ...json, dockerImageTag: version } as Record<string, string>);
}

/** Replaces the characters of one scalar, in its own quoting style. */
function replaceScalar(text: string, scalar: Scalar, value: string): string {
  const [start, end] = scalar.range ?? [];
  if (start === undefined || end === undefined) throw new Error('a parsed YAML scalar has no source range');
  const written = scalar.type === 'QUOTE_DOUBLE' ? JSON.stringify(value) : scalar.type === 'QUOTE_SINGLE' ? `'${value.replace(/'/g, "''")}'` : value;
  return `${text.slice(0, start)}${written}${text.slice(end)}`;
}

export interface ChangelogRow {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  /** What changed; TODO when not given. */
  entry: string;
}

/** The first Markdown table under a `Changelog` heading: where it is and what its columns are. */
interface ChangelogTable {
  columns: string[];
  /** Index (in the page's lines) of the row after the header separator: the newest entry goes there. */
  firstRow: number;
  /** The first cell of every row. */
  versions: string[];
}

/** Adds a row, newest first, to the changelog table of a docs page; the columns are filled by their header names. */
export function addChangelogRow(file: string, text: string, row: ChangelogRow): string {
  const lines = text.split('\n');
  const table = findChangelogTable(lines);
  if (!table) throw new ReleaseFileError(file, 'Changelog', 'has no changelog table (a "## Changelog" heading, then a table whose first column is the version): add one, or pass --docsPage');
  if (table.versions.includes(row.version)) throw new ReleaseFileError(file, 'Changelog', `already has a row for ${row.version}`);
  const cell = (column: string) => {
    if (/version/.test(column)) return row.version;
    if (/date/.test(column)) return row.date;
    if (/subject|change|description|note|what/.test(column)) return row.entry.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
    return '';
  };
  lines.splice(table.firstRow, 0, `| ${table.columns.map(cell).join(' | ')} |`.replace(/ {2}\|/g, ' |'));
  return lines.join('\n');
}

function findChangelogTable(lines: string[]): ChangelogTable | undefined {
  const heading = lines.findIndex((line) => /^#{1,6}\s+changelog\b/i.test(line.trim()));
  if (heading < 0) return undefined;
  let index = heading + 1;
  while (index < lines.length && lines[index].trim() === '') index++;
  const header = lines[index]?.trim() ?? '';
  const separator = lines[index + 1]?.trim() ?? '';
  if (!header.startsWith('|') || !/^\|?\s*:?-{3,}/.test(separator)) return undefined;
  const columns = cellsOf(header).map((column) => column.toLowerCase());
  const versions: string[] = [];
  for (let row = index + 2; row < lines.length && lines[row].trim().startsWith('|'); row++) versions.push(cellsOf(lines[row])[0] ?? '');
  return { columns, firstRow: index + 2, versions };
}

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}
