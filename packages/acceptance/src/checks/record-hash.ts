import { createHash } from 'node:crypto';
import type { JsonValue } from '@nx-airbyte/protocol';

/** JSON text with object keys sorted, so equal values give equal text whatever their key order. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short fingerprint of a JSON value (SHA-256 of its canonical JSON), to compare without keeping it. */
export function hashJson(value: JsonValue): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64');
}

/** A 16-byte digest of text (the first half of its SHA-256): what a record is told apart by, in compact sets. */
export function digestText(text: string): Buffer {
  return createHash('sha256').update(text).digest().subarray(0, 16);
}
