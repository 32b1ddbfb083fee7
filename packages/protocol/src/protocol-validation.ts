import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { MESSAGE_TYPES, type JsonSchema, type MessageType } from './messages';
import { airbyteCatalogSchema, configuredAirbyteCatalogSchema } from './schemas/catalog';
import { connectorSpecificationSchema } from './schemas/connector-specification';
import { MESSAGE_SCHEMAS } from './schemas/message';
import { checkOptionsObject } from './argument-checks';
import { describeValue, toViolations, type SchemaViolation } from './schema-violations';

/** Where a validated document came from, e.g. a file path; it starts every violation message. */
export interface DocumentValidationOptions {
  source?: string;
}

const KNOWN_MESSAGE_TYPES: ReadonlySet<string> = new Set(MESSAGE_TYPES);

let protocolAjv: Ajv | undefined;
const compiled = new Map<JsonSchema, ValidateFunction>();

/**
 * Our own schemas are compiled in strict mode (a mistake in them should fail loudly), each once, on
 * first use. `strictRequired` is off because `if/then` requires payload fields declared beside it;
 * meta-schema validation is off because it doubles the first compile and a unit test does it instead.
 */
function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    protocolAjv ??= addFormats(new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true, validateSchema: false }), ['uri']);
    validate = protocolAjv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The compiled validator of one message type's envelope and payload. */
export function messageValidator(type: MessageType): ValidateFunction {
  return validatorFor(MESSAGE_SCHEMAS[type]);
}

export function isMessageType(type: unknown): type is MessageType {
  return typeof type === 'string' && KNOWN_MESSAGE_TYPES.has(type);
}

/**
 * Checks any parsed JSON value against the message schemas and says everything that is wrong with
 * it; an empty list means it is a valid Airbyte message. Every violation message starts with what
 * the value was taken for: `RECORD message: /record/emitted_at must be integer (got string "1")`.
 */
export function validateMessage(value: unknown): SchemaViolation[] {
  const problems = findMessageProblems(value);
  return problems ? prefixed(problems.subject, problems.violations) : [];
}

/** What is wrong with a value taken for a message, unprefixed, or undefined when nothing is. */
export function findMessageProblems(value: unknown): { subject: string; violations: SchemaViolation[] } | undefined {
  const envelopeProblem = checkEnvelope(value);
  if (envelopeProblem) return { subject: envelopeProblem.subject, violations: [envelopeProblem.violation] };
  const type = (value as { type: MessageType }).type;
  const validate = messageValidator(type);
  if (validate(value)) return undefined;
  return { subject: `${type} message`, violations: toViolations(validate.errors ?? [], '') };
}

/** The failure before any payload schema applies: not an object, no `type`, or an unknown `type`. */
function checkEnvelope(value: unknown): { subject: string; violation: SchemaViolation } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const actual = describeValue(value);
    const violation = { instancePath: '', schemaPath: '#/type', keyword: 'type', expected: 'must be object', actual, message: `must be object (got ${actual})` };
    return { subject: 'not a JSON object', violation };
  }
  const type = (value as { type?: unknown }).type;
  if (type === undefined) {
    const expected = "must have required property 'type'";
    return { subject: 'not a message', violation: { instancePath: '', schemaPath: '#/required', keyword: 'required', expected, message: expected } };
  }
  if (!isMessageType(type)) {
    const expected = `must be one of ${MESSAGE_TYPES.join(', ')}`;
    const actual = describeValue(type);
    const violation = { instancePath: '/type', schemaPath: '#/properties/type/enum', keyword: 'enum', expected, actual, message: `/type ${expected} (got ${actual})` };
    return { subject: 'unknown message type', violation };
  }
  return undefined;
}

/** Checks a ConfiguredAirbyteCatalog, e.g. the parsed contents of configured_catalog.json. */
export function validateConfiguredCatalog(value: unknown, options: DocumentValidationOptions = {}): SchemaViolation[] {
  checkOptionsObject('validateConfiguredCatalog', options);
  return validateDocument(configuredAirbyteCatalogSchema, value, options.source ?? 'configured catalog');
}

/** Checks an AirbyteCatalog, the payload of a CATALOG message (what `discover` prints). */
export function validateCatalog(value: unknown, options: DocumentValidationOptions = {}): SchemaViolation[] {
  checkOptionsObject('validateCatalog', options);
  return validateDocument(airbyteCatalogSchema, value, options.source ?? 'catalog');
}

/** Checks a ConnectorSpecification, the payload of a SPEC message or a spec.json/spec.yaml file's contents. */
export function validateConnectorSpecification(value: unknown, options: DocumentValidationOptions = {}): SchemaViolation[] {
  checkOptionsObject('validateConnectorSpecification', options);
  return validateDocument(connectorSpecificationSchema, value, options.source ?? 'connector specification');
}

function validateDocument(schema: JsonSchema, value: unknown, source: string): SchemaViolation[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return prefixed(source, toViolations(validate.errors ?? [], ''));
}

function prefixed(label: string, violations: SchemaViolation[]): SchemaViolation[] {
  return violations.map((violation) => ({ ...violation, message: `${label}: ${violation.message}` }));
}
