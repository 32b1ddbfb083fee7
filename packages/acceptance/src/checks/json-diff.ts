import type { JsonValue } from '@nx-airbyte/protocol';
import { isJsonObject, jsonEqual } from './json-value';
import { toPointer, type PathSegment } from './json-pointer';

/** One place where two JSON documents differ; `undefined` means "absent on that side". */
export interface JsonDifference {
  pointer: string;
  expected: JsonValue | undefined;
  actual: JsonValue | undefined;
}

/**
 * The deepest paths at which `actual` differs from `expected`, in document order, at most `limit`.
 * Objects are compared key by key; arrays of equal length element by element; anything else
 * (including arrays of different lengths) as a whole.
 */
export function diffJson(expected: JsonValue | undefined, actual: JsonValue | undefined, limit = 20): JsonDifference[] {
  const differences: JsonDifference[] = [];
  collect(expected, actual, [], differences, limit);
  return differences;
}

function collect(expected: JsonValue | undefined, actual: JsonValue | undefined, path: PathSegment[], out: JsonDifference[], limit: number): void {
  if (out.length >= limit || jsonEqual(expected, actual)) return;
  if (isJsonObject(expected) && isJsonObject(actual)) {
    const keys = [...Object.keys(expected), ...Object.keys(actual).filter((key) => !(key in expected))];
    for (const key of keys) collect(expected[key], actual[key], [...path, key], out, limit);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, index) => collect(item, actual[index], [...path, index], out, limit));
    return;
  }
  out.push({ pointer: toPointer(path), expected, actual });
}

/** One line per difference, e.g. `/a/b: expected "x", got 3` or `/c: expected 1, got nothing`. */
export function describeDifferences(differences: readonly JsonDifference[]): string {
  return differences.map((difference) => `${difference.pointer || '(root)'}: expected ${show(difference.expected)}, got ${show(difference.actual)}`).join('; ');
}

function show(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
