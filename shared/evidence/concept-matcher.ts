/**
 * Finds the lexicon's concepts in page text. Each concept's terms are joined into one expression
 * per case sensitivity (longest pattern first, so "no operative target" is preferred to a shorter
 * wording at the same place), run over the page's normalized text: lower case for most terms, the
 * record's own case for abbreviations that need it ("PT" the therapy, not "pt" the patient).
 * A term found inside one of the concept's exclusions ("respiratory depression") does not count.
 */
import { normalizeWithMap, toRawRange, type NormalizedText } from '../text/normalize-text';
import type { Concept, LexiconTerm } from './lexicon-schema';
import { termPatternSource } from './term-pattern';

export interface PageModel {
  raw: string;
  /** Normalized text in the record's case, and the same lower-cased (same length, same map). */
  keep: string;
  lower: string;
  norm: NormalizedText;
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

interface CompiledConcept {
  id: string;
  label: string;
  any?: { re: RegExp; terms: TermSpec[] };
  exact?: { re: RegExp; terms: TermSpec[] };
  exclusions: CompiledConcept | undefined;
}

const termSpec = (t: LexiconTerm, weight: number): TermSpec =>
  typeof t === 'string' ? { pattern: t, weight, exact: false } : { pattern: t.pattern, weight: t.weight ?? weight, exact: t.case === 'exact' };

function joined(terms: TermSpec[], exact: boolean): { re: RegExp; terms: TermSpec[] } | undefined {
  const own = terms.filter((t) => t.exact === exact).sort((a, b) => b.pattern.length - a.pattern.length);
  if (own.length === 0) return undefined;
  return { re: new RegExp(own.map((t) => `(${termPatternSource(t.pattern, { exactCase: exact })})`).join('|'), 'g'), terms: own };
}

function compileTerms(id: string, label: string, terms: TermSpec[], exclusions?: TermSpec[]): CompiledConcept {
  const any = joined(terms, false);
  const exact = joined(terms, true);
  return {
    id,
    label,
    ...(any ? { any } : {}),
    ...(exact ? { exact } : {}),
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
  return { raw, keep: norm.text, lower: lowerSameLength(norm.text), norm };
}

function scan(page: PageModel, c: CompiledConcept): ConceptHit[] {
  const hits: ConceptHit[] = [];
  for (const [which, text] of [
    ['any', page.lower],
    ['exact', page.keep],
  ] as const) {
    const part = c[which];
    if (!part) continue;
    part.re.lastIndex = 0;
    for (let m = part.re.exec(text); m; m = part.re.exec(text)) {
      if (m[0].length === 0) {
        part.re.lastIndex++;
        continue;
      }
      const g = m.findIndex((v, i) => i > 0 && v !== undefined);
      const t = part.terms[g - 1]!;
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
