import { CONNECTION_STATUSES } from '../messages';
import { enumSchema, openObjectSchema, stringSchema } from './object-schema';

export const airbyteConnectionStatusSchema = openObjectSchema({
  title: 'AirbyteConnectionStatus',
  required: ['status'],
  properties: { status: enumSchema(CONNECTION_STATUSES), message: stringSchema },
});
