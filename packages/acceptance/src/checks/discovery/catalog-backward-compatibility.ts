import type { AirbyteCatalog } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { jsonEqual } from '../json-value';
import { CATALOG_COMPATIBILITY, schemaIncompatibilities } from '../schema-compatibility';

/**
 * test_backward_compatibility (discovery): no stream removed; in each kept stream no property
 * removed and no type changed or narrowed (only `null` may be added); a default_cursor_field
 * the previous version declared is unchanged (declaring one where there was none is allowed).
 */
export function checkCatalogBackwardCompatibility(previous: AirbyteCatalog, current: AirbyteCatalog): Failure[] {
  const failures: Failure[] = [];
  const currentByName = new Map(current.streams.map((stream, index) => [stream.name, { stream, index }]));
  for (const before of previous.streams) {
    const found = currentByName.get(before.name);
    if (!found) {
      failures.push({ message: `the catalog is not backward compatible: stream '${before.name}' was removed`, stream: before.name });
      continue;
    }
    const { stream: after, index } = found;
    const schemaPath = ['streams', index, 'json_schema'];
    for (const failure of schemaIncompatibilities(before.json_schema, after.json_schema, CATALOG_COMPATIBILITY, schemaPath)) {
      failures.push({ ...failure, stream: before.name, message: `the catalog is not backward compatible: stream '${before.name}' ${failure.message}` });
    }
    if (before.default_cursor_field && before.default_cursor_field.length > 0 && !jsonEqual(before.default_cursor_field, after.default_cursor_field ?? null)) {
      failures.push({
        message: `the catalog is not backward compatible: stream '${before.name}' default_cursor_field changed from ${JSON.stringify(before.default_cursor_field)} to ${JSON.stringify(after.default_cursor_field ?? null)}`,
        stream: before.name,
        pointer: `/streams/${index}/default_cursor_field`,
        expected: before.default_cursor_field,
        actual: after.default_cursor_field ?? null,
      });
    }
  }
  return failures;
}
