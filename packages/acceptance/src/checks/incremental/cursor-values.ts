import type { JsonValue } from '@nx-airbyte/protocol';

/** A cursor value made comparable: numbers, instants (ISO dates and date-times), or plain strings. */
export type CursorValue = { kind: 'number'; value: number } | { kind: 'instant'; value: number; text: string } | { kind: 'string'; value: string };

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Epoch milliseconds (with sub-millisecond fraction) of an ISO 8601 date or date-time, read as UTC
 * when it has no offset; undefined when the text is not one. `0000-00-00` (MySQL's zero date)
 * counts as the earliest date, as Airbyte's suite does.
 */
export function parseIsoInstant(text: string): number | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', offset = 'Z'] = match;
  if (year === '0000' && month === '00' && day === '00') return Number.MIN_SAFE_INTEGER;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  const fractionMs = fraction ? Number(fraction) * 1000 : 0;
  return date.getTime() + fractionMs - offsetMinutes(offset) * 60_000;
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** The comparable form of a cursor value, or why it has none (null, object, array, boolean). */
export function toCursorValue(value: JsonValue): CursorValue | { unusable: string } {
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'string') {
    const instant = parseIsoInstant(value);
    return instant === undefined ? { kind: 'string', value } : { kind: 'instant', value: instant, text: value };
  }
  return { unusable: value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value };
}

/**
 * Orders two cursor values: negative when `left` comes first, 0 when equal, positive after;
 * undefined when they are of different kinds (a number and a date, say) and cannot be ordered.
 * `thresholdDays` moves `right` that many days earlier when both are instants (threshold_days).
 */
export function compareCursorValues(left: CursorValue, right: CursorValue, thresholdDays = 0): number | undefined {
  if (left.kind !== right.kind) return undefined;
  if (left.kind === 'instant' && right.kind === 'instant') return left.value - (right.value - thresholdDays * DAY_MS);
  if (left.kind === 'string' && right.kind === 'string') return left.value < right.value ? -1 : left.value > right.value ? 1 : 0;
  return (left.value as number) - (right.value as number);
}

/** A cursor value as it appeared, for messages. */
export function showCursorValue(value: CursorValue): string {
  return value.kind === 'instant' ? JSON.stringify(value.text) : JSON.stringify(value.value);
}
