import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { unresolvedRefFailures } from '../schema-keyword-rules';

const OAUTH_SCHEMAS = [
  'oauth_user_input_from_connector_config_specification',
  'complete_oauth_output_specification',
  'complete_oauth_server_input_specification',
  'complete_oauth_server_output_specification',
] as const;

/** test_defined_refs_exist_in_json_spec_file: no `$ref` in the spec's schemas (connection and OAuth). */
export function checkSpecRefsResolved(spec: ConnectorSpecification): Failure[] {
  const failures = unresolvedRefFailures(spec.connectionSpecification, { pointer: '/connectionSpecification', label: "the spec's connectionSpecification" });
  const oauth = spec.advanced_auth?.oauth_config_specification;
  for (const name of OAUTH_SCHEMAS) {
    const schema = oauth?.[name];
    if (schema) failures.push(...unresolvedRefFailures(schema, { pointer: `/advanced_auth/oauth_config_specification/${name}`, label: `the spec's ${name}` }));
  }
  return failures;
}
