import type { ConnectorSpecification, JsonValue } from '@nx-airbyte/protocol';
import type { Failure } from '../failure';
import { diffJson } from '../json-diff';

/** How many differing paths test_match_expected lists before it stops looking. */
export const SPEC_DIFFERENCES_SHOWN = 20;

/**
 * test_match_expected: the live spec equals the spec file (spec_path), compared as JSON values
 * (key order does not matter). One failure per differing path, expected (file) vs actual (live).
 */
export function checkSpecMatchesExpected(actual: ConnectorSpecification, expected: ConnectorSpecification): Failure[] {
  const differences = diffJson(expected as JsonValue, actual as JsonValue, SPEC_DIFFERENCES_SHOWN + 1);
  const failures: Failure[] = differences.slice(0, SPEC_DIFFERENCES_SHOWN).map((difference) => ({
    message: `the live spec differs from the expected spec at ${difference.pointer || '(root)'}: ${describe(difference.expected, difference.actual)}`,
    pointer: difference.pointer,
    expected: difference.expected,
    actual: difference.actual,
  }));
  if (differences.length > SPEC_DIFFERENCES_SHOWN) failures.push({ message: `the live spec has more differences than the ${SPEC_DIFFERENCES_SHOWN} listed` });
  return failures;
}

function describe(expected: JsonValue | undefined, actual: JsonValue | undefined): string {
  if (expected === undefined) return 'present in the live spec only';
  if (actual === undefined) return 'missing from the live spec';
  return `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
