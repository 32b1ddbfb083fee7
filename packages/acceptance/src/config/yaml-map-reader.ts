import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import type { KeyPath } from './key-path';
import { suggestKey } from './key-suggestion';
import type { ReadContext } from './read-context';
import { describeYamlValue, type SourceLocation } from './yaml-source';

/** The keys a map may hold. Anything else is an error, as with the original's `extra = "forbid"`. */
export interface MapShape<Key extends string> {
  keys: readonly Key[];
  /** Keys the original suite knew but this one refuses, each with the reason and what to do instead. */
  refusedKeys?: Readonly<Record<string, string>>;
}

/** One `key: value` of a map whose keys are data (stream names, variable names), not schema. */
export interface FreeMapEntry {
  name: string;
  keyNode: Scalar;
  value: unknown;
  path: KeyPath;
}

/** One item of a YAML list. */
export interface ListItem {
  value: unknown;
  path: KeyPath;
}

interface KeyedValue {
  keyNode: Scalar;
  value: unknown;
}

const MERGE_KEY = '<<';

function keyText(key: Scalar): string {
  return typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
}

function isNullScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}

/** The pairs of a map, `<<: *anchor` merges expanded (explicit keys win, as in YAML 1.1), aliases resolved. */
function mapPairs(ctx: ReadContext, map: YAMLMap, path: KeyPath): KeyedValue[] {
  const explicit: KeyedValue[] = [];
  const merged: KeyedValue[] = [];
  for (const pair of map.items) {
    const key = ctx.source.resolve(pair.key);
    if (!isScalar(key)) {
      ctx.report(map, path, 'a key here is not a plain name; use `name: value` pairs');
      continue;
    }
    if (key.source === MERGE_KEY && typeof key.value !== 'string') {
      const sources = ctx.source.resolve(pair.value);
      const sourceMaps = isSeq(sources) ? sources.items.map((item) => ctx.source.resolve(item)) : [sources];
      for (const sourceMap of sourceMaps) {
        if (isMap(sourceMap)) merged.push(...mapPairs(ctx, sourceMap, path));
        else ctx.report(key, path, `"<<" merges a map or a list of maps, got ${describeYamlValue(sourceMap)}`);
      }
      continue;
    }
    explicit.push({ keyNode: key, value: ctx.source.resolve(pair.value) });
  }
  const explicitNames = new Set(explicit.map((entry) => keyText(entry.keyNode)));
  return [...explicit, ...merged.filter((entry) => !explicitNames.has(keyText(entry.keyNode)))];
}

/** The entries of a map whose keys are data; reports (and returns undefined for) anything that is not a map. */
export function readFreeMap(ctx: ReadContext, node: unknown, path: KeyPath, what: string): FreeMapEntry[] | undefined {
  if (!isMap(node)) {
    ctx.report(node, path, `must be a map of ${what}, got ${describeYamlValue(node)}`);
    return undefined;
  }
  return mapPairs(ctx, node, path).map(({ keyNode, value }) => {
    const name = keyText(keyNode);
    return { name, keyNode, value, path: [...path, name] };
  });
}

/** The items of a list; reports (and returns undefined for) anything that is not a list. */
export function readList(ctx: ReadContext, node: unknown, path: KeyPath): ListItem[] | undefined {
  if (!isSeq(node)) {
    ctx.report(node, path, `must be a list, got ${describeYamlValue(node)}`);
    return undefined;
  }
  return node.items.map((item, index) => ({ value: ctx.source.resolve(item), path: [...path, index] }));
}

/** A scalar read as text: strings as they are, numbers as written (`disable_for_version: 1.3`), nothing else. */
export function readText(ctx: ReadContext, node: unknown, path: KeyPath): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  if (isScalar(node) && typeof node.value === 'number') return node.source ?? String(node.value);
  ctx.report(node, path, `must be text, got ${describeYamlValue(node)}`);
  return undefined;
}

/**
 * Typed access to one YAML map of the config. Creating it reports every unknown key (with the
 * closest known key as a suggestion); each getter reports a wrong type and returns undefined,
 * so reading goes on and every problem of the file is collected.
 */
export class YamlMapReader<Key extends string> {
  private readonly values = new Map<Key, KeyedValue>();

  private constructor(
    readonly ctx: ReadContext,
    readonly node: YAMLMap,
    readonly path: KeyPath,
    shape: MapShape<Key>,
  ) {
    for (const entry of mapPairs(ctx, node, path)) {
      const name = keyText(entry.keyNode);
      if ((shape.keys as readonly string[]).includes(name)) {
        this.values.set(name as Key, entry);
        continue;
      }
      const refusal = shape.refusedKeys && Object.hasOwn(shape.refusedKeys, name) ? shape.refusedKeys[name] : undefined;
      if (refusal !== undefined) {
        ctx.report(entry.keyNode, [...path, name], refusal);
        continue;
      }
      const suggestion = suggestKey(name, shape.keys);
      const hint = suggestion ? `did you mean "${suggestion}"?` : `known keys here: ${shape.keys.join(', ')}`;
      ctx.report(entry.keyNode, [...path, name], `unknown key "${name}"; ${hint}`);
    }
  }

  /** A reader for `node`, or undefined (and a reported problem) when it is not a map. */
  static read<Key extends string>(ctx: ReadContext, node: unknown, path: KeyPath, shape: MapShape<Key>): YamlMapReader<Key> | undefined {
    if (!isMap(node)) {
      ctx.report(node, path, `must be a map of key: value pairs, got ${describeYamlValue(node)}`);
      return undefined;
    }
    return new YamlMapReader(ctx, node, path, shape);
  }

  has(key: Key): boolean {
    return this.values.has(key);
  }

  /** True when the key is written with nothing after it (`incremental:`). */
  isEmpty(key: Key): boolean {
    return isNullScalar(this.values.get(key)?.value);
  }

  value(key: Key): unknown {
    return this.values.get(key)?.value;
  }

  pathOf(key: Key): KeyPath {
    return [...this.path, key];
  }

  /** Where the key is written, or where the map starts when it is absent. */
  locationOf(key?: Key): SourceLocation {
    const entry = key === undefined ? undefined : this.values.get(key);
    return entry ? this.ctx.location(entry.keyNode, this.pathOf(key as Key)) : this.ctx.location(this.node, this.path);
  }

  report(key: Key, message: string): void {
    const entry = this.values.get(key);
    this.ctx.report(entry?.keyNode ?? this.node, this.pathOf(key), message);
  }

  reportOnMap(message: string): void {
    this.ctx.report(this.node, this.path, message);
  }

  /** The value of a present key, or undefined after reporting a key written without a value. */
  private present(key: Key): unknown {
    const entry = this.values.get(key);
    if (entry === undefined) return undefined;
    if (isNullScalar(entry.value)) {
      this.report(key, `"${key}" has no value; give it one or remove the key`);
      return undefined;
    }
    return entry.value;
  }

  requireKey(key: Key, why: string): boolean {
    if (this.values.has(key)) return true;
    this.reportOnMap(`missing required key "${key}": ${why}`);
    return false;
  }

  text(key: Key): string | undefined {
    const value = this.present(key);
    return value === undefined ? undefined : readText(this.ctx, value, this.pathOf(key));
  }

  /** Text that must say something, like a bypass_reason. */
  nonEmptyText(key: Key): string | undefined {
    const text = this.text(key);
    if (text !== undefined && text.trim() === '') {
      this.ctx.report(this.value(key), this.pathOf(key), `"${key}" is empty; write it out or remove the key`);
      return undefined;
    }
    return text;
  }

  boolean(key: Key, fallback: boolean): boolean {
    const value = this.present(key);
    if (value === undefined) return fallback;
    if (isScalar(value) && typeof value.value === 'boolean') return value.value;
    this.ctx.report(value, this.pathOf(key), `must be true or false, got ${describeYamlValue(value)}`);
    return fallback;
  }

  integer(key: Key, minimum: number): number | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= minimum) {
      return value.value;
    }
    this.ctx.report(value, this.pathOf(key), `must be a whole number of at least ${minimum}, got ${describeYamlValue(value)}`);
    return undefined;
  }

  choice<Value extends string>(key: Key, allowed: readonly Value[]): Value | undefined {
    const value = this.present(key);
    if (value === undefined) return undefined;
    if (isScalar(value) && typeof value.value === 'string' && (allowed as readonly string[]).includes(value.value)) {
      return value.value as Value;
    }
    const spelled = isScalar(value) && typeof value.value === 'string' ? suggestKey(value.value, allowed) : undefined;
    const hint = spelled ? `; did you mean "${spelled}"?` : '';
    this.ctx.report(value, this.pathOf(key), `must be one of ${allowed.join(', ')}, got ${describeYamlValue(value)}${hint}`);
    return undefined;
  }

  map<Child extends string>(key: Key, shape: MapShape<Child>): YamlMapReader<Child> | undefined {
    const value = this.present(key);
    return value === undefined ? undefined : YamlMapReader.read(this.ctx, value, this.pathOf(key), shape);
  }

  list(key: Key): ListItem[] | undefined {
    const value = this.present(key);
    return value === undefined ? undefined : readList(this.ctx, value, this.pathOf(key));
  }

  freeMap(key: Key, what: string): FreeMapEntry[] | undefined {
    const value = this.present(key);
    return value === undefined ? undefined : readFreeMap(this.ctx, value, this.pathOf(key), what);
  }
}

/**
 * Sets a key a user named (a stream, an environment variable) on a plain record as an own property:
 * assigning `__proto__` would replace the record's prototype and lose the entry instead.
 */
export function setUserKey<Value>(record: Record<string, Value>, key: string, value: Value): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
