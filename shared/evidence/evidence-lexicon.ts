/**
 * The lexicon files compiled once (concept expressions, cue triggers, heading and furniture
 * patterns), and a case's record read once into passages with their concept mentions cached per
 * page, so each criterion's suggestions are a scan of cached hits, not of the text.
 */
import type { ClinicalLexicon, ContextCues, CriterionLexicon, FactProposalSpec } from './lexicon-schema';
import { compileConcept, findConcept, pageModel, type CompiledConcept, type ConceptHit, type PageModel } from './concept-matcher';
import { compileContextMatchers, type ContextMatchers } from './context-polarity';
import { buildCaseRecord, compileStructureMatchers, type CaseRecord, type RecordDocument, type StructureMatchers } from './record-structure';

export interface EvidenceLexicon {
  lexicon: ClinicalLexicon;
  concepts: Map<string, CompiledConcept>;
  criteria: Map<string, CriterionLexicon>;
  facts: Map<string, FactProposalSpec>;
  structure: StructureMatchers;
  context: ContextMatchers;
}

export function compileEvidenceLexicon(lexicon: ClinicalLexicon, cues: ContextCues): EvidenceLexicon {
  const concepts = new Map(Object.entries(lexicon.concepts).map(([id, c]) => [id, compileConcept(id, c)]));
  const criteria = new Map<string, CriterionLexicon>();
  for (const c of lexicon.criteria) for (const id of c.criteria) criteria.set(id, c);
  const facts = new Map<string, FactProposalSpec>();
  for (const f of lexicon.facts) for (const name of f.facts) facts.set(name, f);
  return { lexicon, concepts, criteria, facts, structure: compileStructureMatchers(cues), context: compileContextMatchers(cues) };
}

export interface CaseText {
  record: CaseRecord;
  /** Pages by `${docSha256}:${page}`. */
  pages: Map<string, PageModel>;
  /** Concept mentions per page, found on first use. */
  hits: Map<string, Map<string, ConceptHit[]>>;
}

export const pageKey = (doc: string, page: number) => `${doc}:${page}`;

export function readCaseText(docs: readonly RecordDocument[], lex: EvidenceLexicon): CaseText {
  const pages = new Map<string, PageModel>();
  for (const d of docs) for (const p of d.pages) pages.set(pageKey(d.sha256, p.page), pageModel(p.text));
  return { record: buildCaseRecord(docs, lex.structure), pages, hits: new Map() };
}

/** A concept's mentions on one page (cached). */
export function conceptHits(text: CaseText, key: string, concept: CompiledConcept): ConceptHit[] {
  let byConcept = text.hits.get(key);
  if (!byConcept) {
    byConcept = new Map();
    text.hits.set(key, byConcept);
  }
  let hits = byConcept.get(concept.id);
  if (!hits) {
    const page = text.pages.get(key);
    hits = page ? findConcept(page, concept) : [];
    byConcept.set(concept.id, hits);
  }
  return hits;
}
