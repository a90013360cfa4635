/** The part of a long passage a suggestion quotes: a window around its hits, widened to word edges. */
import { isWordChar } from '../text/normalize-text';

/** A suggested passage, quoted with its context, ready to become a mark's text anchor. */
export interface SuggestedPassage {
  docSha256: string;
  page: number;
  quote: string;
  prefix: string;
  suffix: string;
  /** Raw page-text offsets of `quote`. */
  textStart: number;
  textEnd: number;
  /** 0–1; higher is more likely to be the evidence. */
  score: number;
}

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


/** The quote raw[qs, qe) of a page with `ctx` characters of context either side: a mark's text anchor. */
export function quotedAt(raw: string, qs: number, qe: number, ctx: number): Pick<SuggestedPassage, 'quote' | 'prefix' | 'suffix' | 'textStart' | 'textEnd'> {
  return { quote: raw.slice(qs, qe), prefix: raw.slice(Math.max(0, qs - ctx), qs), suffix: raw.slice(qe, qe + ctx), textStart: qs, textEnd: qe };
}
