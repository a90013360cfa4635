/**
 * Approximate substring search (Sellers' edit-distance DP): where in `text` does `pattern`
 * occur with the fewest insertions, deletions and substitutions? Used to re-find a marked
 * quote after OCR or a corrected re-upload changed a few characters. O(|text|·|pattern|),
 * so callers restrict `text` to a few pages around where the mark used to be.
 */

export interface ApproximateMatch {
  start: number;
  end: number;
  distance: number;
}

/**
 * Every end position whose best alignment has at most `maxDistance` edits, reduced to the
 * local best of each cluster of overlapping matches. Sorted by distance, then position.
 */
export function approximateMatches(text: string, pattern: string, maxDistance: number): ApproximateMatch[] {
  const m = pattern.length;
  if (m === 0) return [];
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  let prevStart = new Int32Array(m + 1);
  let curStart = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) prev[i] = i;
  const raw: ApproximateMatch[] = [];
  for (let j = 1; j <= text.length; j++) {
    const tc = text.charCodeAt(j - 1);
    cur[0] = 0;
    curStart[0] = j;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pattern.charCodeAt(i - 1) === tc ? 0 : 1);
      const skipText = prev[i]! + 1;
      const skipPattern = cur[i - 1]! + 1;
      if (sub <= skipText && sub <= skipPattern) {
        cur[i] = sub;
        curStart[i] = i === 1 ? j - 1 : prevStart[i - 1]!;
      } else if (skipText <= skipPattern) {
        cur[i] = skipText;
        curStart[i] = prevStart[i]!;
      } else {
        cur[i] = skipPattern;
        curStart[i] = curStart[i - 1]!;
      }
    }
    if (cur[m]! <= maxDistance) raw.push({ start: curStart[m]!, end: j, distance: cur[m]! });
    [prev, cur] = [cur, prev];
    [prevStart, curStart] = [curStart, prevStart];
  }
  return bestOfClusters(raw);
}

function bestOfClusters(matches: ApproximateMatch[]): ApproximateMatch[] {
  const out: ApproximateMatch[] = [];
  for (const mt of matches) {
    const last = out[out.length - 1];
    if (last && mt.start < last.end) {
      if (mt.distance < last.distance) out[out.length - 1] = mt;
    } else out.push(mt);
  }
  return out.sort((a, b) => a.distance - b.distance || a.start - b.start);
}
