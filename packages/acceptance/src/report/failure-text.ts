import type { SecretMasker } from './secret-masker';
import type { Failure } from './test-result';

/** Longest rendering of an expected or actual value in text reports; the JSON report keeps them whole. */
export const MAX_VALUE_LENGTH = 300;

function render(value: unknown, masker: SecretMasker): string {
  const masked = masker.maskValue(value);
  const text = masked === undefined ? 'undefined' : (JSON.stringify(masked) ?? String(masked));
  const shown = text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}… (${text.length} characters)` : text;
  return masker.mask(shown);
}

/** Where a failure is: `stream users, record 3, at /email`. */
function whereOf(failure: Failure): string {
  const parts: string[] = [];
  if (failure.stream !== undefined) parts.push(`stream ${failure.stream}`);
  if (failure.recordIndex !== undefined) parts.push(`record ${failure.recordIndex + 1}`);
  if (failure.pointer !== undefined) parts.push(`at ${failure.pointer === '' ? '/' : failure.pointer}`);
  return parts.join(', ');
}

/**
 * A failure as lines of text, masked: where and what on the first line (a multi-line message continues
 * on the next ones), then `expected:` and `actual:` when the failure has them.
 */
export function describeFailure(failure: Failure, masker: SecretMasker): string[] {
  const where = whereOf(failure);
  const [first, ...rest] = masker.mask(String(failure.message)).split(/\r?\n/);
  const lines = [where === '' ? first : `${where}: ${first}`, ...rest.map((line) => `  ${line}`)];
  if ('expected' in failure) lines.push(`expected: ${render(failure.expected, masker)}`);
  if ('actual' in failure) lines.push(`actual:   ${render(failure.actual, masker)}`);
  return lines.map((line) => masker.mask(line));
}
