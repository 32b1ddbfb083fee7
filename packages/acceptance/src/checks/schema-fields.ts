import type { JsonSchema, JsonValue } from '@nx-airbyte/protocol';
import { isJsonObject } from './json-value';
import { isSchemaObject, schemaTypes } from './schema-traversal';

/** Marks "every element of the array" in a field path, as Airbyte's suite writes it (`/tags/[]/name`). */
export const ARRAY_ITEMS = '[]';

/** A path to a field of a record through objects and arrays, e.g. ['tags', '[]', 'name']. */
export type FieldPath = readonly string[];

/** `/tags/[]/name`, the way field paths are shown in messages. */
export function formatFieldPath(path: FieldPath): string {
  return `/${path.join('/')}`;
}

export interface SchemaFieldOptions {
  /** Stop at `oneOf`/`anyOf` and report the path of the alternative itself instead of each variant's fields. */
  alternativesAsLeaves?: boolean;
}

/**
 * The fields a schema describes, as leaf paths: a scalar, an object without declared properties,
 * or (with `alternativesAsLeaves`) a oneOf/anyOf. Objects are entered through `properties`, arrays
 * through `items`; a schema without `type` counts as an object, as in Airbyte's suite.
 */
export function schemaFieldPaths(schema: JsonSchema, options: SchemaFieldOptions = {}): FieldPath[] {
  const paths: FieldPath[] = [];
  const scan = (node: JsonSchema, path: string[]): void => {
    const alternatives = node.oneOf ?? node.anyOf;
    if (Array.isArray(alternatives)) {
      if (options.alternativesAsLeaves) {
        if (path.length > 0) paths.push(path);
        return;
      }
      for (const variant of alternatives) if (isSchemaObject(variant)) scan({ type: 'object', ...variant }, path);
      return;
    }
    const types = node.type === undefined ? ['object'] : schemaTypes(node);
    if (types.includes('object')) {
      const properties = isSchemaObject(node.properties) ? Object.entries(node.properties) : [];
      if (properties.length === 0) {
        if (path.length > 0) paths.push(path);
        return;
      }
      for (const [name, child] of properties) if (isSchemaObject(child)) scan(child, [...path, name]);
      return;
    }
    if (types.includes('array')) {
      scan(isSchemaObject(node.items) ? node.items : {}, [...path, ARRAY_ITEMS]);
      return;
    }
    if (path.length > 0) paths.push(path);
  };
  scan(schema, []);
  return dedupe(paths);
}

function dedupe(paths: FieldPath[]): FieldPath[] {
  const seen = new Set<string>();
  return paths.filter((path) => {
    const key = JSON.stringify(path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Whether the record has the field (even with a null value). */
export function hasFieldPath(value: JsonValue, path: FieldPath): boolean {
  return someValueAt(value, path, 0, () => true);
}

/** Whether the record has a non-null value at the field path. */
export function hasNonNullValueAt(value: JsonValue, path: FieldPath): boolean {
  return someValueAt(value, path, 0, (at) => at !== null);
}

/**
 * Walks the values at `path` from step `from` until `test` says yes. Runs for every record of a
 * read, so it allocates nothing: no sub-arrays of the path, no generator.
 */
function someValueAt(value: JsonValue | undefined, path: FieldPath, from: number, test: (value: JsonValue) => boolean): boolean {
  if (value === undefined) return false;
  if (from === path.length) return test(value);
  const step = path[from];
  if (step === ARRAY_ITEMS) {
    if (!Array.isArray(value)) return false;
    for (const item of value) if (someValueAt(item, path, from + 1, test)) return true;
    return false;
  }
  return isJsonObject(value) && Object.prototype.hasOwnProperty.call(value, step) && someValueAt(value[step], path, from + 1, test);
}

/** The subschema of a property reached through nested `properties` (a cursor or key path), if declared. */
export function findPropertySchema(schema: JsonSchema, path: readonly string[]): JsonSchema | undefined {
  let node: JsonSchema = schema;
  for (const name of path) {
    const properties = node.properties;
    if (!isSchemaObject(properties) || !Object.prototype.hasOwnProperty.call(properties, name)) return undefined;
    const child = properties[name];
    if (!isSchemaObject(child)) return undefined;
    node = child;
  }
  return node;
}
