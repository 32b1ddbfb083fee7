import type { ErrorObject } from 'ajv';

/** One way a JSON value breaks a schema, in words people can act on. */
export interface SchemaViolation {
  /** JSON pointer to the offending value ('' for the whole value). */
  instancePath: string;
  /** JSON pointer into the schema, e.g. `#/properties/created_at/format`. */
  schemaPath: string;
  /** The JSON Schema keyword that failed: type, required, enum, format, ... */
  keyword: string;
  /** What was expected: `must be integer`, `must match format "date-time"`. */
  expected: string;
  /** The offending value, typed and shortened: `string "2021-13-01"`. Absent for a missing property. */
  actual?: string;
  /** `<where> <expected> (got <actual>)` on one line. */
  message: string;
}

export const DEFAULT_VALUE_EXCERPT_LENGTH = 60;

const ENUM_VALUES_SHOWN = 12;

/**
 * Turns ajv errors (collected with `verbose: true`, so each carries its `data`) into violations.
 * A failed anyOf/oneOf becomes one violation that lists what each alternative wanted, instead of
 * one error per alternative plus the summary.
 */
export function toViolations(errors: readonly ErrorObject[], rootLabel: string, valueExcerptLength = DEFAULT_VALUE_EXCERPT_LENGTH): SchemaViolation[] {
  const alternatives = errors.filter(isAlternatives);
  const insideAlternatives = (error: ErrorObject): boolean => alternatives.some((outer) => outer !== error && isInside(error, outer));
  return errors
    .filter((error) => error.keyword !== 'if' && !insideAlternatives(error))
    .map((error) => {
      const expected = isAlternatives(error) ? alternativesExpectation(error, errors) : expectation(error);
      return toViolation(error, expected, rootLabel, valueExcerptLength);
    });
}

function toViolation(error: ErrorObject, expected: string, rootLabel: string, valueExcerptLength: number): SchemaViolation {
  const actual = showsItsValue(error.keyword) ? describeValue(error.data, valueExcerptLength) : undefined;
  const where = error.instancePath === '' ? rootLabel : error.instancePath;
  const message = `${where ? `${where} ` : ''}${expected}${actual === undefined ? '' : ` (got ${actual})`}`;
  return { instancePath: error.instancePath, schemaPath: error.schemaPath, keyword: error.keyword, expected, actual, message };
}

function isAlternatives(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || error.keyword === 'oneOf';
}

function isInside(error: ErrorObject, outer: ErrorObject): boolean {
  return error.schemaPath.startsWith(`${outer.schemaPath}/`);
}

const ALTERNATIVES_SHOWN = 5;

function alternativesExpectation(error: ErrorObject, errors: readonly ErrorObject[]): string {
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (Array.isArray(passing)) return `must match exactly one schema in oneOf (matches schemas ${passing.join(' and ')})`;
  const wanted = new Set<string>();
  for (const inner of errors) {
    if (inner === error || inner.keyword === 'if' || isAlternatives(inner) || !isInside(inner, error)) continue;
    const relativePath = inner.instancePath.slice(error.instancePath.length);
    wanted.add(`${relativePath ? `${relativePath} ` : ''}${expectation(inner)}`);
  }
  const shown = [...wanted].slice(0, ALTERNATIVES_SHOWN);
  if (wanted.size > ALTERNATIVES_SHOWN) shown.push('…');
  return shown.length === 0 ? `must match a schema in ${error.keyword}` : `must match a schema in ${error.keyword}: ${shown.join(' | ')}`;
}

function showsItsValue(keyword: string): boolean {
  return keyword !== 'required' && keyword !== 'additionalProperties' && keyword !== 'dependencies' && keyword !== 'propertyNames';
}

function expectation(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${String(params.type).split(',').join(' or ')}`;
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const shown = allowed.slice(0, ENUM_VALUES_SHOWN).map((value) => JSON.stringify(value));
      if (allowed.length > ENUM_VALUES_SHOWN) shown.push(`… (${allowed.length} values)`);
      return `must be one of ${shown.join(', ')}`;
    }
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'required':
      return `must have required property '${String(params.missingProperty)}'`;
    case 'additionalProperties':
      return `must NOT have additional property '${String(params.additionalProperty)}'`;
    case 'format':
      return `must match format "${String(params.format)}"`;
    default:
      return error.message ?? `must satisfy "${error.keyword}"`;
  }
}

/** `string "abc"`, `number 1.5`, `null`, `object {"a":1}`: a value's JSON type and a short excerpt of it. */
export function describeValue(value: unknown, maxLength = DEFAULT_VALUE_EXCERPT_LENGTH): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `string ${quoteShortened(value, maxLength)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  const kind = Array.isArray(value) ? 'array' : typeof value;
  let json: string;
  try {
    json = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'string' && inner.length > maxLength ? `${inner.slice(0, maxLength)}…` : inner)) ?? String(value);
  } catch {
    try {
      json = String(value);
    } catch {
      // nested too deeply for JSON.stringify and String() alike (RangeError: call stack)
      return `${kind} nested too deeply to show`;
    }
  }
  return `${kind} ${json.length > maxLength ? `${json.slice(0, maxLength)}…` : json}`;
}

function quoteShortened(text: string, maxLength: number): string {
  if (text.length <= maxLength) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, maxLength)).slice(0, -1)}…"`;
}
