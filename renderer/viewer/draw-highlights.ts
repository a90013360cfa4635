/**
 * Draws marks over pdf.js pages. Positions are in page-relative percent computed from PDF
 * units, so they stay on the same words at any zoom; pdf.js re-renders a page on zoom or
 * rotation and we redraw that page's layer then. Only pages whose marks changed are redrawn.
 */
import type { PdfRect } from '../../shared/case/schema';

export interface HighlightRect {
  markId: string;
  rect: PdfRect;
  color: string;
  active: boolean;
  title: string;
  /** An area mark: drawn as a framed box rather than a text highlight. */
  area?: boolean;
}

interface ViewportLike {
  width: number;
  height: number;
  convertToViewportPoint(x: number, y: number): number[];
}

const LAYER_CLASS = 'wb-highlight-layer';

/** Percent box of a PDF rect in the page's current viewport (zoom and rotation included). */
function percentBox(viewport: ViewportLike, rect: PdfRect) {
  const [a, b] = viewport.convertToViewportPoint(rect[0], rect[1]) as [number, number];
  const [c, d] = viewport.convertToViewportPoint(rect[2], rect[3]) as [number, number];
  return {
    left: `${(Math.min(a, c) / viewport.width) * 100}%`,
    top: `${(Math.min(b, d) / viewport.height) * 100}%`,
    width: `${(Math.abs(c - a) / viewport.width) * 100}%`,
    height: `${(Math.abs(d - b) / viewport.height) * 100}%`,
  };
}

/** A layer of plain boxes over one page, replaced whole on each call. */
function drawBoxes(pageDiv: HTMLElement, viewport: ViewportLike, layerClass: string, boxes: { rect: PdfRect; className: string }[]): void {
  pageDiv.querySelector(`:scope > .${layerClass}`)?.remove();
  if (boxes.length === 0) return;
  const layer = document.createElement('div');
  layer.className = layerClass;
  layer.setAttribute('aria-hidden', 'true');
  for (const box of boxes) {
    const el = document.createElement('div');
    el.className = box.className;
    Object.assign(el.style, percentBox(viewport, box.rect));
    layer.appendChild(el);
  }
  pageDiv.appendChild(layer);
}

/** Find hits on one page; `current` is the hit the reviewer stepped to, if it is on this page. */
export function drawFindHits(pageDiv: HTMLElement, viewport: ViewportLike, hits: { rects: PdfRect[]; current: boolean }[]): void {
  drawBoxes(pageDiv, viewport, 'wb-find-layer', hits.flatMap((h) => h.rects.map((rect) => ({ rect, className: h.current ? 'wb-find-hit wb-find-hit-current' : 'wb-find-hit' }))));
}

/** The passage just jumped to (a suggestion): a highlight that fades out, drawn over the page's marks. */
export function drawFlash(pageDiv: HTMLElement, viewport: ViewportLike, rects: PdfRect[]): void {
  drawBoxes(pageDiv, viewport, 'wb-flash-layer', rects.map((rect) => ({ rect, className: 'wb-flash' })));
}

export function drawHighlights(pageDiv: HTMLElement, viewport: ViewportLike, rects: HighlightRect[]): void {
  pageDiv.querySelector(`:scope > .${LAYER_CLASS}`)?.remove();
  if (rects.length === 0) return;
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  layer.setAttribute('aria-hidden', 'true');
  for (const h of rects) {
    const [a, b] = viewport.convertToViewportPoint(h.rect[0], h.rect[1]) as [number, number];
    const [c, d] = viewport.convertToViewportPoint(h.rect[2], h.rect[3]) as [number, number];
    const left = (Math.min(a, c) / viewport.width) * 100;
    const top = (Math.min(b, d) / viewport.height) * 100;
    const width = (Math.abs(c - a) / viewport.width) * 100;
    const height = (Math.abs(d - b) / viewport.height) * 100;
    const el = document.createElement('div');
    el.className = ['wb-highlight', h.active ? 'wb-highlight-active' : '', h.area ? 'wb-highlight-area' : ''].filter(Boolean).join(' ');
    el.dataset.markId = h.markId;
    el.title = h.title;
    el.style.left = `${left}%`;
    el.style.top = `${top}%`;
    el.style.width = `${width}%`;
    el.style.height = `${height}%`;
    el.style.backgroundColor = h.color;
    layer.appendChild(el);
  }
  pageDiv.appendChild(layer);
}
