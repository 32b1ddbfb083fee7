import type { ConnectorSpecification, JsonObject } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { validateWithSchema } from '../json-schema-validation';

/**
 * test_config_match_spec: the config, without its `_`-prefixed keys (technical values of the
 * test harness), validates against the live spec's connectionSpecification.
 */
export function checkConfigMatchesSpec(spec: ConnectorSpecification, config: JsonObject): Failure[] {
  const userConfig = Object.fromEntries(Object.entries(config).filter(([key]) => !key.startsWith('_')));
  const result = validateWithSchema(spec.connectionSpecification, userConfig);
  if ('invalidSchema' in result) {
    return [{ message: `the spec's connectionSpecification is not a valid JSON schema: ${result.invalidSchema}`, pointer: '/connectionSpecification' }];
  }
  return result.violations.map((violation) => ({
    message: `config ${violation.pointer || '(root)'} ${violation.message}`,
    pointer: violation.pointer,
  }));
}
