/**
 * The evidence part of the API table: suggestions per criterion and facts proposed from the record,
 * read from the case's text (text layer and OCR'd pages) with the clinical lexicon. Only offers:
 * nothing here writes a finding or a mark; accepting goes through marks.add and findings.set.
 */
import type { HandlersFor } from '../api/dispatch';
import type { evidenceApi, FactProposalInfo, ProposalBasisInfo, SuggestionInfo } from '../../shared/api/evidence-api';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseFile, Mark, MarkAnchor } from '../../shared/case/schema';
import type { RuleSet } from '../../shared/rules/rule-set';
import { criteriaForCase, customRuleFile } from '../../shared/rules/criteria-for-case';
import { leavesOf, type CriterionLeaf } from '../../shared/rules/schema';
import { rectsForRange } from '../../shared/anchoring/text-rects';
import type { TextIndex } from '../../shared/search/find-in-documents';
import type { PageText } from '../../shared/text/page-text';
import { readCaseText, type CaseText, type EvidenceLexicon } from '../../shared/evidence/evidence-lexicon';
import { suggestEvidence } from '../../shared/evidence/suggest-evidence';
import { proposeFact } from '../../shared/evidence/propose-facts';
import type { CaseStore } from '../store/case-store';
import type { TextService } from '../text/text-service';

export interface EvidenceHandlerContext {
  store: CaseStore;
  text: TextService;
  rules: () => Promise<RuleSet>;
  lexicon: () => Promise<EvidenceLexicon>;
}

/** The criterion in the rule version the case's evaluation uses (chosen as the evaluation chooses it, without evaluating). */
function criterionOf(caseFile: CaseFile, rules: RuleSet, criterionId: string): CriterionLeaf {
  for (const { rule } of criteriaForCase(caseFile, rules).rules) {
    const leaf = leavesOf(rule.criteria).find((l) => l.id === criterionId);
    if (leaf) return leaf;
  }
  // The reviewer's own criteria, as the evaluation reads them (one definition: shared/rules/criteria-for-case.ts).
  const custom = customRuleFile(caseFile, caseFile.request.codes.map((c) => c.code));
  const leaf = custom && leavesOf(custom.criteria).find((l) => l.id === criterionId);
  if (leaf) return leaf;
  throw new WorkbenchError('not-found', `There is no criterion ${criterionId} in the guidelines that apply to this case.`);
}

const overlaps = (m: Mark, doc: string, page: number, start: number, end: number) =>
  m.docSha256 === doc && m.page === page && m.textStart !== undefined && m.textEnd !== undefined && m.textStart < end && start < m.textEnd;

const CONTEXT = 32;

/** A text anchor for raw page offsets [start, end), or undefined when the page has no boxes for them. */
function anchorFor(pt: PageText | undefined, doc: string, start: number, end: number): MarkAnchor | undefined {
  if (!pt) return undefined;
  const rects = rectsForRange(pt, start, end);
  if (rects.length === 0) return undefined;
  return {
    kind: 'text',
    docSha256: doc,
    page: pt.page,
    rects,
    quote: pt.text.slice(start, end).replace(/\s+/g, ' ').trim(),
    prefix: pt.text.slice(Math.max(0, start - CONTEXT), start),
    suffix: pt.text.slice(end, end + CONTEXT),
    textStart: start,
    textEnd: end,
  };
}

export function createEvidenceHandlers(ctx: EvidenceHandlerContext): HandlersFor<typeof evidenceApi> {
  // The case's text read once per text version: the index object is replaced whenever a page changes.
  const read = new WeakMap<TextIndex, CaseText>();
  async function caseText(caseId: string) {
    const [{ index, pages, unsearched }, lex] = await Promise.all([ctx.text.caseIndex(caseId), ctx.lexicon()]);
    let text = read.get(index);
    if (!text) {
      text = readCaseText([...pages].map(([sha256, byPage]) => ({ sha256, pages: [...byPage.values()] })), lex);
      read.set(index, text);
    }
    return { text, lex, pages, unsearched };
  }

  return {
    'evidence.suggest': async ({ caseId, criterionId, limit }) => {
      const [caseFile, rules] = await Promise.all([ctx.store.getCase(caseId), ctx.rules()]);
      const leaf = criterionOf(caseFile, rules, criterionId);
      const { text, lex, pages, unsearched } = await caseText(caseId);
      const live = caseFile.marks.filter((m) => !m.removed && m.criterionIds.includes(criterionId));
      const found = suggestEvidence(text, lex, criterionId, {
        // A few more than asked: passages without boxes (nothing to highlight) are dropped below.
        limit: limit + 4,
        fallbackTerms: leaf.searchTerms,
        ...(leaf.fact ? { fact: { unit: leaf.fact.unit, threshold: leaf.fact.threshold } } : {}),
      });
      const suggestions: SuggestionInfo[] = [];
      for (const s of found) {
        const anchor = anchorFor(pages.get(s.docSha256)?.get(s.page), s.docSha256, s.textStart, s.textEnd);
        if (!anchor || suggestions.length >= limit) continue;
        suggestions.push({
          docSha256: s.docSha256,
          page: s.page,
          quote: anchor.quote,
          score: s.score,
          matchedTerms: s.matchedTerms,
          polarity: s.polarity,
          because: s.because,
          ...(s.section ? { section: s.section } : {}),
          ...(s.encounterDate ? { encounterDate: s.encounterDate } : {}),
          ...(s.furniture ? { furniture: s.furniture } : {}),
          anchor,
          alreadyMarked: live.some((m) => overlaps(m, s.docSha256, s.page, s.textStart, s.textEnd)),
        });
      }
      return { searchTerms: leaf.searchTerms, suggestions, unsearched };
    },

    'evidence.proposeFacts': async ({ caseId, criterionId }) => {
      const [caseFile, rules] = await Promise.all([ctx.store.getCase(caseId), ctx.rules()]);
      const leaf = criterionOf(caseFile, rules, criterionId);
      if (!leaf.fact) return { proposals: [], unsearched: [] };
      const { text, lex, pages, unsearched } = await caseText(caseId);
      const p = proposeFact(text, lex, { name: leaf.fact.name, unit: leaf.fact.unit });
      if (!p) return { proposals: [], unsearched };
      const live = caseFile.marks.filter((m) => !m.removed && m.criterionIds.includes(criterionId));
      const basis: ProposalBasisInfo[] = [];
      for (const b of p.basis) {
        const anchor = anchorFor(pages.get(b.passage.docSha256)?.get(b.passage.page), b.passage.docSha256, b.passage.start, b.passage.end);
        // A proposal whose passages cannot be marked cannot be accepted with its marks: offer none.
        if (!anchor) return { proposals: [], unsearched };
        basis.push({
          role: b.role,
          ...(b.date ? { date: b.date } : {}),
          quote: anchor.quote,
          docSha256: b.passage.docSha256,
          page: b.passage.page,
          anchor,
          alreadyMarked: live.some((m) => overlaps(m, b.passage.docSha256, b.passage.page, b.passage.start, b.passage.end)),
        });
      }
      const proposal: FactProposalInfo = { factName: p.factName, label: leaf.fact.label, unit: leaf.fact.unit, value: p.value, arithmetic: p.arithmetic, basis, notes: p.notes };
      return { proposals: [proposal], unsearched };
    },
  };
}
