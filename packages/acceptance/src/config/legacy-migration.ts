import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, type Range } from 'yaml';
import type { KeyPath } from './key-path';
import type { ReadContext } from './read-context';
import { describeYamlValue } from './yaml-source';

/*
 * The legacy format (SAT < 0.2.12) is migrated as the original's `migrate_legacy_to_current_config` did:
 *   tests: {suite: [entries]}           -> acceptance_tests: {suite: {tests: [entries]}}
 *   basic_read empty_streams: [a]        -> [{name: a}]
 *   ignored_fields: {stream: [field]}    -> {stream: [{name: field}]}   (basic_read and full_refresh)
 *   incremental future_state_path: p     -> future_state: {future_state_path: p}
 * It works on the YAML nodes themselves, reusing the written ones, so every problem found in the
 * migrated document still points at the line its author wrote.
 */

function keyName(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A node made during migration, placed where the written node it stands for is. */
function placed<Node extends Scalar | YAMLMap>(node: Node, range: Range | null | undefined): Node {
  if (range) node.range = range;
  return node;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyName(pair.key) === key) as Pair | undefined;
}

/** `[a, b]` -> `[{name: a}, {name: b}]`, each new map placed at the name it wraps. */
function wrapNames(ctx: ReadContext, list: unknown): void {
  const resolved = ctx.source.resolve(list);
  if (!isSeq(resolved)) return;
  resolved.items = resolved.items.map((item) => {
    const range = isScalar(item) || isMap(item) || isSeq(item) ? item.range : undefined;
    const wrapper = placed(new YAMLMap(), range);
    wrapper.items.push(new Pair(placed(new Scalar('name'), range), item));
    return wrapper;
  });
}

function migrateIgnoredFields(ctx: ReadContext, entry: YAMLMap): void {
  const ignored = ctx.source.resolve(findPair(entry, 'ignored_fields')?.value);
  if (!isMap(ignored)) return;
  for (const stream of ignored.items) wrapNames(ctx, stream.value);
}

function migrateEntry(ctx: ReadContext, suite: string, entry: YAMLMap, path: KeyPath): void {
  if (suite === 'basic_read') {
    const emptyStreams = findPair(entry, 'empty_streams');
    if (emptyStreams) wrapNames(ctx, emptyStreams.value);
  }
  if (suite === 'basic_read' || suite === 'full_refresh') migrateIgnoredFields(ctx, entry);
  if (suite === 'incremental') {
    const legacyPath = findPair(entry, 'future_state_path');
    if (legacyPath === undefined) return;
    const current = findPair(entry, 'future_state');
    if (current) {
      ctx.report(legacyPath.key, [...path, 'future_state', 'future_state_path'], 'future_state and future_state_path are both set; the legacy format knows only future_state_path: keep one');
    }
    const keyRange = isScalar(legacyPath.key) ? legacyPath.key.range : undefined;
    const futureState = placed(new YAMLMap(), keyRange);
    futureState.items.push(new Pair(legacyPath.key, legacyPath.value));
    entry.items = entry.items.filter((pair) => pair !== legacyPath && pair !== current);
    entry.items.push(new Pair(placed(new Scalar('future_state'), keyRange), futureState));
  }
}

/** True when the root map holds the legacy flat `tests:` map. */
export function isLegacyConfig(root: YAMLMap): boolean {
  return findPair(root, 'tests') !== undefined;
}

/** Rewrites a legacy root map, in place, into the current `acceptance_tests:` shape. */
export function migrateLegacyConfig(ctx: ReadContext, root: YAMLMap): void {
  const testsPair = findPair(root, 'tests');
  if (testsPair === undefined) return;
  const current = findPair(root, 'acceptance_tests');
  if (current) {
    ctx.reportAsWritten(current.key, 'acceptance_tests', 'the legacy tests: map and acceptance_tests are both present; a file uses one format: move the entries of tests into acceptance_tests');
    root.items = root.items.filter((pair) => pair !== current);
  }
  const testsKey = testsPair.key as Scalar;
  const suites = ctx.source.resolve(testsPair.value);
  const acceptanceTests = placed(new YAMLMap(), isMap(suites) ? suites.range : testsKey.range);
  root.items = root.items.map((pair) => (pair === testsPair ? new Pair(placed(new Scalar('acceptance_tests'), testsKey.range), acceptanceTests) : pair));
  if (!isMap(suites)) {
    ctx.report(testsKey, ['tests'], `must be a map of suite names to lists of test entries, got ${describeYamlValue(suites)}`);
    return;
  }
  const migrated = new Set<unknown>();
  for (const suitePair of suites.items) {
    const suite = keyName(suitePair.key) ?? '';
    const entries = ctx.source.resolve(suitePair.value);
    // `incremental:` with nothing after it declares nothing, in either format.
    if (isScalar(entries) && entries.value === null) {
      acceptanceTests.items.push(suitePair);
      continue;
    }
    const range = isScalar(suitePair.key) ? suitePair.key.range : undefined;
    const suiteMap = placed(new YAMLMap(), isSeq(entries) ? entries.range : range);
    suiteMap.items.push(new Pair(placed(new Scalar('tests'), range), suitePair.value));
    acceptanceTests.items.push(new Pair(suitePair.key, suiteMap));
    if (!isSeq(entries)) continue;
    entries.items.forEach((item, index) => {
      const entry = ctx.source.resolve(item);
      // An anchored entry used twice is one node: migrate it once.
      if (!isMap(entry) || migrated.has(entry)) return;
      migrated.add(entry);
      migrateEntry(ctx, suite, entry, ['acceptance_tests', suite, 'tests', index]);
    });
  }
}

/**
 * How a key path of the migrated document is spelled in the legacy file it came from:
 * `acceptance_tests.basic_read.tests[0].empty_streams[1].name` -> `tests.basic_read[0].empty_streams[1]`.
 */
export function legacyKeyPath(path: KeyPath): KeyPath {
  if (path[0] !== 'acceptance_tests') return path;
  const [, suite, testsKey, index, ...rest] = path;
  if (suite === undefined) return ['tests'];
  if (testsKey !== 'tests' || index === undefined) return ['tests', suite];
  const entryPath: (string | number)[] = [...rest];
  if (entryPath[0] === 'empty_streams' && entryPath[2] === 'name') entryPath.splice(2, 1);
  if (entryPath[0] === 'ignored_fields' && entryPath[3] === 'name') entryPath.splice(3, 1);
  if (entryPath[0] === 'future_state' && (entryPath.length === 1 || entryPath[1] === 'future_state_path')) {
    entryPath.splice(0, Math.min(entryPath.length, 2), 'future_state_path');
  }
  return ['tests', suite, index, ...entryPath];
}
