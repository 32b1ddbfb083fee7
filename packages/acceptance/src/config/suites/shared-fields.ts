import type { BackwardCompatibilityConfig, IgnoredFields, NamedWithReason } from '../acceptance-config';
import type { ReadContext } from '../read-context';
import type { ReferencedFileRole, ReferencedFiles } from '../referenced-files';
import { readList, setUserKey, YamlMapReader, type ListItem } from '../yaml-map-reader';

/** The original's semver pattern, anchored at both ends (pydantic's `regex=` only anchored the start). */
const VERSION = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)(\.(0|[1-9]\d*))?(-\w[\w.-]*)?)?$/;
const LATEST = 'latest';

/** An optional file key: the absolute path when written (checked to exist), else undefined. */
export function readOptionalFile<Key extends string>(
  reader: YamlMapReader<Key>,
  key: Key,
  files: ReferencedFiles,
  role: ReferencedFileRole,
): string | undefined {
  const written = reader.text(key);
  return written === undefined ? undefined : files.requireFile(written, reader.value(key), reader.pathOf(key), role);
}

function readVersion(reader: YamlMapReader<string>, key: string, allowLatest: boolean): string | undefined {
  const version = reader.text(key);
  if (version === undefined || VERSION.test(version) || (allowLatest && version === LATEST)) return version;
  const expected = allowLatest ? `a version such as 0.2.0, or "${LATEST}"` : 'a version such as 0.2.0';
  reader.report(key, `must be ${expected}, got "${version}"`);
  return undefined;
}

/** `backward_compatibility_tests_config` of spec and discovery entries. */
export function readBackwardCompatibility<Key extends string>(reader: YamlMapReader<Key>, key: Key): BackwardCompatibilityConfig {
  const config: BackwardCompatibilityConfig = { previousConnectorVersion: LATEST };
  if (!reader.has(key)) return config;
  const map = reader.map(key, { keys: ['previous_connector_version', 'disable_for_version'] });
  if (map === undefined) return config;
  config.previousConnectorVersion = readVersion(map, 'previous_connector_version', true) ?? LATEST;
  const disableForVersion = readVersion(map, 'disable_for_version', false);
  if (disableForVersion !== undefined) config.disableForVersion = disableForVersion;
  return config;
}

function readNamedWithReason(ctx: ReadContext, item: ListItem, what: string): NamedWithReason | undefined {
  const map = YamlMapReader.read(ctx, item.value, item.path, { keys: ['name', 'bypass_reason'] });
  if (map === undefined) return undefined;
  if (!map.requireKey('name', `each ${what} needs a name`)) return undefined;
  const name = map.nonEmptyText('name');
  if (name === undefined) return undefined;
  const named: NamedWithReason = { name, location: map.locationOf() };
  if (map.has('bypass_reason')) {
    const reason = map.nonEmptyText('bypass_reason');
    if (reason !== undefined) named.bypassReason = reason;
  }
  return named;
}

/** A list of `{name, bypass_reason}`: empty_streams, future_state.missing_streams. */
export function readNamedWithReasonList<Key extends string>(reader: YamlMapReader<Key>, key: Key, what: string): NamedWithReason[] {
  const items = reader.list(key) ?? [];
  return items.flatMap((item) => readNamedWithReason(reader.ctx, item, what) ?? []);
}

/** `ignored_fields`: per stream, a list of `{name: field/path, bypass_reason}`. */
export function readIgnoredFields<Key extends string>(reader: YamlMapReader<Key>, key: Key): IgnoredFields {
  const ignored: IgnoredFields = {};
  if (!reader.has(key)) return ignored;
  for (const stream of reader.freeMap(key, 'stream names to lists of fields') ?? []) {
    const fields = readList(reader.ctx, stream.value, stream.path) ?? [];
    setUserKey(ignored, stream.name, fields.flatMap((field) => readNamedWithReason(reader.ctx, field, 'ignored field') ?? []));
  }
  return ignored;
}

/** A block that names a file or says why there is none (expect_records, future_state): exactly one of the two. */
export function readPathOrBypassReason<Key extends string>(
  map: YamlMapReader<Key | 'bypass_reason'>,
  pathKey: Key,
  files: ReferencedFiles,
  role: ReferencedFileRole,
  meaning: { skipped: string; missing: string },
): { path?: string; bypassReason?: string } {
  const read: { path?: string; bypassReason?: string } = {};
  const path = readOptionalFile(map, pathKey, files, role);
  if (path !== undefined) read.path = path;
  const bypassReason = map.has('bypass_reason') ? map.nonEmptyText('bypass_reason') : undefined;
  if (bypassReason !== undefined) read.bypassReason = bypassReason;
  if (map.has(pathKey) && map.has('bypass_reason')) {
    map.report('bypass_reason', `a bypass_reason cannot be set together with ${pathKey}: the reason skips ${meaning.skipped}; keep one`);
  } else if (!map.has(pathKey) && !map.has('bypass_reason')) {
    map.reportOnMap(`set ${pathKey} to ${meaning.missing}, or a bypass_reason saying why there is none`);
  }
  return read;
}

/** Test-name values of the suites that read with a config and, optionally, a configured catalog. */
export function describeConfigAndCatalog(
  entry: { configPath: string; configuredCatalogPath?: string },
  files: ReferencedFiles,
): Array<[string, string]> {
  const catalog = entry.configuredCatalogPath === undefined ? '(discovered)' : files.display(entry.configuredCatalogPath);
  return [
    ['config_path', files.display(entry.configPath)],
    ['configured_catalog_path', catalog],
  ];
}
