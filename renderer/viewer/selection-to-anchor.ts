/**
 * Turns the reviewer's text selection in the pdf.js viewer into a mark anchor: the quote with
 * its context and offsets in the page text, and the highlighted rects in PDF units per page.
 */
import type { PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import type { MarkAnchor, PdfRect } from '../../shared/case/schema';
import { collapseWhitespace, locateQuote } from '../../shared/text/join-page-text';

export interface SelectionDraft {
  anchor: MarkAnchor;
  /** Where to show the picker, in client coordinates. */
  at: { x: number; y: number };
  /** The selection's box in client coordinates: the picker is placed beside it, never over it. */
  box?: { left: number; top: number; right: number; bottom: number };
}

interface PageViewLike {
  id: number;
  div: HTMLDivElement;
  viewport: { width: number; height: number; convertToPdfPoint(x: number, y: number): number[] };
}

const CONTEXT = 32;

export function pageViewsOf(viewer: PDFViewer): PageViewLike[] {
  const out: PageViewLike[] = [];
  for (let i = 0; i < viewer.pagesCount; i++) {
    const v = viewer.getPageView(i) as unknown as PageViewLike | undefined;
    if (v?.div) out.push(v);
  }
  return out;
}

export function clientRectToPdf(view: PageViewLike, r: DOMRect): PdfRect {
  const box = view.div.getBoundingClientRect();
  const borderX = view.div.clientLeft;
  const borderY = view.div.clientTop;
  const sx = view.viewport.width / view.div.clientWidth;
  const sy = view.viewport.height / view.div.clientHeight;
  const x0 = (r.left - box.left - borderX) * sx;
  const y0 = (r.top - box.top - borderY) * sy;
  const x1 = (r.right - box.left - borderX) * sx;
  const y1 = (r.bottom - box.top - borderY) * sy;
  const [ax, ay] = view.viewport.convertToPdfPoint(x0, y0) as [number, number];
  const [bx, by] = view.viewport.convertToPdfPoint(x1, y1) as [number, number];
  const round = (n: number) => Math.round(n * 100) / 100;
  return [round(Math.min(ax, bx)), round(Math.min(ay, by)), round(Math.max(ax, bx)), round(Math.max(ay, by))];
}

function viewContaining(views: PageViewLike[], r: DOMRect): PageViewLike | undefined {
  const cx = (r.left + r.right) / 2;
  const cy = (r.top + r.bottom) / 2;
  return views.find((v) => {
    const b = v.div.getBoundingClientRect();
    return cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom;
  });
}

export async function selectionToAnchor(
  viewer: PDFViewer,
  docSha256: string,
  pageText: (page: number) => Promise<string>,
): Promise<SelectionDraft | null> {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const quote = collapseWhitespace(sel.toString());
  if (quote.length < 2) return null;
  const range = sel.getRangeAt(0);
  const views = pageViewsOf(viewer);
  const byPage = new Map<number, PdfRect[]>();
  for (const r of Array.from(range.getClientRects())) {
    if (r.width < 1 || r.height < 1) continue;
    const view = viewContaining(views, r);
    if (!view) continue;
    const list = byPage.get(view.id) ?? [];
    list.push(clientRectToPdf(view, r));
    byPage.set(view.id, list);
  }
  const pages = [...byPage.keys()].sort((a, b) => a - b);
  const first = pages[0];
  if (first === undefined) return null;
  const last = pages[pages.length - 1]!;

  // Offsets refer to the first page's text; a quote running onto the next page keeps its
  // full text in `quote` and its rects per page.
  const text = await pageText(first);
  const firstPart = pages.length > 1 ? quoteOnFirstPage(text, quote) : quote;
  const at = locateQuote(text, firstPart);
  const start = at?.start;
  const end = at?.end;
  let suffix = '';
  if (end !== undefined) suffix = text.slice(end, end + CONTEXT);
  if (pages.length > 1) suffix = (await pageText(last)).slice(0, CONTEXT);

  const anchor: MarkAnchor = {
    kind: 'text',
    docSha256,
    page: first,
    rects: byPage.get(first)!,
    quote,
    prefix: start !== undefined ? text.slice(Math.max(0, start - CONTEXT), start) : '',
    suffix,
    ...(start !== undefined ? { textStart: start, textEnd: end } : {}),
    ...(pages.length > 1
      ? { pageEnd: last, rectsByPage: Object.fromEntries(pages.slice(1).map((p) => [String(p), byPage.get(p)!])) }
      : {}),
  };
  const rect = range.getBoundingClientRect();
  return { anchor, at: { x: rect.left + rect.width / 2, y: rect.bottom }, box: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } };
}

/** The longest head of the quote that ends the page's text (the rest runs onto the next page). */
function quoteOnFirstPage(pageText: string, quote: string): string {
  const tail = collapseWhitespace(pageText.slice(-quote.length - 50));
  for (let n = quote.length; n > 0; n--) {
    const head = quote.slice(0, n).trim();
    if (head && tail.endsWith(head)) return head;
  }
  return quote;
}
