/** The part of a long passage a suggestion quotes: a window around its hits, widened to word edges. */
import { isWordChar } from '../text/normalize-text';

export function clampAround(raw: string, start: number, end: number, hitStart: number, hitEnd: number, max: number): [number, number] {
  if (end - start <= max) return [start, end];
  const spare = Math.max(0, max - (hitEnd - hitStart));
  let s = Math.max(start, hitStart - Math.floor(spare / 2));
  let e = Math.min(end, s + Math.max(max, hitEnd - hitStart));
  s = Math.max(start, Math.min(s, e - max));
  while (s > start && isWordChar(raw[s - 1])) s--;
  while (e < end && isWordChar(raw[e])) e++;
  return [s, e];
}

