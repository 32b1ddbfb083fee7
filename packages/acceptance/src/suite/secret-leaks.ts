import { MIN_SECRET_LENGTH } from '../report/secret-masker';

/** Where a secret value showed up in connector output; the value itself is never kept. */
export interface SecretLeak {
  /** Test, command, stream and line, e.g. `basic_read.test_read (read, stderr line 3)`. */
  where: string;
  /** The line, with every secret masked, cut to a readable length. */
  excerpt: string;
}

const LEAKS_KEPT = 20;
const EXCERPT_LENGTH = 160;

/**
 * Watches every line a connector prints for the values of its secret config fields: the evidence of
 * test_secret_never_in_the_output. Only where it was seen is kept, with the value masked.
 */
export class SecretLeakWatch {
  private secrets: string[] = [];
  private readonly found: SecretLeak[] = [];
  private total = 0;

  constructor(
    secrets: Iterable<string>,
    private readonly maskText: (text: string) => string,
  ) {
    this.add(secrets);
  }

  /** Watches for more values from now on (those of the configs, once the spec says which fields are secret). */
  add(secrets: Iterable<string>): void {
    // as short a value as the masker leaves alone would flag ordinary output ("a", "1") as leaks
    this.secrets = [...new Set([...this.secrets, ...secrets])].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  }

  get watching(): number {
    return this.secrets.length;
  }

  /** Cheap when no secret is in the line: one substring search per secret; `where` is only called for a leak. */
  scan(text: string, where: () => string): void {
    for (const secret of this.secrets) {
      if (text.includes(secret)) {
        this.total += 1;
        if (this.found.length < LEAKS_KEPT) this.found.push({ where: where(), excerpt: this.maskText(text).slice(0, EXCERPT_LENGTH) });
        return;
      }
    }
  }

  mask(text: string): string {
    return this.maskText(text);
  }

  /** The first leaks seen (at most 20), and how many lines leaked in all. */
  leaks(): { kept: readonly SecretLeak[]; total: number } {
    return { kept: this.found, total: this.total };
  }
}
