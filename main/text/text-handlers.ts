/**
 * The text part of the API table: page texts for the viewer, reading status and OCR control,
 * and find across the case's documents (evidence suggestions are main/evidence/evidence-handlers.ts).
 */
import type { HandlersFor } from '../api/dispatch';
import type { textApi, CompactPage } from '../../shared/api/text-api';
import type { RuleSet } from '../../shared/rules/rule-set';
import { findInDocuments } from '../../shared/search/find-in-documents';
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
  };
}
