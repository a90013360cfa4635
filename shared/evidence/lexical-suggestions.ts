/**
 * The first suggestion algorithm, kept as the benchmark's baseline (bench/suggestions.bench.ts):
 * every sentence-like passage that mentions one of a criterion's search terms (in any of its
 * spellings) is a candidate, ranked by how many of the terms it covers and how close together they
 * sit. It knows no abbreviations, negation, sections, furniture or dates; the workbench suggests
 * with suggest-evidence.ts.
 */
import { toRawRange } from '../text/normalize-text';
import { clampAround, quotedAt, type SuggestedPassage } from './quote-window';
import type { IndexedPage, TextIndex } from '../search/find-in-documents';
import { termVariants } from './term-variants';

export interface LexicalSuggestion extends SuggestedPassage {
  /** The criterion terms (as given) found in the passage. */
  matchedTerms: string[];
}

export interface LexicalOptions {
  limit?: number;
  /** Longest passage offered, in characters; longer sentences are trimmed around the hits. */
  maxQuoteChars?: number;
  contextChars?: number;
}

interface Hit {
  term: number;
  start: number;
  end: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One regex per term, longest variant first, anchored on word boundaries. */
function termPattern(term: string): RegExp | undefined {
  const variants = termVariants(term).sort((a, b) => b.length - a.length);
  if (variants.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${variants.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

/**
 * Sentence-ish spans of raw page text: ends at . ! ? followed by space, at blank lines,
 * and at line breaks before list bullets or "Label:" lines, which is how records are typed.
 */
export function passageBounds(raw: string): number[] {
  const bounds = [0];
  const re = /[.!?](?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:[-•*▪]|\d{1,2}[.)]\s|[A-Z][A-Za-z /]{1,30}:))/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) bounds.push(m.index + m[0].length);
  bounds.push(raw.length);
  return bounds;
}

function enclosing(bounds: number[], pos: number): [number, number] {
  let lo = 0;
  let hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= pos) lo = mid;
    else hi = mid;
  }
  return [bounds[lo]!, bounds[hi]!];
}

function trimSpan(raw: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(raw[start]!)) start++;
  while (end > start && /\s/.test(raw[end - 1]!)) end--;
  return [start, end];
}

function pageHits(page: IndexedPage, patterns: (RegExp | undefined)[]): Hit[] {
  const hits: Hit[] = [];
  patterns.forEach((re, term) => {
    if (!re) return;
    re.lastIndex = 0;
    for (let m = re.exec(page.norm.text); m; m = re.exec(page.norm.text)) {
      const [start, end] = toRawRange(page.norm, m.index, m.index + m[0].length);
      hits.push({ term, start, end });
    }
  });
  return hits.sort((a, b) => a.start - b.start);
}

/** Coverage dominates; proximity breaks ties between passages covering the same terms. */
function scorePassage(hits: Hit[], termCount: number): { score: number; terms: Set<number> } {
  const terms = new Set(hits.map((h) => h.term));
  const coverage = terms.size / termCount;
  let proximity = 1;
  if (terms.size > 1) {
    const first = new Map<number, Hit>();
    for (const h of hits) if (!first.has(h.term)) first.set(h.term, h);
    const spots = [...first.values()];
    const spread = Math.max(...spots.map((h) => h.end)) - Math.min(...spots.map((h) => h.start));
    proximity = 1 / (1 + spread / 200);
  }
  const repeat = Math.min(hits.length - terms.size, 3) * 0.01;
  return { score: Math.min(1, 0.8 * coverage + 0.17 * proximity + repeat), terms };
}

export function suggestByTerms(index: TextIndex, terms: readonly string[], opts: LexicalOptions = {}): LexicalSuggestion[] {
  const limit = opts.limit ?? 20;
  const maxQuote = opts.maxQuoteChars ?? 320;
  const ctx = opts.contextChars ?? 32;
  const patterns = terms.map(termPattern);
  const out: LexicalSuggestion[] = [];
  for (const page of index.pages) {
    const hits = pageHits(page, patterns);
    if (hits.length === 0) continue;
    const raw = page.text;
    const bounds = passageBounds(raw);
    const groups = new Map<number, Hit[]>();
    for (const h of hits) {
      const [s] = enclosing(bounds, h.start);
      const g = groups.get(s);
      if (g) g.push(h);
      else groups.set(s, [h]);
    }
    for (const [s, group] of groups) {
      const [, e] = enclosing(bounds, group[0]!.start);
      const lastEnd = Math.max(...group.map((h) => h.end));
      let [qs, qe] = trimSpan(raw, s, Math.max(e, lastEnd));
      [qs, qe] = clampAround(raw, qs, qe, group[0]!.start, lastEnd, maxQuote);
      const { score, terms: found } = scorePassage(group, terms.length);
      out.push({
        docSha256: page.docSha256,
        page: page.page,
        ...quotedAt(raw, qs, qe, ctx),
        score: Math.round(score * 1000) / 1000,
        matchedTerms: [...found].sort((a, b) => a - b).map((t) => terms[t]!),
      });
    }
  }
  // Stable order for equal scores: record order, so the list does not shuffle between runs.
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
