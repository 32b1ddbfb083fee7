/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment),
 * so `pth` -> `path` and `stauts` -> `status` are both one edit away.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const distance: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const substitution = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(
        distance[row - 1][column] + 1,
        distance[row][column - 1] + 1,
        distance[row - 1][column - 1] + substitution,
      );
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) {
        best = Math.min(best, distance[row - 2][column - 2] + 1);
      }
      distance[row][column] = best;
    }
  }
  return distance[a.length][b.length];
}

/** `acceptance-tests` and `Acceptance_Tests` are the same key to a human reader. */
function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/-/g, '_');
}

/**
 * The known key a misspelled one most likely meant, or undefined when none is close:
 * at most 2 edits, and at most a third of the key's length (so `id` does not suggest `tests`).
 */
export function suggestKey(unknown: string, knownKeys: readonly string[]): string | undefined {
  const wanted = normaliseKey(unknown);
  let best: { key: string; distance: number } | undefined;
  for (const key of knownKeys) {
    const distance = editDistance(wanted, normaliseKey(key));
    if (best === undefined || distance < best.distance) best = { key, distance };
  }
  if (best === undefined) return undefined;
  const allowed = Math.min(2, Math.max(1, Math.floor(Math.max(wanted.length, best.key.length) / 3)));
  return best.distance <= allowed ? best.key : undefined;
}
