import { MESSAGE_TYPES, PAYLOAD_FIELD, type JsonSchema, type MessageType } from '../messages';
import { airbyteCatalogSchema } from './catalog';
import { airbyteConnectionStatusSchema } from './connection-status';
import { connectorSpecificationSchema } from './connector-specification';
import { airbyteControlMessageSchema } from './control';
import { destinationCatalogSchema } from './destination-catalog';
import { airbyteLogMessageSchema } from './log';
import { enumSchema, openObjectSchema } from './object-schema';
import { airbyteRecordMessageSchema } from './record';
import { airbyteStateMessageSchema } from './state';
import { airbyteTraceMessageSchema } from './trace';

/** The schema of each message type's payload (`record`, `state`, `connectionStatus`, ...). */
export const PAYLOAD_SCHEMAS: Readonly<Record<MessageType, JsonSchema>> = Object.freeze({
  RECORD: airbyteRecordMessageSchema,
  STATE: airbyteStateMessageSchema,
  LOG: airbyteLogMessageSchema,
  SPEC: connectorSpecificationSchema,
  CONNECTION_STATUS: airbyteConnectionStatusSchema,
  CATALOG: airbyteCatalogSchema,
  TRACE: airbyteTraceMessageSchema,
  CONTROL: airbyteControlMessageSchema,
  DESTINATION_CATALOG: destinationCatalogSchema,
});

function envelopeSchema(type: MessageType): JsonSchema {
  const payload = PAYLOAD_FIELD[type];
  return openObjectSchema({
    title: `AirbyteMessage (${type})`,
    required: ['type', payload],
    properties: { type: { const: type }, [payload]: PAYLOAD_SCHEMAS[type] },
  });
}

/**
 * One schema per message type: the envelope with its `type` and the payload that type names.
 * The protocol makes the payload optional; a message without it carries nothing, so ours require it.
 */
export const MESSAGE_SCHEMAS: Readonly<Record<MessageType, JsonSchema>> = Object.freeze(
  Object.fromEntries(MESSAGE_TYPES.map((type) => [type, envelopeSchema(type)])) as Record<MessageType, JsonSchema>,
);

/** Any Airbyte message, as one draft-07 schema (for files and other tools; `validateMessage` dispatches on `type`). */
export const airbyteMessageSchema: JsonSchema = openObjectSchema({
  title: 'AirbyteMessage',
  required: ['type'],
  properties: { type: enumSchema(MESSAGE_TYPES) },
  allOf: MESSAGE_TYPES.map((type) => ({ if: { properties: { type: { const: type } }, required: ['type'] }, then: MESSAGE_SCHEMAS[type] })),
});
