import { RECORD_CHANGE_REASONS } from '../messages';
import { anyObjectSchema, enumSchema, integerSchema, openObjectSchema, stringSchema } from './object-schema';

const recordChangeSchema = openObjectSchema({
  title: 'AirbyteRecordMessageMetaChange',
  required: ['field', 'change', 'reason'],
  properties: {
    field: stringSchema,
    change: enumSchema(['NULLED', 'TRUNCATED']),
    reason: enumSchema(RECORD_CHANGE_REASONS),
  },
});

export const airbyteRecordMessageSchema = openObjectSchema({
  title: 'AirbyteRecordMessage',
  required: ['stream', 'data', 'emitted_at'],
  properties: {
    stream: stringSchema,
    namespace: stringSchema,
    data: anyObjectSchema,
    emitted_at: { ...integerSchema, description: 'epoch milliseconds' },
    meta: openObjectSchema({ properties: { changes: { type: 'array', items: recordChangeSchema } } }),
    file_reference: openObjectSchema({
      properties: { staging_file_url: stringSchema, source_file_relative_path: stringSchema, file_size_bytes: integerSchema },
    }),
  },
});
