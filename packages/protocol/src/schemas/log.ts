import { LOG_LEVELS } from '../messages';
import { enumSchema, openObjectSchema, stringSchema } from './object-schema';

/** A LOG whose `log` is a plain string (as in Airbyte's own "hard way" tutorial) fails: `log` must be an object. */
export const airbyteLogMessageSchema = openObjectSchema({
  title: 'AirbyteLogMessage',
  required: ['level', 'message'],
  properties: { level: enumSchema(LOG_LEVELS), message: stringSchema, stack_trace: stringSchema },
});
