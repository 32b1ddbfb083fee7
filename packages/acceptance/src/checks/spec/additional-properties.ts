import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { additionalPropertiesFailures } from '../schema-keyword-rules';

/** test_additional_properties_is_true (spec): where set, additionalProperties is true. */
export function checkSpecAdditionalPropertiesIsTrue(spec: ConnectorSpecification): Failure[] {
  return additionalPropertiesFailures(spec.connectionSpecification, { pointer: '/connectionSpecification', label: "the spec's connectionSpecification" });
}
