import { findMessageProblems } from './protocol-validation';

const REASONS_SHOWN = 3;

/**
 * Says why a parsed JSON value is not an Airbyte message, or returns undefined when it is one.
 * Runs on every line of connector output: a valid message costs one compiled validator call, and
 * words are only made for invalid ones, e.g. `RECORD message: /record/emitted_at must be integer (got string "1")`.
 */
export function checkMessage(value: unknown): string | undefined {
  const problems = findMessageProblems(value);
  if (!problems) return undefined;
  const reasons = problems.violations.map((violation) => violation.message);
  const more = reasons.length > REASONS_SHOWN ? `; and ${reasons.length - REASONS_SHOWN} more` : '';
  return `${problems.subject}: ${reasons.slice(0, REASONS_SHOWN).join('; ')}${more}`;
}
