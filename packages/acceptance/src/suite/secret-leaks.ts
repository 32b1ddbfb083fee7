import { MIN_SECRET_LENGTH, secretSpellings } from '../report/secret-masker';

/** Where a secret value showed up in connector output; the value itself is never kept. */
export interface SecretLeak {
  /** Test, command, stream and line, e.g. `basic_read.test_read (read, stderr line 3)`. */
  where: string;
  /** The line, with every secret masked, cut to a readable length. */
  excerpt: string;
}

const LEAKS_KEPT = 20;
const EXCERPT_LENGTH = 160;

/** A line seen while the secrets were not known yet, that holds values which may turn out to be secret. */
interface PendingLine {
  where: string;
  window: string;
  /** Indexes in `candidates` of the values the line holds. */
  values: number[];
}

/**
 * Watches every line a connector prints for the values of its secret config fields: the evidence of
 * test_secret_never_in_the_output. Only where it was seen is kept, with the value masked.
 *
 * Which config fields are secret is known only once the spec has run, and connectors may print before
 * that (a discover started alongside the spec). Until `settle`, a line is also searched for every
 * candidate value (each value of the configs); the few lines holding one are kept, bounded per value,
 * and judged once the secrets are known. So every line of every run is scanned for the real secrets.
 */
export class SecretLeakWatch {
  private secrets: string[] = [];
  /** Spellings of the secrets, longest first: what a line is searched for. */
  private spellings: string[] = [];
  private readonly found: Array<{ where: string; window: string }> = [];
  private total = 0;
  private candidates: Array<{ value: string; spellings: string[]; kept: number }> = [];
  private pending: PendingLine[] = [];
  /** Lines seen before `settle` by the set of candidates they hold (`1,4`), to count leaking lines exactly. */
  private pendingCounts = new Map<string, number>();
  private settled = false;
  private unknown?: string;
  private windowLength = EXCERPT_LENGTH;

  constructor(
    secrets: Iterable<string>,
    private readonly maskText: (text: string) => string,
  ) {
    this.add(secrets);
  }

  /** Watches for more values from now on. */
  add(secrets: Iterable<string>): void {
    // as short a value as the masker leaves alone would flag ordinary output ("a", "1") as leaks
    this.secrets = [...new Set([...this.secrets, ...secrets])].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
    this.spellings = secretSpellings(this.secrets);
    this.widenWindow(this.spellings);
  }

  /**
   * Until `settle`, also looks for these values (every value of the configs): some of them are secrets,
   * which ones only the spec tells.
   */
  watchCandidates(values: Iterable<string>): void {
    if (this.settled) return;
    const known = new Set(this.candidates.map((candidate) => candidate.value));
    for (const value of new Set(values)) {
      const spellings = secretSpellings([value]);
      if (known.has(value) || spellings.length === 0) continue;
      this.candidates.push({ value, spellings, kept: 0 });
      this.widenWindow(spellings);
    }
  }

  /** The secrets are known: the lines seen so far that hold one of them are leaks; from now on only the secrets are looked for. */
  settle(secrets: Iterable<string>): void {
    this.add(secrets);
    const secret = new Set(this.secrets);
    const isSecret = this.candidates.map((candidate) => secret.has(candidate.value));
    for (const line of this.pending) {
      if (line.values.some((index) => isSecret[index]) && this.found.length < LEAKS_KEPT) this.found.push({ where: line.where, window: line.window });
    }
    for (const [key, count] of this.pendingCounts) {
      if (key.split(',').some((index) => isSecret[Number(index)])) this.total += count;
    }
    this.endCandidates();
  }

  /** The spec could not be had, so which values are secret is unknown: test_secret_never_in_the_output fails saying why. */
  settleUnknown(reason: string): void {
    this.unknown = reason;
    this.endCandidates();
  }

  /** Why the secrets could not be known (the spec failed); undefined when they are. */
  get unknownReason(): string | undefined {
    return this.unknown;
  }

  get watching(): number {
    return this.secrets.length;
  }

  /** Cheap when no secret is in the line: one substring search per spelling; `where` is only called for a leak. */
  scan(text: string, where: () => string): void {
    if (!this.settled && this.candidates.length > 0) this.scanForCandidates(text, where);
    for (const spelling of this.spellings) {
      if (text.includes(spelling)) {
        this.total += 1;
        if (this.found.length < LEAKS_KEPT) this.found.push({ where: where(), window: this.windowOf(text) });
        return;
      }
    }
  }

  mask(text: string): string {
    return this.maskText(text);
  }

  /** The first leaks seen (at most 20), masked with every secret known now, and how many lines leaked in all. */
  leaks(): { kept: readonly SecretLeak[]; total: number } {
    return { kept: this.found.map((leak) => ({ where: leak.where, excerpt: this.maskText(leak.window).slice(0, EXCERPT_LENGTH) })), total: this.total };
  }

  private scanForCandidates(text: string, where: () => string): void {
    const values: number[] = [];
    this.candidates.forEach((candidate, index) => {
      if (candidate.spellings.some((spelling) => text.includes(spelling))) values.push(index);
    });
    if (values.length === 0) return;
    const key = values.join(',');
    this.pendingCounts.set(key, (this.pendingCounts.get(key) ?? 0) + 1);
    // kept while one of its values has fewer than LEAKS_KEPT lines: bounded whatever the connector prints
    if (!values.some((index) => this.candidates[index].kept < LEAKS_KEPT)) return;
    for (const index of values) this.candidates[index].kept += 1;
    this.pending.push({ where: where(), window: this.windowOf(text), values });
  }

  private endCandidates(): void {
    this.settled = true;
    this.candidates = [];
    this.pending = [];
    this.pendingCounts = new Map();
  }

  /** The start of a line, long enough that no secret is cut in two at EXCERPT_LENGTH once it is masked. */
  private windowOf(text: string): string {
    return text.slice(0, this.windowLength);
  }

  private widenWindow(spellings: readonly string[]): void {
    this.windowLength = Math.max(this.windowLength, EXCERPT_LENGTH + (spellings[0]?.length ?? 0));
  }
}
