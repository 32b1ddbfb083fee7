import type { JsonSchema } from '../messages';

/** The shape of an open protocol object: any unknown field is allowed, as everywhere in the protocol. */
export interface ObjectSchemaParts {
  title?: string;
  description?: string;
  required?: readonly string[];
  properties: Record<string, JsonSchema>;
  allOf?: readonly JsonSchema[];
}

/** A draft-07 schema for an open protocol object, frozen so no caller can change a compiled validator's meaning. */
export function openObjectSchema(parts: ObjectSchemaParts): JsonSchema {
  const schema: JsonSchema = { type: 'object', additionalProperties: true };
  if (parts.title) schema.title = parts.title;
  if (parts.description) schema.description = parts.description;
  if (parts.required && parts.required.length > 0) schema.required = [...parts.required];
  schema.properties = parts.properties;
  if (parts.allOf && parts.allOf.length > 0) schema.allOf = [...parts.allOf];
  return deepFreeze(schema);
}

/** `{"type": "string", "enum": [...]}` for one of the protocol's enumerations. */
export function enumSchema(values: readonly string[], description?: string): JsonSchema {
  return deepFreeze(description ? { type: 'string', enum: [...values], description } : { type: 'string', enum: [...values] });
}

/** `if <field> is <value> then <required payload>`: how our schemas tie a payload to its discriminator. */
export function requirePayloadWhen(field: string, value: string, payload: string): JsonSchema {
  return deepFreeze({ if: { properties: { [field]: { const: value } }, required: [field] }, then: { required: [payload] } });
}

export const stringSchema: JsonSchema = Object.freeze({ type: 'string' });
export const integerSchema: JsonSchema = Object.freeze({ type: 'integer' });
export const numberSchema: JsonSchema = Object.freeze({ type: 'number' });
export const booleanSchema: JsonSchema = Object.freeze({ type: 'boolean' });
export const anyObjectSchema: JsonSchema = Object.freeze({ type: 'object' });
export const stringArraySchema: JsonSchema = Object.freeze({ type: 'array', items: stringSchema });
/** A list of field paths, e.g. a primary key: `[["id"], ["account", "id"]]`. */
export const fieldPathListSchema: JsonSchema = Object.freeze({ type: 'array', items: stringArraySchema });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
