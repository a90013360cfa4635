/**
 * The known name nearest to a mistyped one ("conservativeCareMonth" → "conservativeCareMonths"),
 * for messages that say what was meant. Edit distance, case-insensitive; none when nothing is close.
 */

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The nearest of `known` to `name`, if it is within about a third of the name's length. */
export function nearestKnownName(name: string, known: Iterable<string>): string | undefined {
  const target = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(target, k.toLowerCase());
    if (!best || d < best.d) best = { name: k, d };
  }
  if (!best) return undefined;
  return best.d <= Math.max(2, Math.ceil(target.length / 3)) ? best.name : undefined;
}
