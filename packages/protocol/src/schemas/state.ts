import { STATE_TYPES } from '../messages';
import { enumSchema, numberSchema, openObjectSchema, requirePayloadWhen } from './object-schema';
import { streamDescriptorSchema } from './stream-descriptor';

/** An opaque state blob; null means "reset" (protocol documentation), although the YAML only says object. */
const stateBlobSchema = Object.freeze({ type: ['object', 'null'] });

const streamStateSchema = openObjectSchema({
  title: 'AirbyteStreamState',
  required: ['stream_descriptor'],
  properties: { stream_descriptor: streamDescriptorSchema, stream_state: stateBlobSchema },
});

const stateStatsSchema = openObjectSchema({
  title: 'AirbyteStateStats',
  properties: { recordCount: numberSchema, rejectedRecordCount: numberSchema },
});

export const airbyteStateMessageSchema = openObjectSchema({
  title: 'AirbyteStateMessage',
  description: 'Without `type` a state is LEGACY. A STREAM state needs `stream`, a GLOBAL state needs `global`.',
  properties: {
    type: enumSchema(STATE_TYPES),
    stream: streamStateSchema,
    global: openObjectSchema({
      title: 'AirbyteGlobalState',
      required: ['stream_states'],
      properties: { shared_state: stateBlobSchema, stream_states: { type: 'array', items: streamStateSchema } },
    }),
    data: stateBlobSchema,
    sourceStats: stateStatsSchema,
    destinationStats: stateStatsSchema,
  },
  allOf: [requirePayloadWhen('type', 'STREAM', 'stream'), requirePayloadWhen('type', 'GLOBAL', 'global')],
});
