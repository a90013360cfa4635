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
  pageDiv.querySelector(`:scope > .${LAYER_CLASS}`)?.remove();
  if (!page || page.source !== 'ocr' || page.items.length === 0) return;
  const rotation = ((viewport.rotation % 360) + 360) % 360;
  const sideways = rotation === 90 || rotation === 270;
  const w = sideways ? viewport.height : viewport.width;
  const h = sideways ? viewport.width : viewport.height;
  const [vx0 = 0, , , vy1 = page.height] = page.viewBox ?? [0, 0, page.width, page.height];
  const scale = w / page.width;
  const layer = document.createElement('div');
  layer.className = LAYER_CLASS;
  layer.dataset.page = String(page.page);
  layer.style.width = `${w}px`;
  layer.style.height = `${h}px`;
  layer.style.transform = { 0: '', 90: 'rotate(90deg) translateY(-100%)', 180: 'rotate(180deg) translate(-100%, -100%)', 270: 'rotate(270deg) translateX(-100%)' }[rotation as 0 | 90 | 180 | 270] ?? '';
  let lastBottom = -1;
  for (const item of page.items) {
    const left = (item.x - vx0) * scale;
    const top = (vy1 - (item.y + item.h)) * scale;
    const height = item.h * scale;
    const width = item.w * scale;
    if (lastBottom >= 0) layer.appendChild(top > lastBottom - height / 2 ? document.createElement('br') : document.createTextNode(' '));
    lastBottom = top + height;
    const span = document.createElement('span');
    span.textContent = item.str;
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
