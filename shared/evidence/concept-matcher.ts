/**
 * Finds the lexicon's concepts in page text. Each term is its own expression, run over the page's
 * normalized text (lower case for most terms, the record's own case for abbreviations that need
 * it: "PT" the therapy, not "pt" the patient) only on pages holding one of its anchor words; where
 * hits overlap, the longer wording wins ("no operative target" over a shorter one).
 * A term found inside one of the concept's exclusions ("respiratory depression") does not count.
 */
import { normalizeWithMap, toRawRange, type NormalizedText } from '../text/normalize-text';
import type { Concept, LexiconTerm } from './lexicon-schema';
import { anchorsOnPage, compileTermPattern, termAnchorWords } from './term-pattern';

export interface PageModel {
  raw: string;
  /** Normalized text in the record's case, and the same lower-cased (same length, same map). */
  keep: string;
  lower: string;
  norm: NormalizedText;
  /** The page's lower-case words and their four-letter prefixes, to skip terms that cannot be on it. */
  words: Set<string>;
  prefixes: Set<string>;
}

export interface ConceptHit {
  concept: string;
  /** The term's pattern as written in the lexicon. */
  term: string;
  weight: number;
  /** Normalized offsets (in PageModel.lower). */
  nStart: number;
  nEnd: number;
  /** Raw page-text offsets. */
  start: number;
  end: number;
}

interface TermSpec {
  pattern: string;
  weight: number;
  exact: boolean;
}

interface CompiledTerm extends TermSpec {
  re: RegExp;
  /** A page must have one of these words for the term to be there (undefined: always look). */
  anchors?: string[];
}

interface CompiledConcept {
  id: string;
  label: string;
  terms: CompiledTerm[];
  exclusions: CompiledConcept | undefined;
}

const termSpec = (t: LexiconTerm, weight: number): TermSpec =>
  typeof t === 'string' ? { pattern: t, weight, exact: false } : { pattern: t.pattern, weight: t.weight ?? weight, exact: t.case === 'exact' };

function compileTerms(id: string, label: string, terms: TermSpec[], exclusions?: TermSpec[]): CompiledConcept {
  return {
    id,
    label,
    terms: terms.map((t) => {
      const anchors = termAnchorWords(t.pattern);
      return { ...t, re: compileTermPattern(t.pattern, { exactCase: t.exact }), ...(anchors ? { anchors } : {}) };
    }),
    exclusions: exclusions && exclusions.length ? compileTerms(`${id}:not`, label, exclusions) : undefined,
  };
}

export function compileConcept(id: string, c: Concept): CompiledConcept {
  return compileTerms(id, c.label, c.terms.map((t) => termSpec(t, c.weight)), c.notWithin.map((t) => termSpec(t, 1)));
}

export type { CompiledConcept };

/** Lower-cases without changing length, so one offset map serves both cases. */
function lowerSameLength(s: string): string {
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

export function pageModel(raw: string): PageModel {
  const norm = normalizeWithMap(raw, { keepCase: true });
  const lower = lowerSameLength(norm.text);
  const words = new Set(lower.split(/[^a-z]+/));
  const prefixes = new Set([...words].filter((w) => w.length >= 4).map((w) => w.slice(0, 4)));
  return { raw, keep: norm.text, lower, norm, words, prefixes };
}

function scan(page: PageModel, c: CompiledConcept): ConceptHit[] {
  const hits: ConceptHit[] = [];
  for (const t of c.terms) {
    if (t.anchors && !anchorsOnPage(t.anchors, page.words, page.prefixes)) continue;
    const text = t.exact ? page.keep : page.lower;
    t.re.lastIndex = 0;
    for (let m = t.re.exec(text); m; m = t.re.exec(text)) {
      if (m[0].length === 0) {
        t.re.lastIndex++;
        continue;
      }
      const [start, end] = toRawRange(page.norm, m.index, m.index + m[0].length);
      hits.push({ concept: c.id, term: t.pattern, weight: t.weight, nStart: m.index, nEnd: m.index + m[0].length, start, end });
    }
  }
  return hits;
}

/** The concept's mentions on a page, without those inside one of its exclusions. */
export function findConcept(page: PageModel, c: CompiledConcept): ConceptHit[] {
  const hits = scan(page, c);
  if (!c.exclusions || hits.length === 0) return hits;
  const out = scan(page, c.exclusions);
  return hits.filter((h) => !out.some((x) => x.nStart <= h.nStart && h.nEnd <= x.nEnd));
}

/**
 * Where hits of different concepts overlap, the longer wording wins ("not a surgical candidate"
 * over "surgical candidate"); at equal length the heavier term.
 */
export function resolveOverlaps(hits: ConceptHit[]): ConceptHit[] {
  const sorted = [...hits].sort((a, b) => b.nEnd - b.nStart - (a.nEnd - a.nStart) || b.weight - a.weight || a.nStart - b.nStart);
  const kept: ConceptHit[] = [];
  for (const h of sorted) if (!kept.some((k) => k.nStart < h.nEnd && h.nStart < k.nEnd)) kept.push(h);
  return kept.sort((a, b) => a.nStart - b.nStart);
}
