import type { Failure } from './failure';
import { toPointer, type PathSegment } from './json-pointer';
import { findKeyword } from './schema-traversal';

/** Where a schema sits, for messages: a pointer prefix (e.g. `/connectionSpecification`) and a stream. */
export interface SchemaLocation {
  /** Pointer of the schema in its document; failures' pointers start with it. */
  pointer: string;
  /** Name of the stream the schema describes, for stream schemas. */
  stream?: string;
  /** How the schema is named in messages: "the spec's connectionSpecification", "the schema of stream 'x'". */
  label: string;
}

function pointerIn(location: SchemaLocation, path: readonly PathSegment[]): string {
  return `${location.pointer}${toPointer(path)}`;
}

function streamOf(location: SchemaLocation): { stream?: string } {
  return location.stream === undefined ? {} : { stream: location.stream };
}

/** Every `$ref` is a failure: Airbyte wants specs and stream schemas fully resolved (inlined). */
export function unresolvedRefFailures(schema: unknown, location: SchemaLocation): Failure[] {
  return findKeyword(schema, '$ref').map(({ path, value }) => ({
    message: `${location.label} has an unresolved $ref ${JSON.stringify(value)} at ${pointerIn(location, path)}; inline the referenced schema`,
    pointer: pointerIn(location, path),
    actual: value,
    ...streamOf(location),
  }));
}

/** Every use of `keyword` (as a keyword, not as a property name) is a failure. */
export function forbiddenKeywordFailures(schema: unknown, keyword: string, location: SchemaLocation): Failure[] {
  return findKeyword(schema, keyword).map(({ path }) => ({
    message: `${location.label} uses the keyword '${keyword}' at ${pointerIn(location, path)}, which is not allowed`,
    pointer: pointerIn(location, path),
    ...streamOf(location),
  }));
}

/** `additionalProperties`, where present, must be `true` (false makes removing a field a breaking change). */
export function additionalPropertiesFailures(schema: unknown, location: SchemaLocation): Failure[] {
  return findKeyword(schema, 'additionalProperties')
    .filter(({ value }) => value !== true)
    .map(({ path, value }) => ({
      message: `${location.label} sets additionalProperties to ${JSON.stringify(value)} at ${pointerIn(location, path)}; when set it must be true`,
      pointer: pointerIn(location, path),
      expected: true,
      actual: value,
      ...streamOf(location),
    }));
}
