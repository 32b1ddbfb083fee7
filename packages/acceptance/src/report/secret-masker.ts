/** What a secret is replaced with. Its length says nothing about the secret's. */
export const MASK = '**********';

/**
 * Values shorter than this are not masked. Masking every `a`, `1` or `abc` in a report would garble
 * it (record data, counts, durations) while the pattern of the masks would still give such a value
 * away; a secret that short protects nothing anyway.
 */
export const MIN_SECRET_LENGTH = 4;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The spellings a secret takes in output: as is, inside a JSON string, URL-encoded, and each line of a multi-line value. */
function spellingsOf(secret: string): string[] {
  const spellings = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  if (/[\r\n]/.test(secret)) spellings.push(...secret.split(/\r?\n/).map((line) => line.trim()));
  return spellings;
}

/** Every spelling of these secrets that a masker replaces (at least MIN_SECRET_LENGTH characters), longest first. */
export function secretSpellings(values: Iterable<string>): string[] {
  const spellings = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') throw new TypeError(`SecretMasker masks text; got a secret of type ${typeof value}`);
    for (const spelling of spellingsOf(value)) if (spelling.length >= MIN_SECRET_LENGTH) spellings.add(spelling);
  }
  return [...spellings].sort((a, b) => b.length - a.length);
}

/**
 * Replaces secret values with `**********` in text and in JSON-like values. Every line or file the
 * reporters produce passes through one, so that no value of an `airbyte_secret` field is printed.
 */
export class SecretMasker {
  private readonly pattern: RegExp | undefined;
  /** How many distinct spellings are masked; 0 when there was no secret long enough to mask. */
  readonly size: number;

  constructor(values: Iterable<string>) {
    if (values === null || typeof values !== 'object' || !(Symbol.iterator in values)) {
      throw new TypeError(`SecretMasker needs a list of secret values, got ${String(values)}`);
    }
    // Longest first, so a secret that contains another is masked whole.
    const ordered = secretSpellings(values);
    this.size = ordered.length;
    this.pattern = ordered.length === 0 ? undefined : new RegExp(ordered.map(escapeRegExp).join('|'), 'g');
  }

  mask(text: string): string {
    if (this.pattern === undefined) return text;
    return String(text).replace(this.pattern, MASK);
  }

  /** A copy of a JSON-like value with every string (keys included) masked, and numbers that spell a secret replaced by the mask. */
  maskValue(value: unknown): unknown {
    if (this.pattern === undefined) return value;
    if (typeof value === 'string') return this.mask(value);
    if (typeof value === 'number' || typeof value === 'bigint') {
      const text = String(value);
      return this.mask(text) === text ? value : MASK;
    }
    if (Array.isArray(value)) return value.map((item) => this.maskValue(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.mask(key), this.maskValue(item)]));
    }
    return value;
  }
}

/** A masker that masks nothing, for runs without secrets. */
export const NO_SECRETS = new SecretMasker([]);
