import type { AirbyteCatalog } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { findPropertySchema } from '../schema-fields';
import { schemaTypes } from '../schema-traversal';

/** Types a primary-key field may not have. */
const NON_KEY_TYPES = ['object', 'array'];

/** test_defined_cursors_exist_in_schema: each default_cursor_field path is declared under properties. */
export function checkDefaultCursorsExist(catalog: AirbyteCatalog): Failure[] {
  return catalog.streams.flatMap((stream, index) => {
    const cursor = stream.default_cursor_field;
    if (!cursor || cursor.length === 0 || findPropertySchema(stream.json_schema, cursor)) return [];
    return [{
      message: `stream '${stream.name}': default_cursor_field ${JSON.stringify(cursor)} is not declared in the stream's json_schema properties`,
      stream: stream.name,
      pointer: `/streams/${index}/default_cursor_field`,
      actual: cursor,
    }];
  });
}

/**
 * test_primary_keys_exist_in_schema: every source_defined_primary_key path is declared under
 * properties, and (CAT's test_primary_keys_data_type, on unless validate_primary_keys_data_type is
 * false) none is typed object or array.
 */
export function checkPrimaryKeysExist(catalog: AirbyteCatalog, options: { checkDataTypes?: boolean } = {}): Failure[] {
  const checkDataTypes = options.checkDataTypes ?? true;
  return catalog.streams.flatMap((stream, streamIndex) =>
    (stream.source_defined_primary_key ?? []).flatMap((keyPath, keyIndex): Failure[] => {
      const pointer = `/streams/${streamIndex}/source_defined_primary_key/${keyIndex}`;
      const schema = findPropertySchema(stream.json_schema, keyPath);
      if (!schema) return [{ message: `stream '${stream.name}': primary key ${JSON.stringify(keyPath)} is not declared in the stream's json_schema properties`, stream: stream.name, pointer, actual: keyPath }];
      const badTypes = schemaTypes(schema).filter((type) => NON_KEY_TYPES.includes(type));
      if (checkDataTypes && badTypes.length > 0) {
        return [{ message: `stream '${stream.name}': primary key ${JSON.stringify(keyPath)} has type ${JSON.stringify(schema.type)}; a key may not be an object or an array`, stream: stream.name, pointer, actual: schema.type }];
      }
      return [];
    }),
  );
}

/** test_streams_has_sync_modes: every stream declares a non-empty supported_sync_modes. */
export function checkStreamsHaveSyncModes(catalog: AirbyteCatalog): Failure[] {
  return catalog.streams.flatMap((stream, index) => {
    const modes: unknown = stream.supported_sync_modes;
    if (Array.isArray(modes) && modes.length > 0) return [];
    const problem = modes === undefined || modes === null ? 'does not declare supported_sync_modes' : 'has an empty supported_sync_modes';
    return [{ message: `stream '${stream.name}' ${problem}`, stream: stream.name, pointer: `/streams/${index}/supported_sync_modes`, actual: modes ?? null }];
  });
}
