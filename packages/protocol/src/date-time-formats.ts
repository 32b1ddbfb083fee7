import type Ajv from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';

/**
 * How `format: date-time` (and `time`) values are checked in records.
 * - `lenient` (default): what Airbyte's acceptance tests accepted. A date, `T` or a space, a time,
 *   optional fraction, optional zone (`Z`, `UTC`, `GMT`, `+hh`, `+hhmm`, `+hh:mm`), with real
 *   calendar and clock ranges: `2021-01-01T00:00:00`, `2021-01-01 00:00:00`, `2021-1-1T0:0:0.5+0100`.
 *   `time` may omit its zone. This matches Airbyte's `timestamp_without_timezone` and
 *   `time_without_timezone` types, which many connectors declare as plain `format: date-time`/`time`.
 * - `strict`: RFC 3339 as ajv-formats checks it: two-digit fields and a mandatory zone.
 */
export type DateTimeFormatMode = 'lenient' | 'strict';

export const DATE_TIME_FORMAT_MODES: readonly DateTimeFormatMode[] = ['lenient', 'strict'];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const [ZERO, NINE, DASH, COLON, DOT, COMMA, PLUS, T, LOWER_T, Z, LOWER_Z] = [...'09-:.,+TtZz'].map((c) => c.charCodeAt(0));

/** Reads a date-time left to right; a scanner instead of a regular expression because it runs on every record. */
class Scanner {
  position = 0;
  constructor(private readonly text: string) {}

  /** A number of `min` to `max` digits, or -1. */
  number(min: number, max: number): number {
    let value = 0;
    let count = 0;
    while (count < max && this.position < this.text.length) {
      const digit = this.text.charCodeAt(this.position) - ZERO;
      if (digit < 0 || digit > NINE - ZERO) break;
      value = value * 10 + digit;
      this.position += 1;
      count += 1;
    }
    return count >= min ? value : -1;
  }

  skip(code: number): boolean {
    if (this.text.charCodeAt(this.position) !== code) return false;
    this.position += 1;
    return true;
  }

  skipSpaces(): void {
    while (isSpace(this.text.charCodeAt(this.position))) this.position += 1;
  }

  skipWord(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false;
    this.position += word.length;
    return true;
  }

  get atEnd(): boolean {
    return this.position === this.text.length;
  }

  get next(): number {
    return this.text.charCodeAt(this.position);
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * The lenient `date-time` check (see DateTimeFormatMode):
 * `YYYY-M[M]-D[D]` then `T`, `t` or a space, then `h[h]:m[m]:s[s]`, an optional `.`/`,` fraction,
 * optional spaces and an optional zone `Z`, `UTC`, `GMT`, `+hh`, `+hhmm` or `+hh:mm`; with real
 * calendar and clock ranges (no 2021-02-29, no 24:00:00, no second 60).
 */
export function isLenientDateTime(value: string): boolean {
  if (typeof value !== 'string') return false;
  const scan = new Scanner(value);
  const year = scan.number(4, 4);
  if (year < 1 || !scan.skip(DASH)) return false;
  const month = scan.number(1, 2);
  if (month < 1 || month > 12 || !scan.skip(DASH)) return false;
  const day = scan.number(1, 2);
  if (day < 1 || day > daysInMonth(year, month)) return false;
  const separator = scan.next;
  if (separator !== T && separator !== LOWER_T && !isSpace(separator)) return false;
  scan.position += 1;
  const hour = scan.number(1, 2);
  if (hour < 0 || hour > 23 || !scan.skip(COLON)) return false;
  const minute = scan.number(1, 2);
  if (minute < 0 || minute > 59 || !scan.skip(COLON)) return false;
  const second = scan.number(1, 2);
  if (second < 0 || second > 59) return false;
  if ((scan.skip(DOT) || scan.skip(COMMA)) && scan.number(1, Infinity) < 0) return false;
  scan.skipSpaces();
  if (scan.atEnd) return true;
  if (scan.skip(Z) || scan.skip(LOWER_Z) || scan.skipWord('UTC') || scan.skipWord('GMT')) return scan.atEnd;
  if (!scan.skip(PLUS) && !scan.skip(DASH)) return false;
  const offsetHours = scan.number(2, 2);
  if (offsetHours < 0 || offsetHours > 23) return false;
  if (scan.atEnd) return true;
  scan.skip(COLON);
  const offsetMinutes = scan.number(2, 2);
  return offsetMinutes >= 0 && offsetMinutes <= 59 && scan.atEnd;
}

/** Installs the chosen date-time mode on an ajv that already has ajv-formats' full formats. */
export function useDateTimeFormatMode(ajv: Ajv, mode: DateTimeFormatMode): void {
  if (mode === 'lenient') {
    ajv.addFormat('date-time', isLenientDateTime);
    ajv.addFormat('time', fullFormats['iso-time']);
  }
}
