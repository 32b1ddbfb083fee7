import type { JsonValue } from '@nx-airbyte/protocol';
import { isJsonObject } from './json-value';

/** A field path of the acceptance config, split on `/`; `*` stands for any key or array index. */
export type FieldPattern = readonly string[];

const WILDCARD = '*';

/** `charges/data/* /receipt_url` (without the space) → ['charges', 'data', '*', 'receipt_url']. */
export function parseFieldPattern(text: string): FieldPattern {
  return text.split('/').filter((segment) => segment.length > 0);
}

/**
 * A copy of `value` without the fields the patterns name. Untouched branches are shared with the
 * input, which is never modified. A pattern that matches nothing removes nothing.
 */
export function withoutFields(value: JsonValue, patterns: readonly FieldPattern[]): JsonValue {
  const live = patterns.filter((pattern) => pattern.length > 0);
  return live.length === 0 ? value : strip(value, live);
}

function strip(value: JsonValue, patterns: readonly FieldPattern[]): JsonValue {
  if (Array.isArray(value)) {
    const onItems = patterns.filter((pattern) => pattern[0] === WILDCARD || /^\d+$/.test(pattern[0]));
    if (onItems.length === 0) return value;
    return value.flatMap((item, index) => {
      const here = onItems.filter((pattern) => pattern[0] === WILDCARD || Number(pattern[0]) === index);
      if (here.some((pattern) => pattern.length === 1)) return [];
      const deeper = here.map((pattern) => pattern.slice(1));
      return [deeper.length === 0 ? item : strip(item, deeper)];
    });
  }
  if (!isJsonObject(value)) return value;
  let copy: { [key: string]: JsonValue } | undefined;
  for (const key of Object.keys(value)) {
    const here = patterns.filter((pattern) => pattern[0] === WILDCARD || pattern[0] === key);
    if (here.length === 0) continue;
    copy ??= { ...value };
    if (here.some((pattern) => pattern.length === 1)) {
      delete copy[key];
      continue;
    }
    copy[key] = strip(value[key], here.map((pattern) => pattern.slice(1)));
  }
  return copy ?? value;
}
