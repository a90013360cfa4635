/**
 * What each passage of the record says about one criterion: which of the criterion's concepts it
 * mentions, whether each mention is affirmed, negated or uncertain (context-polarity.ts), and the
 * passage's polarity with the term or cue that decided it. Nothing negated or uncertain counts as
 * support, except where the criterion says negation documents it (an examination's negative
 * findings) or a mental health provider documents an absence ("no history of substance use
 * disorder" in a psychological evaluation).
 */
import type { ConceptRole, CriterionLexicon } from './lexicon-schema';
import { resolveOverlaps, findConcept, pageModel, type ConceptHit } from './concept-matcher';
import { mentionStatus, passageContext, type Cue, type MentionStatus } from './context-polarity';
import { conceptHits, pageKey, type CaseText, type EvidenceLexicon } from './evidence-lexicon';
import type { Passage } from './record-structure';

export type Polarity = 'supports' | 'refutes' | 'negated' | 'uncertain' | 'mention';

export interface MentionInPassage {
  hit: ConceptHit;
  role: ConceptRole;
  /** The term's weight scaled by the concept's weight for this criterion. */
  weight: number;
  status: MentionStatus;
  cue?: Cue;
}

export interface PassageAssessment {
  passage: Passage;
  mentions: MentionInPassage[];
  polarity: Polarity;
  /** The mention that decided the polarity. */
  decidedBy: MentionInPassage;
  /** Evidence weights by what they say. */
  weights: { supports: number; refutes: number; context: number; uncertain: number; negated: number };
  /** The passage is in a mental health provider's evaluation (for absenceSupportsInEvaluation). */
  inEvaluation: boolean;
}

/** Binary search: the first index i with map[i] >= raw offset. */
function toNormalized(map: Uint32Array, length: number, raw: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < raw) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function evaluationEncounters(text: CaseText, lex: EvidenceLexicon, entry: CriterionLexicon): Set<number> {
  const out = new Set<number>();
  if (entry.absenceSupportsInEvaluation.length === 0) return out;
  const markers = entry.concepts.filter((r) => r.role === 'supports' && !entry.absenceSupportsInEvaluation.includes(r.concept)).map((r) => lex.concepts.get(r.concept)!);
  for (const enc of text.record.encounters) {
    const model = pageModel(enc.heading);
    if (markers.some((c) => findConcept(model, c).length > 0)) out.add(enc.index);
  }
  return out;
}

export function assessPassages(text: CaseText, lex: EvidenceLexicon, entry: CriterionLexicon): PassageAssessment[] {
  const refs = entry.concepts.map((r) => ({ ...r, compiled: lex.concepts.get(r.concept)! }));
  const inEvaluation = evaluationEncounters(text, lex, entry);
  const byPage = new Map<string, Passage[]>();
  for (const p of text.record.passages) {
    const k = pageKey(p.docSha256, p.page);
    const list = byPage.get(k);
    if (list) list.push(p);
    else byPage.set(k, [p]);
  }
  const out: PassageAssessment[] = [];
  for (const [key, passages] of byPage) {
    const page = text.pages.get(key)!;
    const roleOf = new Map<string, { role: ConceptRole; weight: number }>();
    const pageHits: ConceptHit[] = [];
    for (const r of refs) {
      roleOf.set(r.concept, { role: r.role, weight: r.weight });
      pageHits.push(...conceptHits(text, key, r.compiled));
    }
    if (pageHits.length === 0) continue;
    const resolved = resolveOverlaps(pageHits);
    const len = page.norm.text.length;
    for (const p of passages) {
      const ns = toNormalized(page.norm.map, len, p.start);
      const ne = toNormalized(page.norm.map, len, p.end);
      const inside = resolved.filter((h) => h.nStart >= ns && h.nEnd <= ne);
      if (inside.length === 0) continue;
      const ctx = passageContext(page, ns, ne, inside.map((h) => ({ s: h.nStart, e: h.nEnd })), lex.context);
      const mentions: MentionInPassage[] = inside.map((hit) => {
        const r = roleOf.get(hit.concept)!;
        const st = mentionStatus(ctx, hit.nStart, hit.nEnd);
        return { hit, role: r.role, weight: hit.weight * r.weight, status: st.status, ...(st.cue ? { cue: st.cue } : {}) };
      });
      out.push(judge(p, mentions, entry, inEvaluation.has(p.encounter)));
    }
  }
  return out;
}

/** Each concept counts once per passage (its strongest mention), so a list of drugs is not ten findings. */
function strongestPerConcept(ms: MentionInPassage[]): MentionInPassage[] {
  const best = new Map<string, MentionInPassage>();
  for (const m of ms) {
    const k = `${m.hit.concept}|${m.status}`;
    const b = best.get(k);
    if (!b || m.weight > b.weight) best.set(k, m);
  }
  // A concept both affirmed and negated in one passage ("apart from a short course of oxycodone she
  // has not taken opioids") counts once, by its stronger mention; at equal strength, as negated.
  for (const m of [...best.values()]) {
    const neg = best.get(`${m.hit.concept}|negated`);
    if (m.status !== 'negated' && neg) {
      if (neg.weight >= m.weight) best.delete(`${m.hit.concept}|${m.status}`);
      else best.delete(`${m.hit.concept}|negated`);
    }
  }
  return [...best.values()];
}

function judge(passage: Passage, all: MentionInPassage[], entry: CriterionLexicon, inEvaluation: boolean): PassageAssessment {
  type Kind = keyof PassageAssessment['weights'];
  const w: Record<Kind, number> = { supports: 0, refutes: 0, context: 0, uncertain: 0, negated: 0 };
  const top: Partial<Record<Kind, { m: MentionInPassage; weight: number }>> = {};
  const add = (k: Kind, m: MentionInPassage, weight: number) => {
    w[k] += weight;
    if (!top[k] || weight > top[k]!.weight) top[k] = { m, weight };
  };
  for (const m of strongestPerConcept(all)) {
    if (m.status === 'affirmed') add(m.role, m, m.weight);
    else if (m.status === 'uncertain') add('uncertain', m, m.weight);
    else if (m.role === 'refutes' && inEvaluation && entry.absenceSupportsInEvaluation.includes(m.hit.concept)) add('supports', m, m.weight * 0.8);
    else if (m.role !== 'refutes' && entry.negationDocuments) add('supports', m, m.weight * 0.8);
    else add('negated', m, m.weight);
  }
  let polarity: Polarity;
  if (w.supports > 0 || w.refutes > 0) polarity = w.refutes > w.supports ? 'refutes' : 'supports';
  else if (w.uncertain > 0 && w.uncertain >= w.negated) polarity = 'uncertain';
  else if (w.negated > 0) polarity = 'negated';
  else polarity = 'mention';
  const decidedBy = top[polarity === 'mention' ? 'context' : polarity]?.m ?? all[0]!;
  return { passage, mentions: all, polarity, decidedBy, weights: w, inEvaluation };
}
