import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '@nx-airbyte/protocol';

const DRAFT_07_META_SCHEMA = 'http://json-schema.org/draft-07/schema';

/** One reason a value does not match a schema. */
export interface SchemaMismatch {
  /** JSON pointer into the validated value. */
  pointer: string;
  message: string;
}

/**
 * Ajv for draft-07 with format checks (date, date-time, email, uri, …). Not strict: connectors'
 * schemas carry Airbyte's own keywords (airbyte_secret, order, group, airbyte_type, …) and formats
 * ajv-formats does not know; those are ignored, as Airbyte's suite ignores them.
 */
function createDraft07Ajv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Validates `value` against `schema`. A schema that cannot be compiled gives `{ invalidSchema }`
 * instead. A root `$schema` is ignored: every schema is read as draft-07.
 */
export function validateWithSchema(schema: JsonSchema, value: unknown): { violations: SchemaMismatch[] } | { invalidSchema: string } {
  const { $schema: _declaredDraft, ...draft07Schema } = schema;
  let validate;
  try {
    validate = createDraft07Ajv().compile(draft07Schema);
  } catch (error) {
    return { invalidSchema: (error as Error).message };
  }
  return { violations: validate(value) ? [] : toViolations(validate.errors ?? []) };
}

/** Why `schema` is not a valid draft-07 JSON Schema (checked against the draft-07 meta-schema). */
export function draft07MetaSchemaViolations(schema: unknown): SchemaMismatch[] {
  const ajv = createDraft07Ajv();
  const validateMeta = ajv.getSchema(DRAFT_07_META_SCHEMA);
  if (!validateMeta) throw new Error('ajv does not ship the draft-07 meta-schema');
  return validateMeta(schema) ? [] : toViolations(validateMeta.errors ?? []);
}

function toViolations(errors: readonly ErrorObject[]): SchemaMismatch[] {
  return errors.map((error) => ({ pointer: error.instancePath, message: describeError(error) }));
}

function describeError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${error.message} '${String(params.additionalProperty)}'`;
  if (error.keyword === 'enum') return `${error.message}: ${JSON.stringify(params.allowedValues)}`;
  return error.message ?? error.keyword;
}
