import type { ConnectorSpecification } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { SPEC_COMPATIBILITY, schemaIncompatibilities } from '../schema-compatibility';

/**
 * test_backward_compatibility (spec): every config valid for the previous version's
 * connectionSpecification must stay valid. Rules: see docs/acceptance-tests.md and
 * SPEC_COMPATIBILITY. The orchestrator skips the test when both specs are equal.
 */
export function checkSpecBackwardCompatibility(previous: ConnectorSpecification, current: ConnectorSpecification): Failure[] {
  return schemaIncompatibilities(previous.connectionSpecification, current.connectionSpecification, SPEC_COMPATIBILITY, ['connectionSpecification']).map((failure) => ({
    ...failure,
    message: `the spec is not backward compatible: ${failure.message}`,
  }));
}
