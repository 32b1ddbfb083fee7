import type { JsonSchema } from '@nx-airbyte/protocol';
import type { Failure } from './failure';
import { toPointer, type PathSegment } from './json-pointer';
import { jsonEqual } from './json-value';
import { isSchemaObject, schemaTypes } from './schema-traversal';

/** What a new schema may not do to an old one. Specs describe inputs, catalogs describe outputs. */
export interface CompatibilityRules {
  /**
   * Spec (input): a type may accept more (`string` → `[string, integer]`), never fewer.
   * Catalog (output): the non-null types may not change at all; only `null` may be added.
   */
  allowTypeWidening: boolean;
  /** Spec: a property may not become required. */
  checkRequired: boolean;
  /** Spec: enum values may not be removed, and an enum may not be put on an existing property. */
  checkEnums: boolean;
}

export const SPEC_COMPATIBILITY: CompatibilityRules = { allowTypeWidening: true, checkRequired: true, checkEnums: true };
export const CATALOG_COMPATIBILITY: CompatibilityRules = { allowTypeWidening: false, checkRequired: false, checkEnums: false };

/**
 * Ways in which `current` breaks readers or writers of `previous`: removed properties, changed or
 * narrowed types, new required properties, narrowed or new enums, and removed oneOf/anyOf options
 * (options are matched by the value of their const discriminator, else by position).
 */
export function schemaIncompatibilities(previous: JsonSchema, current: JsonSchema, rules: CompatibilityRules, at: readonly PathSegment[] = []): Failure[] {
  const failures: Failure[] = [];
  const fail = (path: readonly PathSegment[], message: string, expected?: unknown, actual?: unknown): void => {
    const pointer = toPointer(path);
    failures.push({ message: `${pointer || '(root)'}: ${message}`, pointer, ...(expected === undefined ? {} : { expected }), ...(actual === undefined ? {} : { actual }) });
  };
  compare(previous, current, [...at]);
  return failures;

  function compare(before: JsonSchema, after: JsonSchema, path: PathSegment[]): void {
    compareTypes(before, after, path);
    compareProperties(before, after, path);
    if (rules.checkRequired) compareRequired(before, after, path);
    if (rules.checkEnums) compareEnums(before, after, path);
    if (isSchemaObject(before.items) && isSchemaObject(after.items)) compare(before.items, after.items, [...path, 'items']);
    for (const keyword of ['oneOf', 'anyOf'] as const) compareAlternatives(before[keyword], after[keyword], [...path, keyword]);
  }

  function compareTypes(before: JsonSchema, after: JsonSchema, path: PathSegment[]): void {
    const was = schemaTypes(before);
    if (was.length === 0) return;
    const now = schemaTypes(after);
    const typePath = [...path, 'type'];
    if (now.length === 0) {
      if (!rules.allowTypeWidening) fail(typePath, 'the type was removed', before.type, null);
      return;
    }
    const lost = was.filter((type) => !now.includes(type));
    if (lost.length > 0) {
      fail(typePath, `the type was narrowed: ${lost.map((type) => `'${type}'`).join(', ')} no longer allowed`, before.type, after.type);
      return;
    }
    const gained = now.filter((type) => !was.includes(type) && type !== 'null');
    if (!rules.allowTypeWidening && gained.length > 0) fail(typePath, `the type was changed: ${gained.map((type) => `'${type}'`).join(', ')} added`, before.type, after.type);
  }

  function compareProperties(before: JsonSchema, after: JsonSchema, path: PathSegment[]): void {
    if (!isSchemaObject(before.properties)) return;
    const now = isSchemaObject(after.properties) ? after.properties : {};
    for (const [name, schema] of Object.entries(before.properties)) {
      const propertyPath = [...path, 'properties', name];
      if (!(name in now)) fail(propertyPath, `the property '${name}' was removed`);
      else if (isSchemaObject(schema) && isSchemaObject(now[name])) compare(schema, now[name] as JsonSchema, propertyPath);
    }
  }

  function compareRequired(before: JsonSchema, after: JsonSchema, path: PathSegment[]): void {
    const was = Array.isArray(before.required) ? before.required : [];
    const now = Array.isArray(after.required) ? after.required : [];
    for (const name of now) if (!was.includes(name)) fail([...path, 'required'], `the property '${String(name)}' became required`, was, now);
  }

  function compareEnums(before: JsonSchema, after: JsonSchema, path: PathSegment[]): void {
    const was = before.enum;
    const now = after.enum;
    if (!Array.isArray(now)) return;
    if (!Array.isArray(was)) {
      fail([...path, 'enum'], 'an enum was declared on an existing property', null, now);
      return;
    }
    const removed = was.filter((value) => !now.some((kept) => jsonEqual(kept, value)));
    if (removed.length > 0) fail([...path, 'enum'], `enum values were removed: ${removed.map((value) => JSON.stringify(value)).join(', ')}`, was, now);
  }

  function compareAlternatives(before: unknown, after: unknown, path: PathSegment[]): void {
    if (!Array.isArray(before)) return;
    const now = Array.isArray(after) ? after.filter(isSchemaObject) : [];
    const discriminator = discriminatorOf(before) ?? undefined;
    before.forEach((variant, index) => {
      if (!isSchemaObject(variant)) return;
      if (discriminator !== undefined) {
        const value = constOf(variant, discriminator);
        const match = now.find((candidate) => jsonEqual(constOf(candidate, discriminator), value));
        if (match) compare(variant, match, [...path, now.indexOf(match)]);
        else fail([...path, index], `the option with ${discriminator} = ${JSON.stringify(value)} was removed or its const changed`, value, now.map((candidate) => constOf(candidate, discriminator) ?? null));
        return;
      }
      if (index < now.length) compare(variant, now[index], [...path, index]);
      else fail([...path, index], 'this option was removed');
    });
  }
}

/** The property that has a `const` in every variant, if there is exactly one. */
function discriminatorOf(variants: readonly unknown[]): string | undefined {
  const schemas = variants.filter(isSchemaObject);
  if (schemas.length === 0 || schemas.length !== variants.length) return undefined;
  const names = Object.keys(isSchemaObject(schemas[0].properties) ? schemas[0].properties : {});
  const candidates = names.filter((name) => schemas.every((variant) => constOf(variant, name) !== undefined));
  return candidates.length === 1 ? candidates[0] : undefined;
}

function constOf(variant: JsonSchema, property: string): unknown {
  const properties = variant.properties;
  if (!isSchemaObject(properties)) return undefined;
  const schema = properties[property];
  return isSchemaObject(schema) ? schema.const : undefined;
}
