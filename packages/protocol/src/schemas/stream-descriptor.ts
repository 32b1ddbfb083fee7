import { openObjectSchema, stringSchema } from './object-schema';

export const streamDescriptorSchema = openObjectSchema({
  title: 'StreamDescriptor',
  required: ['name'],
  properties: { name: stringSchema, namespace: stringSchema },
});
