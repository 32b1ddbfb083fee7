import type { ConnectorSpecification, JsonSchema } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { isSchemaObject } from '../schema-traversal';

const OAUTH_SCHEMAS_WITH_CONFIG_PATHS = [
  'oauth_user_input_from_connector_config_specification',
  'complete_oauth_output_specification',
  'complete_oauth_server_output_specification',
] as const;

/**
 * test_oauth_flow_parameters: every config path the OAuth declarations name exists in the
 * connectionSpecification. For the deprecated authSpecification: rootObject plus each of
 * oauthFlowInitParameters and oauthFlowOutputParameters (a two-element rootObject
 * [property, index] names one variant of that property's oneOf). For advanced_auth:
 * predicate_key and every `path_in_connector_config` of the oauth_config_specification schemas.
 */
export function checkOAuthFlowParameters(spec: ConnectorSpecification): Failure[] {
  return [...authSpecificationFailures(spec), ...advancedAuthFailures(spec)];
}

function authSpecificationFailures(spec: ConnectorSpecification): Failure[] {
  const oauth = spec.authSpecification?.oauth2Specification;
  if (!oauth) return [];
  const rootObject = oauth.rootObject ?? [];
  if (rootObject.length > 2) {
    return [{ message: `authSpecification.oauth2Specification.rootObject has ${rootObject.length} elements; it may have at most 2 ([property] or [property, oneOf index])`, pointer: '/authSpecification/oauth2Specification/rootObject', actual: rootObject }];
  }
  const root = rootSchema(spec.connectionSpecification, rootObject);
  if (!root) {
    return [{ message: `authSpecification.oauth2Specification.rootObject ${JSON.stringify(rootObject)} does not exist in the connectionSpecification`, pointer: '/authSpecification/oauth2Specification/rootObject', actual: rootObject }];
  }
  const failures: Failure[] = [];
  for (const listName of ['oauthFlowInitParameters', 'oauthFlowOutputParameters'] as const) {
    (oauth[listName] ?? []).forEach((parameter, index) => {
      if (propertyExists(root, parameter)) return;
      const shown = [...rootObject.map(String), ...parameter].join('.');
      failures.push({ message: `authSpecification ${listName} names '${shown}', which the connectionSpecification does not declare`, pointer: `/authSpecification/oauth2Specification/${listName}/${index}`, actual: parameter });
    });
  }
  return failures;
}

function rootSchema(connectionSpecification: JsonSchema, rootObject: ReadonlyArray<string | number>): JsonSchema | undefined {
  if (rootObject.length === 0) return connectionSpecification;
  const property = childProperty(connectionSpecification, String(rootObject[0]));
  if (!property || rootObject.length === 1) return property;
  const variants = property.oneOf ?? property.anyOf;
  const variant = Array.isArray(variants) ? variants[Number(rootObject[1])] : undefined;
  return isSchemaObject(variant) ? variant : undefined;
}

function advancedAuthFailures(spec: ConnectorSpecification): Failure[] {
  const advancedAuth = spec.advanced_auth;
  if (!advancedAuth) return [];
  const failures: Failure[] = [];
  const predicate = advancedAuth.predicate_key;
  if (predicate && predicate.length > 0 && !propertyExists(spec.connectionSpecification, predicate)) {
    failures.push({ message: `advanced_auth.predicate_key '${predicate.join('.')}' does not exist in the connectionSpecification`, pointer: '/advanced_auth/predicate_key', actual: predicate });
  }
  const oauth = advancedAuth.oauth_config_specification;
  for (const schemaName of OAUTH_SCHEMAS_WITH_CONFIG_PATHS) {
    const properties = oauth?.[schemaName]?.properties;
    if (!isSchemaObject(properties)) continue;
    for (const [name, property] of Object.entries(properties)) {
      const path = isSchemaObject(property) ? property.path_in_connector_config : undefined;
      if (!Array.isArray(path)) continue;
      const steps = path.map(String);
      if (propertyExists(spec.connectionSpecification, steps)) continue;
      failures.push({
        message: `advanced_auth ${schemaName}.${name} maps to '${steps.join('.')}', which the connectionSpecification does not declare`,
        pointer: `/advanced_auth/oauth_config_specification/${schemaName}/properties/${name}/path_in_connector_config`,
        actual: path,
      });
    }
  }
  return failures;
}

/** Whether a property path exists, stepping through `properties` and into any oneOf/anyOf variant. */
function propertyExists(schema: JsonSchema, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  const [head, ...rest] = path;
  return alternativesOf(schema).some((candidate) => {
    const child = childProperty(candidate, head);
    return child !== undefined && propertyExists(child, rest);
  });
}

function alternativesOf(schema: JsonSchema): JsonSchema[] {
  const variants = [...(Array.isArray(schema.oneOf) ? schema.oneOf : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf : [])].filter(isSchemaObject);
  return [schema, ...variants];
}

function childProperty(schema: JsonSchema, name: string): JsonSchema | undefined {
  const properties = schema.properties;
  if (!isSchemaObject(properties)) return undefined;
  const child = properties[name];
  return isSchemaObject(child) ? child : undefined;
}
