import type { ConnectorSpecification, JsonSchema } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { toPointer, type PathSegment } from '../json-pointer';
import { forEachSubschema, schemaTypes } from '../schema-traversal';

/** Property names that hold secrets (CAT's list), compared case-insensitively with the whole name. */
export const SECRET_PROPERTY_NAMES: ReadonlySet<string> = new Set([
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
]);

const TYPES_THAT_CAN_HOLD_A_SECRET = new Set(['string', 'integer', 'number']);

/**
 * test_secret_is_properly_marked. A field can hold a secret when its type is string, integer or
 * number and it has no const value. Fields named like a secret that can hold one must be
 * `airbyte_secret: true`; fields that cannot hold one (boolean, object, array, null, const) must not
 * be marked, whatever their name (CAT checks the latter only for secret names).
 */
export function checkSecretsMarked(spec: ConnectorSpecification): Failure[] {
  const failures: Failure[] = [];
  forEachSubschema(spec.connectionSpecification, (node, path) => {
    if (node.type === undefined) return;
    const name = propertyName(path);
    if (name === undefined) return;
    const pointer = toPointer(['connectionSpecification', ...path]);
    const marked = node.airbyte_secret === true;
    const canHoldSecret = canHoldASecret(node);
    if (marked && !canHoldSecret) {
      failures.push({ message: `${pointer} is marked airbyte_secret but cannot hold a secret (type ${JSON.stringify(node.type)}${node.const !== undefined ? ', const' : ''}); remove airbyte_secret`, pointer, expected: false, actual: true });
    } else if (!marked && canHoldSecret && SECRET_PROPERTY_NAMES.has(name.toLowerCase())) {
      failures.push({ message: `${pointer} is named like a secret ('${name}') and can hold one; mark it airbyte_secret: true`, pointer, expected: true, actual: node.airbyte_secret ?? false });
    }
  });
  return failures;
}

/** The name of the property a subschema describes: the last step that follows `properties`. */
function propertyName(path: readonly PathSegment[]): string | undefined {
  for (let index = path.length - 1; index > 0; index--) {
    if (path[index - 1] === 'properties') return String(path[index]);
  }
  return undefined;
}

function canHoldASecret(node: JsonSchema): boolean {
  return schemaTypes(node).some((type) => TYPES_THAT_CAN_HOLD_A_SECRET.has(type)) && node.const === undefined;
}
