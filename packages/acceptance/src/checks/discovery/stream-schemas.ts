import type { AirbyteCatalog, AirbyteStream } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { draft07MetaSchemaViolations } from '../json-schema-validation';
import { additionalPropertiesFailures, forbiddenKeywordFailures, unresolvedRefFailures, type SchemaLocation } from '../schema-keyword-rules';

/** Keywords test_defined_keyword_exist_in_schema is parametrised with. */
export const FORBIDDEN_STREAM_SCHEMA_KEYWORDS = ['allOf', 'not'] as const;

function locationOf(stream: AirbyteStream, index: number): SchemaLocation {
  return { pointer: `/streams/${index}/json_schema`, stream: stream.name, label: `the schema of stream '${stream.name}'` };
}

function everyStream(catalog: AirbyteCatalog, check: (stream: AirbyteStream, location: SchemaLocation) => Failure[]): Failure[] {
  return catalog.streams.flatMap((stream, index) => check(stream, locationOf(stream, index)));
}

/** test_streams_have_valid_json_schemas: each stream's json_schema passes the draft-07 meta-schema. */
export function checkStreamSchemasAreValid(catalog: AirbyteCatalog): Failure[] {
  return everyStream(catalog, (stream, location) =>
    draft07MetaSchemaViolations(stream.json_schema).map((violation) => ({
      message: `${location.label} is not a valid draft-07 JSON schema: ${violation.pointer || '(root)'} ${violation.message}`,
      stream: stream.name,
      pointer: `${location.pointer}${violation.pointer}`,
    })),
  );
}

/** test_defined_refs_exist_in_schema: no `$ref` left in stream schemas. */
export function checkStreamRefsResolved(catalog: AirbyteCatalog): Failure[] {
  return everyStream(catalog, (stream, location) => unresolvedRefFailures(stream.json_schema, location));
}

/** test_defined_keyword_exist_in_schema[keyword]: the keyword (allOf, not) appears in no stream schema. */
export function checkStreamSchemasAvoidKeyword(catalog: AirbyteCatalog, keyword: string): Failure[] {
  return everyStream(catalog, (stream, location) => forbiddenKeywordFailures(stream.json_schema, keyword, location));
}

/** test_additional_properties_is_true (discovery): where set, additionalProperties is true. */
export function checkStreamAdditionalPropertiesIsTrue(catalog: AirbyteCatalog): Failure[] {
  return everyStream(catalog, (stream, location) => additionalPropertiesFailures(stream.json_schema, location));
}
