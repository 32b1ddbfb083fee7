import { isScalar, isSeq } from 'yaml';
import { DEFAULT_TIMEOUT_SECONDS, type DestinationTestEntry, type ReadBackConfig } from '../acceptance-config';
import { DATA_SET_NAMES, DEFAULT_MAX_RECORD_VALUE_LENGTH } from '../../destination/data-sets/names';
import type { ReferencedFiles } from '../referenced-files';
import { readList, readText, type YamlMapReader } from '../yaml-map-reader';
import { describeYamlValue } from '../yaml-source';
import { readOptionalFile } from './shared-fields';
import { REFUSED_IN_EVERY_SUITE, type EntryReader, type SuiteDefinition } from './suite-definition';

type DestinationKey = 'invalid_config_path' | 'read_back' | 'supports_namespaces' | 'data_sets' | 'max_record_value_length';

const READ_BACK_KEYS = ['local_files', 'image', 'command', 'files'] as const;
const STREAM_PLACEHOLDER = '{stream}';
const NAMESPACE_PLACEHOLDER = '{namespace}';
const PLACEHOLDER = /\{([^}]*)\}/g;

type ReadBackReader = YamlMapReader<(typeof READ_BACK_KEYS)[number]>;

/** `local_files`: a path under /local naming each stream's files. */
function readLocalFiles(reader: ReadBackReader, supportsNamespaces: boolean): string | undefined {
  const key = 'local_files';
  const pattern = reader.text(key);
  if (pattern === undefined) return undefined;
  const unknown = [...pattern.matchAll(PLACEHOLDER)].map((match) => match[0]).filter((placeholder) => placeholder !== STREAM_PLACEHOLDER && placeholder !== NAMESPACE_PLACEHOLDER);
  if (unknown.length > 0) reader.report(key, `knows the placeholders {stream} and {namespace}, not ${unknown.join(', ')}`);
  else if (!pattern.includes(STREAM_PLACEHOLDER)) reader.report(key, 'must name each stream\'s files with {stream}, e.g. "json_data/{namespace}/_airbyte_raw_{stream}.jsonl"');
  else if (supportsNamespaces && !pattern.includes(NAMESPACE_PLACEHOLDER)) {
    reader.report(key, 'must tell namespaces apart with {namespace} (empty for a stream without one), or the entry must say supports_namespaces: false');
  } else if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
    reader.report(key, `is a path under the /local mount: relative, without "..", got "${pattern}"`);
  } else {
    return pattern;
  }
  return undefined;
}

/** `command`: a list of words, or one string run by /bin/sh -c. */
function readCommand(reader: ReadBackReader): string[] | undefined {
  const key = 'command';
  const node = reader.value(key);
  if (isScalar(node) && typeof node.value === 'string') {
    if (node.value.trim() === '') reader.report(key, 'is empty; give the command that prints the stored records');
    return node.value.trim() === '' ? undefined : ['/bin/sh', '-c', node.value];
  }
  if (!isSeq(node)) {
    reader.report(key, `must be a list of words such as [python3, /data/read_back.py], or one shell command line; got ${describeYamlValue(node)}`);
    return undefined;
  }
  const words = (readList(reader.ctx, node, reader.pathOf(key)) ?? []).map((item) => readText(reader.ctx, item.value, item.path));
  if (words.length === 0) reader.report(key, 'is an empty list; give the command that prints the stored records');
  return words.length > 0 && words.every((word) => word !== undefined) ? (words as string[]) : undefined;
}

function readBack(reader: EntryReader<DestinationKey>, files: ReferencedFiles, supportsNamespaces: boolean): ReadBackConfig | undefined {
  if (!reader.requireKey('read_back', 'how the suite reads what the destination stored: local_files (a path under /local) or command (a command printing JSON lines)')) return undefined;
  const map = reader.map('read_back', { keys: READ_BACK_KEYS });
  if (map === undefined) return undefined;
  const location = reader.locationOf('read_back');
  const local = map.has('local_files');
  const command = map.has('command');
  if (local === command) {
    map.reportOnMap(local ? 'set either local_files or command, not both' : 'set local_files (a path under /local) or command (prints the stored records of a stream as JSON lines)');
    return undefined;
  }
  if (local) {
    for (const key of ['image', 'files'] as const) if (map.has(key)) map.report(key, `goes with command, not with local_files: remove it`);
    const pattern = readLocalFiles(map, supportsNamespaces);
    return pattern === undefined ? undefined : { kind: 'local_files', pattern, location };
  }
  const words = readCommand(map);
  const image = map.has('image') ? map.text('image') : undefined;
  const copied = map.has('files') ? (map.list('files') ?? []) : [];
  const paths: string[] = [];
  const names = new Set<string>();
  for (const item of copied) {
    const written = readText(map.ctx, item.value, item.path);
    if (written === undefined) continue;
    const name = written.split('/').pop() ?? written;
    if (names.has(name)) map.ctx.report(item.value, item.path, `two files are named ${name}; each is copied to /data/${name}, so names must differ`);
    names.add(name);
    paths.push(files.requireFile(written, item.value, item.path, 'read-back'));
  }
  if (words === undefined) return undefined;
  return { kind: 'command', command: words, files: paths, location, ...(image !== undefined ? { image } : {}) };
}

function readDataSets(reader: EntryReader<DestinationKey>): string[] {
  if (!reader.has('data_sets')) return [...DATA_SET_NAMES];
  const names: string[] = [];
  const items = reader.list('data_sets') ?? [];
  for (const item of items) {
    const name = readText(reader.ctx, item.value, item.path);
    if (name === undefined) continue;
    if (!(DATA_SET_NAMES as readonly string[]).includes(name)) reader.ctx.report(item.value, item.path, `unknown data set "${name}"; the suite ships ${DATA_SET_NAMES.join(', ')}`);
    else if (names.includes(name)) reader.ctx.report(item.value, item.path, `data set "${name}" is listed twice`);
    else names.push(name);
  }
  if (reader.has('data_sets') && !reader.isEmpty('data_sets') && isSeq(reader.value('data_sets')) && items.length === 0) {
    reader.report('data_sets', `lists no data set; name at least one of ${DATA_SET_NAMES.join(', ')}, or remove the key for all`);
  }
  return names;
}

export const destinationSuite: SuiteDefinition<'destination', DestinationKey> = {
  name: 'destination',
  shape: {
    keys: ['invalid_config_path', 'read_back', 'supports_namespaces', 'data_sets', 'max_record_value_length'],
    refusedKeys: {
      ...REFUSED_IN_EVERY_SUITE,
      configured_catalog_path: 'the destination suite writes its own data sets with their own catalogs; remove it (choose data sets with data_sets)',
      status: 'belongs to the connection suite; the destination suite checks config_path (must succeed) and invalid_config_path (must fail)',
    },
  },
  defaultTimeoutSeconds: DEFAULT_TIMEOUT_SECONDS.destination,
  mandatoryAtHighStrictness: true,
  appliesTo: ['destination'],

  readEntry(reader, files, base) {
    const supportsNamespaces = reader.boolean('supports_namespaces', true);
    const entry: DestinationTestEntry = {
      ...base,
      supportsNamespaces,
      dataSets: readDataSets(reader),
      maxRecordValueLength: reader.integer('max_record_value_length', 1) ?? DEFAULT_MAX_RECORD_VALUE_LENGTH,
      readBack: readBack(reader, files, supportsNamespaces) ?? { kind: 'local_files', pattern: '', location: base.location },
    };
    const invalidConfigPath = readOptionalFile(reader, 'invalid_config_path', files, 'connector-config');
    if (invalidConfigPath !== undefined) entry.invalidConfigPath = invalidConfigPath;
    return entry;
  },

  describe(entry, files) {
    const readBackText = entry.readBack.kind === 'local_files' ? entry.readBack.pattern : entry.readBack.command.join(' ');
    return [
      ['config_path', files.display(entry.configPath)],
      ['read_back', readBackText],
    ];
  },
};
