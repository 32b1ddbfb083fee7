import { anyObjectSchema, fieldPathListSchema, openObjectSchema, stringSchema } from './object-schema';
import { destinationSyncModeSchema } from './sync-modes';

export const destinationCatalogSchema = openObjectSchema({
  title: 'DestinationCatalog',
  required: ['operations'],
  properties: {
    operations: {
      type: 'array',
      items: openObjectSchema({
        title: 'DestinationOperation',
        required: ['object_name', 'sync_mode', 'json_schema'],
        properties: { object_name: stringSchema, sync_mode: destinationSyncModeSchema, json_schema: anyObjectSchema, matching_keys: fieldPathListSchema },
      }),
    },
  },
});
