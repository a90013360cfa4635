/**
 * "Did you mean …?" for a mistyped id: the known id closest to what was given, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours), compared without case.
 * Used by the API's id checks (main/api/known-ids.ts) and by case-file checks that name a
 * criterion id, so a reviewer or a rule author sees the id they most likely meant.
 */

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1);
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/**
 * The known id nearest to `wanted`, if it is near enough to be a likely typo: at most a third of
 * the wanted id's length away (at least 1, at most 6 edits). Ties go to the first known id.
 */
export function nearestKnownId(wanted: string, known: Iterable<string>): string | undefined {
  const w = wanted.toLowerCase();
  const limit = Math.min(6, Math.max(1, Math.floor(w.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const k of known) {
    // Lengths alone can rule most candidates out before the quadratic comparison.
    if (Math.abs(k.length - w.length) >= bestDistance) continue;
    const d = editDistance(w, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** "There is no criterion X in this case; did you mean Y?" — `where` says what was searched. */
export function unknownIdMessage(kind: string, wanted: string, known: Iterable<string>, where: string): string {
  const near = nearestKnownId(wanted, known);
  const shown = wanted.length > 80 ? `${wanted.slice(0, 80)}…` : wanted;
  return `There is no ${kind} ${shown} ${where}${near ? `; did you mean ${near}?` : '.'}`;
}
