/**
 * An invisible text layer for scanned pages, built from the OCR word boxes, so a reviewer
 * selects and marks recognized words exactly as on a page with a real text layer. Words are
 * transparent spans placed in the unrotated page's pixels and stretched to their boxes; the
 * layer is then turned with the page, as pdf.js turns its own text layer.
 */
import type { ViewerPage } from './page-text';

const LAYER_CLASS = 'wb-ocr-layer';
let measureCtx: CanvasRenderingContext2D | null = null;

function textWidth(s: string, fontPx: number): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return s.length * fontPx * 0.5;
  measureCtx.font = `${fontPx}px sans-serif`;
  return measureCtx.measureText(s).width;
}

interface ViewportLike {
  width: number;
  height: number;
  rotation: number;
}

export function drawOcrTextLayer(pageDiv: HTMLElement, viewport: ViewportLike, page: ViewerPage | undefined): void {
  const existing = pageDiv.querySelector<HTMLElement>(`:scope > .${LAYER_CLASS}`);
  const rotation = ((viewport.rotation % 360) + 360) % 360;
  const key = page ? `${viewport.width.toFixed(1)}:${viewport.height.toFixed(1)}:${rotation}:${page.items.length}:${page.text.length}` : '';
  // Rebuilding an unchanged layer would drop the reviewer's selection in it (pdf.js repaints
  // pages while scrolling, and the text is refetched as OCR proceeds).
  if (existing && existing.dataset.key === key) return;
  existing?.remove();
  if (!page || page.source !== 'ocr' || page.items.length === 0) return;
  const sideways = rotation === 90 || rotation === 270;
  const w = sideways ? viewport.height : viewport.width;
  const h = sideways ? viewport.width : viewport.height;
  const [vx0 = 0, , , vy1 = page.height] = page.viewBox ?? [0, 0, page.width, page.height];
  const scale = w / page.width;
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  layer.dataset.page = String(page.page);
  layer.dataset.key = key;
  layer.style.width = `${w}px`;
  layer.style.height = `${h}px`;
  layer.style.transform = { 0: '', 90: 'rotate(90deg) translateY(-100%)', 180: 'rotate(180deg) translate(-100%, -100%)', 270: 'rotate(270deg) translateX(-100%)' }[rotation as 0 | 90 | 180 | 270] ?? '';
  for (const item of page.items) {
    const left = (item.x - vx0) * scale;
    const top = (vy1 - (item.y + item.h)) * scale;
    const height = item.h * scale;
    const width = item.w * scale;
    const span = document.createElement('span');
    // The separating space lives inside the span: Chrome leaves white-space-only nodes between
    // positioned spans out of a selection's text, which would glue the words together.
    span.textContent = `${item.str} `;
    const fontPx = Math.max(1, height * 0.9);
    span.style.left = `${left}px`;
    span.style.top = `${top}px`;
    span.style.fontSize = `${fontPx}px`;
    span.style.lineHeight = `${height}px`;
    const natural = textWidth(item.str, fontPx);
    if (natural > 0) span.style.transform = `scaleX(${width / natural})`;
    layer.appendChild(span);
  }
  pageDiv.appendChild(layer);
}
