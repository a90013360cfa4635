/**
 * Where a stretch of page text sits on the page: the boxes of the text items (text-layer runs or
 * OCR words) it covers, cut to the covered characters and merged line by line, in PDF units.
 * Marks are redrawn from these after re-anchoring, and find hits and suggestions are placed with
 * them, so a highlight lands on the words themselves whatever the zoom, rotation or window size.
 */
import type { PdfRect } from '../case/schema';
import type { PageText, TextItem } from '../text/page-text';
import { widthFraction } from './char-widths';

/** The part of PageText this needs: enough to compute rects without the whole page object. */
export interface RectSource {
  source: PageText['source'];
  items: readonly TextItem[];
}

/**
 * Box of an item in PDF units. Text-layer items are placed at their baseline (pdf.js gives the
 * origin and the font height), so the box reaches a little below it for descenders; OCR words
 * come as the recognized box itself.
 */
export function itemBox(item: TextItem, source: RectSource['source']): PdfRect {
  if (source === 'ocr') return [item.x, item.y, item.x + item.w, item.y + item.h];
  const h = item.h > 0 ? item.h : 10;
  return [item.x, item.y - 0.22 * h, item.x + item.w, item.y + 0.9 * h];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Rects covering the page text [start, end); empty when no item overlaps it. */
export function rectsForRange(page: RectSource, start: number, end: number): PdfRect[] {
  if (end <= start) return [];
  const pieces: PdfRect[] = [];
  for (const item of page.items) {
    const len = item.str.length;
    if (len === 0) continue;
    const a = Math.max(start, item.start);
    const b = Math.min(end, item.start + len);
    if (b <= a) continue;
    const [x0, y0, x1, y1] = itemBox(item, page.source);
    // Only the run's total width is known: characters are weighted by typical advance widths.
    const from = x0 + (x1 - x0) * widthFraction(item.str, a - item.start);
    const to = x0 + (x1 - x0) * widthFraction(item.str, b - item.start);
    pieces.push([from, y0, to, y1]);
  }
  return mergeLines(pieces).map((r) => r.map(round) as PdfRect);
}

/**
 * Joins pieces that sit on one line and nearly touch (OCR words, text runs split by font),
 * so a highlighted sentence is one band per line rather than a row of word boxes.
 */
export function mergeLines(rects: readonly PdfRect[]): PdfRect[] {
  const out: PdfRect[] = [];
  for (const r of rects) {
    const last = out[out.length - 1];
    if (last) {
      const h = Math.max(last[3] - last[1], r[3] - r[1]);
      const sameLine = Math.abs((last[1] + last[3]) / 2 - (r[1] + r[3]) / 2) < h * 0.5;
      const gap = r[0] - last[2];
      if (sameLine && gap < h * 1.5 && gap > -h) {
        out[out.length - 1] = [Math.min(last[0], r[0]), Math.min(last[1], r[1]), Math.max(last[2], r[2]), Math.max(last[3], r[3])];
        continue;
      }
    }
    out.push([...r] as PdfRect);
  }
  return out;
}

/** The words whose boxes lie mostly inside `area` (an area mark's quote), in reading order. */
export function textInArea(page: RectSource, area: PdfRect): string {
  const words: string[] = [];
  for (const item of page.items) {
    const [x0, y0, x1, y1] = itemBox(item, page.source);
    const w = Math.max(0, Math.min(x1, area[2]) - Math.max(x0, area[0]));
    const h = Math.max(0, Math.min(y1, area[3]) - Math.max(y0, area[1]));
    const whole = (x1 - x0) * (y1 - y0);
    if (whole > 0 && (w * h) / whole >= 0.5) words.push(item.str.trim());
  }
  return words.filter(Boolean).join(' ');
}
