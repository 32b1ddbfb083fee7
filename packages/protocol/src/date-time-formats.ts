import type Ajv from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';

/**
 * How `format: date-time` (and `time`) values are checked in records.
 * - `lenient` (default): what Airbyte's acceptance tests accepted. A date, `T` or a space, a time,
 *   optional fraction, optional zone (`Z`, `UTC`, `GMT`, `+hh`, `+hhmm`, `+hh:mm`), with real
 *   calendar and clock ranges: `2021-01-01T00:00:00`, `2021-01-01 00:00:00`, `2021-1-1T0:0:0.5+0100`.
 *   `time` may omit its zone. This matches Airbyte's `timestamp_without_timezone` and
 *   `time_without_timezone` types, which many connectors declare as plain `format: date-time`/`time`.
 * - `strict`: RFC 3339 as ajv-formats checks it: two-digit fields and a mandatory zone; `time` too.
 */
export type DateTimeFormatMode = 'lenient' | 'strict';

export const DATE_TIME_FORMAT_MODES: readonly DateTimeFormatMode[] = ['lenient', 'strict'];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const [ZERO, NINE, DASH, COLON, DOT, COMMA, PLUS, T, LOWER_T, Z, LOWER_Z] = [...'09-:.,+TtZz'].map((c) => c.charCodeAt(0));

// The scanner's cursor: module state instead of an object per call, because this runs on every
// date-time of every record. Only isLenientDateTime sets it, synchronously.
let text = '';
let at = 0;

/** A number of `min` to `max` digits at the cursor, or -1. */
function digits(min: number, max: number): number {
  let value = 0;
  let count = 0;
  while (count < max && at < text.length) {
    const digit = text.charCodeAt(at) - ZERO;
    if (digit < 0 || digit > NINE - ZERO) break;
    value = value * 10 + digit;
    at += 1;
    count += 1;
  }
  return count >= min ? value : -1;
}

function skip(code: number): boolean {
  if (text.charCodeAt(at) !== code) return false;
  at += 1;
  return true;
}

function skipWord(word: string): boolean {
  if (!text.startsWith(word, at)) return false;
  at += word.length;
  return true;
}

// What ajv-formats' date-time separator /t|\s/i takes besides t and T.
const WHITESPACE = /^\s$/;

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Points the scanner at `value` and reads a real calendar date `YYYY-MM-DD` at its start. */
function startDate(value: string, minFieldDigits: number, minYear: number): boolean {
  text = value;
  at = 0;
  const year = digits(4, 4);
  if (year < minYear || !skip(DASH)) return false;
  const month = digits(minFieldDigits, 2);
  if (month < 1 || month > 12 || !skip(DASH)) return false;
  const day = digits(minFieldDigits, 2);
  return day >= 1 && day <= daysInMonth(year, month);
}

/**
 * The lenient `date-time` check (see DateTimeFormatMode):
 * `YYYY-M[M]-D[D]` then `T`, `t` or a space, then `h[h]:m[m]:s[s]`, an optional `.`/`,` fraction,
 * optional spaces and an optional zone `Z`, `UTC`, `GMT`, `+hh`, `+hhmm` or `+hh:mm`; with real
 * calendar and clock ranges (no 2021-02-29, no 24:00:00, no second 60).
 */
export function isLenientDateTime(value: string): boolean {
  if (typeof value !== 'string' || !startDate(value, 1, 1)) return false;
  const separator = text.charCodeAt(at);
  if (separator !== T && separator !== LOWER_T && !isSpace(separator)) return false;
  at += 1;
  const hour = digits(1, 2);
  if (hour < 0 || hour > 23 || !skip(COLON)) return false;
  const minute = digits(1, 2);
  if (minute < 0 || minute > 59 || !skip(COLON)) return false;
  const second = digits(1, 2);
  if (second < 0 || second > 59) return false;
  if ((skip(DOT) || skip(COMMA)) && digits(1, Infinity) < 0) return false;
  while (isSpace(text.charCodeAt(at))) at += 1;
  if (at === text.length) return true;
  if (skip(Z) || skip(LOWER_Z) || skipWord('UTC') || skipWord('GMT')) return at === text.length;
  if (!skip(PLUS) && !skip(DASH)) return false;
  const offsetHours = digits(2, 2);
  if (offsetHours < 0 || offsetHours > 23) return false;
  if (at === text.length) return true;
  skip(COLON);
  const offsetMinutes = digits(2, 2);
  return offsetMinutes >= 0 && offsetMinutes <= 59 && at === text.length;
}

/**
 * The strict `date-time` check: RFC 3339 exactly as ajv-formats' full mode checks it (a unit test
 * compares the two on thousands of strings), as a scanner, because theirs costs ~5x more per value.
 * `YYYY-MM-DD`, one `T`/`t`/whitespace, `hh:mm:ss[.fff]`, a mandatory zone `Z` or `+hh[[:]mm]`;
 * second 60 only where it is 23:59:60 in UTC.
 */
export function isStrictDateTime(value: string): boolean {
  if (typeof value !== 'string' || !startDate(value, 2, 0)) return false;
  const separator = text.charCodeAt(at);
  if (separator !== T && separator !== LOWER_T && !WHITESPACE.test(text.charAt(at))) return false;
  at += 1;
  const hour = digits(2, 2);
  if (hour < 0 || !skip(COLON)) return false;
  const minute = digits(2, 2);
  if (minute < 0 || !skip(COLON)) return false;
  const second = digits(2, 2);
  if (second < 0 || (skip(DOT) && digits(1, Infinity) < 0)) return false;
  let sign = 1;
  let offsetHours = 0;
  let offsetMinutes = 0;
  if (!skip(Z) && !skip(LOWER_Z)) {
    if (skip(DASH)) sign = -1;
    else if (!skip(PLUS)) return false;
    offsetHours = digits(2, 2);
    if (offsetHours < 0) return false;
    if (at < text.length) {
      skip(COLON);
      offsetMinutes = digits(2, 2);
      if (offsetMinutes < 0) return false;
    }
  }
  if (at !== text.length || offsetHours > 23 || offsetMinutes > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinutes * sign;
  const utcHour = hour - offsetHours * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** Installs the chosen date-time mode on an ajv that already has ajv-formats' full formats. */
export function useDateTimeFormatMode(ajv: Ajv, mode: DateTimeFormatMode): void {
  if (mode === 'lenient') {
    ajv.addFormat('date-time', isLenientDateTime);
    ajv.addFormat('time', fullFormats['iso-time']);
  } else {
    ajv.addFormat('date-time', isStrictDateTime);
  }
}
