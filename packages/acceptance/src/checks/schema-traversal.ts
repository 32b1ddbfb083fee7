import type { JsonSchema } from '@nx-airbyte/protocol';
import { isJsonObject } from './json-value';
import type { PathSegment } from './json-pointer';

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = ['additionalProperties', 'additionalItems', 'items', 'contains', 'propertyNames', 'not', 'if', 'then', 'else'] as const;
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'items'] as const;
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'] as const;

export function isSchemaObject(value: unknown): value is JsonSchema {
  return isJsonObject(value);
}

/**
 * Visits a schema and every subschema in it, depth first, with the path from the root. A property
 * called `not` or `$ref` is a property name, not a keyword: only real subschemas are visited, so
 * keyword checks on `node` never mistake property names for keywords.
 */
export function forEachSubschema(schema: unknown, visit: (node: JsonSchema, path: readonly PathSegment[]) => void, path: readonly PathSegment[] = []): void {
  if (!isSchemaObject(schema)) return;
  visit(schema, path);
  for (const keyword of SCHEMA_KEYWORDS) {
    const child = schema[keyword];
    if (isSchemaObject(child)) forEachSubschema(child, visit, [...path, keyword]);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const children = schema[keyword];
    if (Array.isArray(children)) children.forEach((child, index) => forEachSubschema(child, visit, [...path, keyword, index]));
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const children = schema[keyword];
    if (!isSchemaObject(children)) continue;
    for (const [name, child] of Object.entries(children)) forEachSubschema(child, visit, [...path, keyword, name]);
  }
}

/** Paths of the subschemas that carry `keyword` (`$ref`, `allOf`, `not`, `additionalProperties`, …). */
export function findKeyword(schema: unknown, keyword: string): Array<{ path: PathSegment[]; value: unknown }> {
  const found: Array<{ path: PathSegment[]; value: unknown }> = [];
  forEachSubschema(schema, (node, path) => {
    if (Object.prototype.hasOwnProperty.call(node, keyword)) found.push({ path: [...path, keyword], value: node[keyword] });
  });
  return found;
}

/** The `type` of a subschema as a list: `"string"` → ['string'], absent → []. */
export function schemaTypes(schema: JsonSchema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return [];
}
