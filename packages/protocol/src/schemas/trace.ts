import { FAILURE_TYPES, STREAM_STATUSES, TRACE_TYPES } from '../messages';
import { enumSchema, integerSchema, numberSchema, openObjectSchema, requirePayloadWhen, stringSchema } from './object-schema';
import { streamDescriptorSchema } from './stream-descriptor';

const errorTraceSchema = openObjectSchema({
  title: 'AirbyteErrorTraceMessage',
  required: ['message'],
  properties: {
    message: stringSchema,
    internal_message: stringSchema,
    stack_trace: stringSchema,
    failure_type: enumSchema(FAILURE_TYPES),
    stream_descriptor: streamDescriptorSchema,
  },
});

const estimateTraceSchema = openObjectSchema({
  title: 'AirbyteEstimateTraceMessage',
  required: ['name', 'type'],
  properties: {
    name: stringSchema,
    type: enumSchema(['STREAM', 'SYNC']),
    namespace: stringSchema,
    row_estimate: integerSchema,
    byte_estimate: integerSchema,
  },
});

const streamStatusTraceSchema = openObjectSchema({
  title: 'AirbyteStreamStatusTraceMessage',
  required: ['stream_descriptor', 'status'],
  properties: {
    stream_descriptor: streamDescriptorSchema,
    status: enumSchema(STREAM_STATUSES),
    reasons: {
      type: 'array',
      items: openObjectSchema({
        required: ['type'],
        properties: { type: enumSchema(['RATE_LIMITED']), rate_limited: openObjectSchema({ properties: { quota_reset: integerSchema } }) },
      }),
    },
  },
});

const analyticsTraceSchema = openObjectSchema({
  title: 'AirbyteAnalyticsTraceMessage',
  required: ['type'],
  properties: { type: stringSchema, value: stringSchema },
});

/** TRACE payload: `type`, `emitted_at` and the payload its type names. */
export const airbyteTraceMessageSchema = openObjectSchema({
  title: 'AirbyteTraceMessage',
  required: ['type', 'emitted_at'],
  properties: {
    type: enumSchema(TRACE_TYPES),
    emitted_at: { ...numberSchema, description: 'epoch milliseconds (a number, not an integer, in the protocol)' },
    error: errorTraceSchema,
    estimate: estimateTraceSchema,
    stream_status: streamStatusTraceSchema,
    analytics: analyticsTraceSchema,
  },
  allOf: [
    requirePayloadWhen('type', 'ERROR', 'error'),
    requirePayloadWhen('type', 'ESTIMATE', 'estimate'),
    requirePayloadWhen('type', 'STREAM_STATUS', 'stream_status'),
    requirePayloadWhen('type', 'ANALYTICS', 'analytics'),
  ],
});
