/**
 * What an executor prints when its work failed: the error's own message, which this project's
 * libraries write to say what, where and what to do; a stack only for errors nobody anticipated.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  const known = error.constructor !== Error && error.constructor !== TypeError && error.constructor !== RangeError;
  if (known || process.env.NX_VERBOSE_LOGGING !== 'true') return `error: ${error.message}`;
  return `error: ${error.stack ?? error.message}`;
}
