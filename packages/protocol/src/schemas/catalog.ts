import {
  anyObjectSchema,
  booleanSchema,
  fieldPathListSchema,
  integerSchema,
  openObjectSchema,
  stringArraySchema,
  stringSchema,
} from './object-schema';
import { destinationSyncModeSchema, syncModeSchema } from './sync-modes';

export const airbyteStreamSchema = openObjectSchema({
  title: 'AirbyteStream',
  required: ['name', 'json_schema', 'supported_sync_modes'],
  properties: {
    name: stringSchema,
    json_schema: { ...anyObjectSchema, description: "the stream's record schema (JSON Schema draft-07)" },
    supported_sync_modes: { type: 'array', minItems: 1, items: syncModeSchema },
    source_defined_cursor: booleanSchema,
    default_cursor_field: stringArraySchema,
    source_defined_primary_key: fieldPathListSchema,
    namespace: stringSchema,
    is_resumable: booleanSchema,
    is_file_based: booleanSchema,
  },
});

/** The CATALOG payload: what `discover` prints. */
export const airbyteCatalogSchema = openObjectSchema({
  title: 'AirbyteCatalog',
  required: ['streams'],
  properties: { streams: { type: 'array', items: airbyteStreamSchema } },
});

export const configuredAirbyteStreamSchema = openObjectSchema({
  title: 'ConfiguredAirbyteStream',
  required: ['stream', 'sync_mode', 'destination_sync_mode'],
  properties: {
    stream: airbyteStreamSchema,
    sync_mode: syncModeSchema,
    cursor_field: stringArraySchema,
    destination_sync_mode: destinationSyncModeSchema,
    destination_object_name: stringSchema,
    primary_key: fieldPathListSchema,
    generation_id: integerSchema,
    minimum_generation_id: integerSchema,
    sync_id: integerSchema,
    include_files: booleanSchema,
  },
});

/** What `read --catalog` and `write --catalog` take: configured_catalog.json. */
export const configuredAirbyteCatalogSchema = openObjectSchema({
  title: 'ConfiguredAirbyteCatalog',
  required: ['streams'],
  properties: { streams: { type: 'array', items: configuredAirbyteStreamSchema } },
});
