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

const LENIENT_DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt\s](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?\s*(?:[Zz]|UTC|GMT|[+-](\d{2})(?::?(\d{2}))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The lenient `date-time` check (see DateTimeFormatMode). */
export function isLenientDateTime(value: string): boolean {
  const match = LENIENT_DATE_TIME.exec(value);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (day > DAYS_IN_MONTH[month - 1] + leapDay) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return false;
  if (match[7] !== undefined && (Number(match[7]) > 23 || (match[8] !== undefined && Number(match[8]) > 59))) return false;
  return true;
}

/** Installs the chosen date-time mode on an ajv that already has ajv-formats' full formats. */
export function useDateTimeFormatMode(ajv: Ajv, mode: DateTimeFormatMode): void {
  if (mode === 'lenient') {
    ajv.addFormat('date-time', isLenientDateTime);
    ajv.addFormat('time', fullFormats['iso-time']);
  }
}
