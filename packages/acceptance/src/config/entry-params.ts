/**
 * For a suite with several entries, the fewest values (taken in the order given) that tell every
 * entry apart: `[{status: 'succeed'}, {status: 'failed'}]` for the usual pair of connection checks.
 * When the given values cannot tell them apart, entries are numbered: `{entry: '1'}`, `{entry: '2'}`.
 * A single entry needs no parameters: undefined.
 */
export function distinguishingParams(described: ReadonlyArray<ReadonlyArray<[string, string]>>): Record<string, string>[] | undefined {
  if (described.length < 2) return undefined;
  const chosen: string[] = [];
  const candidates = described[0].map(([key]) => key);
  const valueOf = (values: ReadonlyArray<[string, string]>, key: string) => values.find(([name]) => name === key)?.[1] ?? '';
  for (const key of candidates) {
    const values = new Set(described.map((entry) => valueOf(entry, key)));
    if (values.size === 1) continue;
    chosen.push(key);
    const signatures = new Set(described.map((entry) => JSON.stringify(chosen.map((name) => valueOf(entry, name)))));
    if (signatures.size === described.length) {
      return described.map((entry) => Object.fromEntries(chosen.map((name) => [name, valueOf(entry, name)])));
    }
  }
  return described.map((_, index) => ({ entry: String(index + 1) }));
}
