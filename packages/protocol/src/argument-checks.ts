import { describeValue } from './schema-violations';

/** An options argument must be an object (or left out); `where` names the function for the error. */
export function checkOptionsObject(where: string, options: unknown): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${describeValue(options)}`);
}

/** A whole-number option of at least `minimum`, or `fallback` when left out. */
export function checkCount(name: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new TypeError(`${name} must be an integer of at least ${minimum}, got ${describeValue(value)}`);
  }
  return value;
}
