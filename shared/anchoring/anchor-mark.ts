/**
 * Re-anchors a text mark against the current page texts, so a reviewer's highlight lands
 * on the same words after re-extraction, OCR, or a corrected re-upload. Order, as in the
 * Hypothesis client: (1) the stored position if it still holds the quote; (2) the exact
 * quote, choosing between occurrences by prefix/suffix context and nearness to the stored
 * page; (3) the same ignoring whitespace; (4) a fuzzy match (bounded edit distance) on the
 * pages around the stored one. A quote may run from the end of one page onto the next.
 */
import { normalizeWithMap, toRawRange, type NormalizedText } from '../text/normalize-text';
import { approximateMatches } from './approximate-match';

export interface TextMarkTarget {
  page: number;
  /** Last page, when the quote runs onto following pages. */
  pageEnd?: number;
  quote: string;
  prefix?: string;
  suffix?: string;
  /** Offset in `page`'s text where the quote starts. */
  textStart?: number;
  /** Offset in `pageEnd`'s (or `page`'s) text where the quote ends. */
  textEnd?: number;
}

export interface AnchorPage {
  page: number;
  text: string;
}

export type AnchorMethod = 'position' | 'quote' | 'quote-ignoring-spaces' | 'fuzzy';

export type AnchorResult =
  | { status: 'anchored'; page: number; pageEnd?: number; textStart: number; textEnd: number; confidence: number; method: AnchorMethod }
  | { status: 'orphaned'; reason: string };

export interface AnchorOptions {
  /** Fuzzy search looks this many pages either side of the stored page. */
  fuzzyPageRadius?: number;
  /** Most edits tolerated, as a share of the quote's length. */
  maxErrorRate?: number;
  /** Below this, a fuzzy match is not trusted and the mark is reported orphaned. */
  minConfidence?: number;
}

/** Page texts joined into one stream (pages separated by a newline) so quotes can span pages. */
interface Stream {
  raw: string;
  pages: AnchorPage[];
  /** Offset of each page's text in `raw`, parallel to `pages`. */
  starts: number[];
}

function buildStream(pages: readonly AnchorPage[]): Stream {
  const sorted = [...pages].sort((a, b) => a.page - b.page);
  const starts: number[] = [];
  let raw = '';
  for (const p of sorted) {
    if (starts.length > 0) raw += '\n';
    starts.push(raw.length);
    raw += p.text;
  }
  return { raw, pages: sorted, starts };
}

function pageIndex(s: Stream, page: number): number {
  return s.pages.findIndex((p) => p.page === page);
}

/** The page holding stream offset `pos`; an end offset belongs to the page it closes. */
function locate(s: Stream, pos: number, asEnd: boolean): { idx: number; offset: number } {
  let lo = 0;
  let hi = s.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const start = s.starts[mid]!;
    if (asEnd ? start < pos : start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return { idx: lo, offset: pos - s.starts[lo]! };
}

/**
 * Page texts prepared once for anchoring many marks of one document (after re-extraction
 * every mark is re-anchored): the joined stream and its normalized forms are reused.
 */
export class AnchorContext {
  readonly stream: Stream;
  private readonly norms = new Map<boolean, NormalizedText>();
  constructor(pages: readonly AnchorPage[]) {
    this.stream = buildStream(pages);
  }
  normalized(dropSpaces: boolean): NormalizedText {
    let n = this.norms.get(dropSpaces);
    if (!n) {
      n = normalizeWithMap(this.stream.raw, { dropSpaces });
      this.norms.set(dropSpaces, n);
    }
    return n;
  }
}

function toResult(s: Stream, rawStart: number, rawEnd: number, confidence: number, method: AnchorMethod): AnchorResult {
  const a = locate(s, rawStart, false);
  const b = locate(s, rawEnd, true);
  const page = s.pages[a.idx]!.page;
  const pageEnd = s.pages[b.idx]!.page;
  return {
    status: 'anchored',
    page,
    ...(pageEnd !== page ? { pageEnd } : {}),
    textStart: a.offset,
    textEnd: b.offset,
    confidence: Math.round(confidence * 1000) / 1000,
    method,
  };
}

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

interface Candidate {
  start: number;
  end: number;
}

/**
 * How well the text around a candidate agrees with the stored prefix/suffix, 0–1. The
 * stored context was normalized on its own, which drops its edge spaces: trim to match.
 */
function contextScore(norm: NormalizedText, c: Candidate, prefix: string, suffix: string): number {
  const parts: number[] = [];
  if (prefix.length > 0) {
    const before = norm.text.slice(Math.max(0, c.start - prefix.length - 1), c.start).trimEnd();
    parts.push(commonSuffixLength(before, prefix) / prefix.length);
  }
  if (suffix.length > 0) {
    const after = norm.text.slice(c.end, c.end + suffix.length + 1).trimStart();
    parts.push(commonPrefixLength(after, suffix) / suffix.length);
  }
  return parts.length ? parts.reduce((x, y) => x + y, 0) / parts.length : 0.5;
}

/** Nearness of a candidate's page to the stored page, 1 on the page, falling off with distance. */
function nearness(s: Stream, norm: NormalizedText, c: Candidate, expectedIdx: number): number {
  if (expectedIdx < 0) return 0.5;
  const { idx } = locate(s, norm.map[c.start]!, false);
  return 1 / (1 + Math.abs(idx - expectedIdx));
}

function pickBest(s: Stream, norm: NormalizedText, cands: Candidate[], t: NormalizedPieces, expectedIdx: number) {
  let best: { c: Candidate; ctx: number; rank: number } | undefined;
  for (const c of cands) {
    const ctx = contextScore(norm, c, t.prefix, t.suffix);
    const rank = 0.6 * ctx + 0.4 * nearness(s, norm, c, expectedIdx);
    if (!best || rank > best.rank) best = { c, ctx, rank };
  }
  return best;
}

interface NormalizedPieces {
  quote: string;
  prefix: string;
  suffix: string;
}

function normalizePieces(t: TextMarkTarget, dropSpaces: boolean): NormalizedPieces {
  const n = (x: string | undefined) => normalizeWithMap(x ?? '', { dropSpaces }).text;
  return { quote: n(t.quote), prefix: n(t.prefix), suffix: n(t.suffix) };
}

function exactCandidates(hay: string, needle: string): Candidate[] {
  const out: Candidate[] = [];
  for (let i = hay.indexOf(needle); i >= 0 && out.length < 500; i = hay.indexOf(needle, i + 1)) out.push({ start: i, end: i + needle.length });
  return out;
}

export function anchorMark(target: TextMarkTarget, pages: readonly AnchorPage[] | AnchorContext, opts: AnchorOptions = {}): AnchorResult {
  const quote = normalizeWithMap(target.quote).text;
  if (quote.length === 0) return { status: 'orphaned', reason: 'The mark has no quoted text to look for.' };
  const context = pages instanceof AnchorContext ? pages : new AnchorContext(pages);
  const s = context.stream;
  if (s.pages.length === 0) return { status: 'orphaned', reason: 'The document has no readable text.' };
  const expectedIdx = pageIndex(s, target.page);

  // 1. Stored position, accepted only if it still holds the quote.
  if (expectedIdx >= 0 && target.textStart !== undefined && target.textEnd !== undefined) {
    const endIdx = pageIndex(s, target.pageEnd ?? target.page);
    if (endIdx >= 0) {
      const rs = s.starts[expectedIdx]! + target.textStart;
      const re = s.starts[endIdx]! + target.textEnd;
      if (re > rs && re <= s.raw.length && normalizeWithMap(s.raw.slice(rs, re)).text === quote) return toResult(s, rs, re, 1, 'position');
    }
  }

  // 2–3. Exact quote, then exact ignoring whitespace (re-extraction split or joined words).
  for (const dropSpaces of [false, true]) {
    const norm = context.normalized(dropSpaces);
    const pieces = normalizePieces(target, dropSpaces);
    if (pieces.quote.length === 0) continue;
    const best = pickBest(s, norm, exactCandidates(norm.text, pieces.quote), pieces, expectedIdx);
    if (best) {
      const [rs, re] = toRawRange(norm, best.c.start, best.c.end);
      const confidence = (dropSpaces ? 0.85 : 0.9) + 0.1 * best.ctx;
      return toResult(s, rs, re, confidence, dropSpaces ? 'quote-ignoring-spaces' : 'quote');
    }
  }

  // 4. Fuzzy, on the pages around the stored one (the DP cost grows with the text searched).
  const radius = opts.fuzzyPageRadius ?? 2;
  const centre = expectedIdx >= 0 ? expectedIdx : 0;
  const lo = expectedIdx >= 0 ? Math.max(0, centre - radius) : 0;
  const hi = expectedIdx >= 0 ? Math.min(s.pages.length - 1, centre + radius) : s.pages.length - 1;
  const windowStart = s.starts[lo]!;
  const windowEnd = hi + 1 < s.starts.length ? s.starts[hi + 1]! - 1 : s.raw.length;
  const norm = normalizeWithMap(s.raw.slice(windowStart, windowEnd));
  const maxErrors = Math.floor(quote.length * (opts.maxErrorRate ?? 0.25));
  const matches = approximateMatches(norm.text, quote, maxErrors);
  if (matches.length === 0) return { status: 'orphaned', reason: 'The quoted text is no longer in the document.' };
  const pieces = normalizePieces(target, false);
  const bestDistance = matches[0]!.distance;
  const shifted: Stream = { ...s, starts: s.starts.map((x) => x - windowStart) };
  const best = pickBest(shifted, norm, matches.filter((m) => m.distance === bestDistance), pieces, expectedIdx);
  if (!best) return { status: 'orphaned', reason: 'The quoted text is no longer in the document.' };
  const similarity = 1 - bestDistance / quote.length;
  const confidence = similarity * (0.75 + 0.2 * best.ctx);
  if (confidence < (opts.minConfidence ?? 0.5)) return { status: 'orphaned', reason: 'Only a doubtful match for the quoted text was found.' };
  const [rs, re] = toRawRange(norm, best.c.start, best.c.end);
  return toResult(s, rs + windowStart, re + windowStart, confidence, 'fuzzy');
}
