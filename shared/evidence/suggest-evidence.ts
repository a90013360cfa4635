/**
 * Suggests the passages that decide a criterion, ranked the way a director would pick them: the
 * most specific wording first ("no operative target" outranks "surgery"), in the section where the
 * answer is written (assessment, impression, the examination for an examination criterion), from
 * the most recent encounter, with the criterion's number when it has one ("PT x 6 mos"); page
 * furniture, negated and uncertain mentions go to the bottom. Ties are broken by those same
 * features, not by page order. Each suggestion is labelled (supports, refutes, negated, uncertain,
 * mention) with the term or cue that decided it; a suggestion never changes a finding by itself.
 */
import type { CriterionLexicon } from './lexicon-schema';
import type { Cue } from './context-polarity';
import { assessPassages, type PassageAssessment, type Polarity } from './assess-passages';
import type { CaseText, EvidenceLexicon } from './evidence-lexicon';
import { daysBetween } from './clinical-dates';
import { clampAround, quotedAt, type SuggestedPassage } from './quote-window';
import { criterionNumber, type CriterionNumber } from './criterion-number';
import { compileConcept } from './concept-matcher';

export interface EvidenceSuggestion extends SuggestedPassage {
  polarity: Polarity;
  /** Why: the term that decided it, and the negation or uncertainty cue with its scope when there is one. */
  because: { term: string; concept: string; cue?: { kind: Cue['kind']; text: string; scope: string } };
  /** The concepts found, as the lexicon labels them. */
  matchedTerms: string[];
  section?: string;
  encounterDate?: string;
  /** Page furniture (a fax cover, an enclosure list, a letterhead line): shown last. */
  furniture?: string;
}

export interface SuggestOptions {
  limit?: number;
  maxQuoteChars?: number;
  contextChars?: number;
  /** The criterion's threshold, so passages stating its number rank higher. */
  fact?: { unit: string; threshold: number };
  /** Search terms of a criterion the lexicon does not know (e.g. added by a rule file later). */
  fallbackTerms?: readonly string[];
}

const POLARITY_FACTOR: Record<Polarity, number> = { supports: 1, refutes: 1, mention: 0.62, uncertain: 0.55, negated: 0.5 };

interface Ranked {
  a: PassageAssessment;
  score: number;
  keys: number[];
}

function sectionFactor(a: PassageAssessment, entry: CriterionLexicon): number {
  const kind = a.passage.section?.kind;
  if (a.passage.furniture) return 0.15;
  if (!kind) return 1;
  const at = entry.sections.indexOf(kind);
  if (at >= 0) return 1.3 - at * 0.04;
  if (kind === 'review-of-systems' || kind === 'past-history' || kind === 'social-history') return 0.85;
  return 1;
}

function recencyFactor(a: PassageAssessment, latest: string | undefined, entry: CriterionLexicon): number {
  const d = a.passage.encounterDate;
  if (!d || !latest) return 1;
  const months = Math.max(0, daysBetween(d, latest)) / 30.4375;
  return entry.recency === 'strong' ? 1 + 0.6 * Math.exp(-months / 1.5) : 1 + 0.12 * Math.exp(-months / 6);
}

/** Relevance from the evidence weights: saturating, so five weak words do not beat one decisive phrase. */
function relevance(a: PassageAssessment): number {
  const w = a.weights;
  const strength = w.supports + w.refutes + 0.35 * w.context + 0.45 * w.uncertain + 0.45 * w.negated;
  const strongest = Math.max(...a.mentions.map((m) => m.weight));
  return 0.55 * (1 - Math.exp(-1.2 * strength)) + 0.45 * strongest;
}

export function rankAssessments(text: CaseText, entry: CriterionLexicon, assessed: PassageAssessment[], num: CriterionNumber | undefined): Ranked[] {
  const latest = text.record.latestDate;
  return assessed
    .map((a) => {
      const rel = relevance(a);
      const sec = sectionFactor(a, entry);
      const rec = recencyFactor(a, latest, entry);
      const number = num ? num.factor(a.passage.text) : 1;
      const pol = POLARITY_FACTOR[a.polarity];
      const raw = rel * sec * rec * number * pol;
      return { a, score: raw, keys: [raw, rel, sec, rec, number] };
    })
    .sort((x, y) => {
      for (let i = 0; i < x.keys.length; i++) if (Math.abs(x.keys[i]! - y.keys[i]!) > 1e-9) return y.keys[i]! - x.keys[i]!;
      return x.a.passage.index - y.a.passage.index;
    });
}

/** A search term read literally, as a concept of its own; its id is the term, so cached hits stay the term's. */
const termConceptId = (term: string) => `search-term:${term}`;

function fallbackEntry(criterionId: string, terms: readonly string[]): CriterionLexicon | undefined {
  if (terms.length === 0) return undefined;
  return {
    criteria: [criterionId],
    concepts: terms.map((t) => ({ concept: termConceptId(t), role: 'supports' as const, weight: 1 })),
    sections: ['assessment', 'impression'],
    recency: 'weak',
    negationDocuments: false,
    absenceSupportsInEvaluation: [],
  };
}

/**
 * The lexicon entry for a criterion, or, for a criterion the lexicon does not know, one built from
 * its search terms taken literally; with the lexicon to read it with.
 */
export function criterionEntry(lex: EvidenceLexicon, criterionId: string, fallbackTerms: readonly string[] = []): { entry: CriterionLexicon; lex: EvidenceLexicon } | undefined {
  const known = lex.criteria.get(criterionId);
  if (known) return { entry: known, lex };
  const entry = fallbackEntry(criterionId, fallbackTerms);
  if (!entry) return undefined;
  const concepts = new Map(lex.concepts);
  for (const t of fallbackTerms) {
    const literal = t.replace(/[()[\]|~#*\\]/g, (c) => `\\${c}`);
    concepts.set(termConceptId(t), compileConcept(termConceptId(t), { label: t, weight: 0.6, terms: [literal], notWithin: [] }));
  }
  return { entry, lex: { ...lex, concepts } };
}

export function suggestEvidence(text: CaseText, lex: EvidenceLexicon, criterionId: string, opts: SuggestOptions = {}): EvidenceSuggestion[] {
  const found = criterionEntry(lex, criterionId, opts.fallbackTerms);
  if (!found) return [];
  const { entry } = found;
  lex = found.lex;
  const limit = opts.limit ?? 20;
  const maxQuote = opts.maxQuoteChars ?? 320;
  const ctx = opts.contextChars ?? 32;
  const num = opts.fact ? criterionNumber(opts.fact.unit, opts.fact.threshold) : undefined;
  const ranked = rankAssessments(text, entry, assessPassages(text, lex, entry), num).slice(0, limit);
  const top = ranked[0]?.score ?? 1;
  return ranked.map(({ a, score }) => toSuggestion(text, lex, a, score / Math.max(top, 1e-9), maxQuote, ctx));
}

function toSuggestion(text: CaseText, lex: EvidenceLexicon, a: PassageAssessment, score: number, maxQuote: number, ctx: number): EvidenceSuggestion {
  const p = a.passage;
  const raw = text.pages.get(`${p.docSha256}:${p.page}`)!.raw;
  const hitStart = Math.min(...a.mentions.map((m) => m.hit.start));
  const hitEnd = Math.max(...a.mentions.map((m) => m.hit.end));
  const [qs, qe] = clampAround(raw, p.start, p.end, hitStart, hitEnd, maxQuote);
  const d = a.decidedBy;
  const page = text.pages.get(`${p.docSha256}:${p.page}`)!;
  const cue = d.cue && (a.polarity === 'negated' || a.polarity === 'uncertain')
    ? { kind: d.cue.kind, text: d.cue.text, scope: page.lower.slice(Math.min(d.cue.scopeStart, d.hit.nStart), Math.max(d.cue.scopeEnd, d.hit.nEnd)).trim() }
    : undefined;
  const labels = [...new Set(a.mentions.filter((m) => m.role !== 'context' || a.polarity === 'mention').map((m) => lex.concepts.get(m.hit.concept)?.label ?? m.hit.concept))];
  return {
    docSha256: p.docSha256,
    page: p.page,
    ...quotedAt(raw, qs, qe, ctx),
    score: Math.round(score * 1000) / 1000,
    polarity: a.polarity,
    because: { term: raw.slice(d.hit.start, d.hit.end), concept: lex.concepts.get(d.hit.concept)?.label ?? d.hit.concept, ...(cue ? { cue } : {}) },
    matchedTerms: labels.length ? labels : [lex.concepts.get(d.hit.concept)?.label ?? d.hit.concept],
    ...(p.section ? { section: p.section.heading } : {}),
    ...(p.encounterDate ? { encounterDate: p.encounterDate } : {}),
    ...(p.furniture ? { furniture: p.furniture } : {}),
  };
}
