/**
 * Places text marks on their words in the current text: each mark is re-anchored with
 * anchorMark (stored position checked against the quote, then the quote, then a fuzzy match)
 * and its rects recomputed from the text items' boxes. A mark that cannot be re-anchored, or
 * an area mark, keeps its stored rects.
 */
import type { Mark, PdfRect } from '../../shared/case/schema';
import { AnchorContext, anchorMark } from '../../shared/anchoring/anchor-mark';
import { rectsForRange } from '../../shared/anchoring/text-rects';
import type { ViewerPage } from './page-text';

export interface PlacedMark {
  /** Page → rects in PDF units. */
  rects: Map<number, PdfRect[]>;
  reanchored: boolean;
}

export function storedPlacement(m: Mark): PlacedMark {
  const rects = new Map<number, PdfRect[]>([[m.page, m.rects]]);
  for (const [p, r] of Object.entries(m.rectsByPage ?? {})) rects.set(Number(p), r);
  return { rects, reanchored: false };
}

export function placeMarks(marks: readonly Mark[], pages: Map<number, ViewerPage> | null): Map<string, PlacedMark> {
  const out = new Map<string, PlacedMark>();
  const context = pages && pages.size ? new AnchorContext([...pages.values()].map((p) => ({ page: p.page, text: p.text }))) : null;
  for (const m of marks) {
    if (m.kind !== 'text' || !context || !pages || !m.quote) {
      out.set(m.id, storedPlacement(m));
      continue;
    }
    const r = anchorMark(
      { page: m.page, ...(m.pageEnd ? { pageEnd: m.pageEnd } : {}), quote: m.quote, prefix: m.prefix, suffix: m.suffix, ...(m.textStart !== undefined ? { textStart: m.textStart } : {}), ...(m.textEnd !== undefined ? { textEnd: m.textEnd } : {}) },
      context,
    );
    if (r.status !== 'anchored') {
      out.set(m.id, storedPlacement(m));
      continue;
    }
    const rects = new Map<number, PdfRect[]>();
    const last = r.pageEnd ?? r.page;
    for (let p = r.page; p <= last; p++) {
      const page = pages.get(p);
      if (!page) continue;
      const start = p === r.page ? r.textStart : 0;
      const end = p === last ? r.textEnd : page.text.length;
      const got = rectsForRange(page, start, end);
      if (got.length) rects.set(p, got);
    }
    out.set(m.id, rects.size ? { rects, reanchored: true } : storedPlacement(m));
  }
  return out;
}
