import { anyObjectSchema, enumSchema, numberSchema, openObjectSchema } from './object-schema';

/** CONTROL payload. `connectorConfig` is optional in the protocol schema and required here: it is the message. */
export const airbyteControlMessageSchema = openObjectSchema({
  title: 'AirbyteControlMessage',
  required: ['type', 'emitted_at', 'connectorConfig'],
  properties: {
    type: enumSchema(['CONNECTOR_CONFIG']),
    emitted_at: numberSchema,
    connectorConfig: openObjectSchema({ required: ['config'], properties: { config: anyObjectSchema } }),
  },
});
