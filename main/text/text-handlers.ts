/**
 * The text part of the API table: page texts for the viewer, reading status and OCR control,
 * find across the case's documents, and evidence suggestions per criterion. Suggestions are
 * only offered: nothing here writes a finding or a mark.
 */
import type { HandlersFor } from '../api/dispatch';
import type { textApi, CompactPage, SuggestionInfo } from '../../shared/api/text-api';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseFile, MarkAnchor } from '../../shared/case/schema';
import type { RuleSet } from '../../shared/rules/rule-set';
import { evaluateCase } from '../../shared/rules/evaluate-case';
import { leavesOf } from '../../shared/rules/schema';
import { findInDocuments } from '../../shared/search/find-in-documents';
import { suggestEvidence } from '../../shared/evidence/suggest-evidence';
import { rectsForRange } from '../../shared/anchoring/text-rects';
import type { PageText } from '../../shared/text/page-text';
import type { CaseStore } from '../store/case-store';
import type { TextService } from './text-service';

export interface TextHandlerContext {
  store: CaseStore;
  text: TextService;
  rules: () => Promise<RuleSet>;
}

export function compactPage(p: PageText): CompactPage {
  return {
    page: p.page,
    text: p.text,
    source: p.source,
    hasTextLayer: p.hasTextLayer,
    width: p.width,
    height: p.height,
    rotation: p.rotation,
    ...(p.viewBox ? { viewBox: p.viewBox } : {}),
    items: p.items.map((i) => [i.start, i.str.length, round(i.x), round(i.y), round(i.w), round(i.h)]),
    ...(p.ocrConfidence !== undefined ? { ocrConfidence: p.ocrConfidence } : {}),
    ...(p.unreadable ? { unreadable: true } : {}),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The search terms of a criterion in the rule version the case's evaluation uses. */
function searchTermsFor(caseFile: CaseFile, rules: RuleSet, criterionId: string): string[] {
  const used = evaluateCase(caseFile, rules).rules;
  for (const u of used) {
    const file = rules.ruleFiles.find((r) => r.id === u.ruleId && r.version === u.version);
    const leaf = file && leavesOf(file.criteria).find((l) => l.id === criterionId);
    if (leaf) return leaf.searchTerms;
  }
  throw new WorkbenchError('not-found', `There is no criterion ${criterionId} in the guidelines that apply to this case.`);
}

function overlaps(a: { page: number; textStart?: number; textEnd?: number }, page: number, start: number, end: number): boolean {
  return a.page === page && a.textStart !== undefined && a.textEnd !== undefined && a.textStart < end && start < a.textEnd;
}

export function createTextHandlers(ctx: TextHandlerContext): HandlersFor<typeof textApi> {
  const { text } = ctx;
  return {
    'text.document': async ({ caseId, docSha256 }) => {
      const { doc, version } = await text.documentText(caseId, docSha256);
      return { docSha256, numPages: doc.numPages, version, pages: doc.pages.map(compactPage), failures: doc.failures };
    },

    'text.status': async ({ caseId }) => ({ documents: await text.status(caseId) }),
    'text.startOcr': async ({ caseId, docSha256 }) => text.startOcr(caseId, docSha256),
    'text.cancelOcr': async ({ caseId, docSha256 }) => text.cancelOcr(caseId, docSha256),

    'search.find': async ({ caseId, phrase, docSha256, maxHits }) => {
      const { index, pages, unsearched } = await text.caseIndex(caseId, docSha256);
      const found = findInDocuments(index, phrase, { maxHits });
      return {
        total: found.total,
        truncated: found.truncated,
        unsearched,
        documents: found.documents.map((d) => ({
          docSha256: d.docSha256,
          pages: d.pages.map((p) => {
            const pt = pages.get(d.docSha256)?.get(p.page);
            return {
              page: p.page,
              hits: p.hits.map((h) => ({
                textStart: h.textStart,
                textEnd: h.textEnd,
                before: h.before,
                match: h.match,
                after: h.after,
                rects: pt ? rectsForRange(pt, h.textStart, h.textEnd) : [],
              })),
            };
          }),
        })),
      };
    },

    'evidence.suggest': async ({ caseId, criterionId, limit }) => {
      const [caseFile, rules] = await Promise.all([ctx.store.getCase(caseId), ctx.rules()]);
      const searchTerms = searchTermsFor(caseFile, rules, criterionId);
      const { index, pages, unsearched } = await text.caseIndex(caseId);
      const live = caseFile.marks.filter((m) => !m.removed && m.criterionIds.includes(criterionId));
      const suggestions: SuggestionInfo[] = [];
      for (const s of suggestEvidence(index, searchTerms, { limit })) {
        const pt = pages.get(s.docSha256)?.get(s.page);
        const rects = pt ? rectsForRange(pt, s.textStart, s.textEnd) : [];
        if (rects.length === 0) continue;
        const anchor: MarkAnchor = {
          kind: 'text',
          docSha256: s.docSha256,
          page: s.page,
          rects,
          quote: s.quote.replace(/\s+/g, ' ').trim(),
          prefix: s.prefix.slice(-200),
          suffix: s.suffix.slice(0, 200),
          textStart: s.textStart,
          textEnd: s.textEnd,
        };
        suggestions.push({
          docSha256: s.docSha256,
          page: s.page,
          quote: anchor.quote,
          score: s.score,
          matchedTerms: s.matchedTerms,
          anchor,
          alreadyMarked: live.some((m) => m.docSha256 === s.docSha256 && overlaps(m, s.page, s.textStart, s.textEnd)),
        });
      }
      return { searchTerms, suggestions, unsearched };
    },
  };
}
