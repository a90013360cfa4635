/** Text → rects: the boxes a stretch of page text covers, for marks, find hits and suggestions. */
import { describe, expect, it } from 'vitest';
import { mergeLines, rectsForRange, textInArea } from '../../../shared/anchoring/text-rects';
import { widthFraction } from '../../../shared/anchoring/char-widths';
import type { TextItem } from '../../../shared/text/page-text';

/** OCR words laid out on lines: each word 10 units per character wide, 12 high. */
function ocrPage(lines: string[][]): { source: 'ocr'; items: TextItem[]; text: string } {
  const items: TextItem[] = [];
  let text = '';
  lines.forEach((words, li) => {
    let x = 50;
    words.forEach((w, wi) => {
      if (wi > 0) text += ' ';
      items.push({ str: w, x, y: 700 - li * 20, w: w.length * 10, h: 12, start: text.length });
      text += w;
      x += w.length * 10 + 6;
    });
    text += '\n';
  });
  return { source: 'ocr', items, text };
}

describe('rectsForRange', () => {
  const page = ocrPage([['Burning', 'pain', 'L', 'buttock'], ['to', 'lateral', 'calf']]);

  it('covers whole OCR words with one band per line', () => {
    const start = page.text.indexOf('Burning');
    const end = page.text.indexOf('buttock') + 'buttock'.length;
    const rects = rectsForRange(page, start, end);
    expect(rects).toHaveLength(1);
    const [x0, y0, x1, y1] = rects[0]!;
    expect(x0).toBe(50);
    expect(x1).toBe(page.items[3]!.x + 70);
    expect([y0, y1]).toEqual([700, 712]);
  });

  it('cuts a partly covered word at the covered characters, weighted by their widths', () => {
    const start = page.text.indexOf('pain') + 1; // "ain"
    const rects = rectsForRange(page, start, start + 3);
    const word = page.items[1]!;
    // "p" is 556/1890 of "pain" in Helvetica widths (p a i n = 556 556 222 556).
    expect(rects).toEqual([[Math.round((word.x + 40 * (556 / 1890)) * 100) / 100, 700, word.x + 40, 712]]);
    expect(widthFraction('illicit', 3)).toBeLessThan(3 / 7);
    expect(widthFraction('WMW', 1)).toBeCloseTo(944 / (944 + 833 + 944), 5);
    expect([widthFraction('abc', 0), widthFraction('abc', 3)]).toEqual([0, 1]);
  });

  it('gives one rect per line for a passage over a line break, and nothing for an empty range', () => {
    const start = page.text.indexOf('buttock');
    const end = page.text.indexOf('calf') + 4;
    const rects = rectsForRange(page, start, end);
    expect(rects).toHaveLength(2);
    expect(rects[1]![1]).toBe(680);
    expect(rectsForRange(page, 5, 5)).toEqual([]);
  });

  it('places text-layer runs from their baseline, reaching below it for descenders', () => {
    const items: TextItem[] = [{ str: 'physical therapy', x: 72, y: 600, w: 96, h: 10, start: 0 }];
    const [[x0, y0, x1, y1]] = rectsForRange({ source: 'text-layer', items }, 9, 16) as [[number, number, number, number]];
    expect(x0).toBeCloseTo(72 + 96 * widthFraction('physical therapy', 9), 1);
    expect(x1).toBe(168);
    expect(y0).toBeLessThan(600);
    expect(y1).toBeGreaterThan(606);
  });
});

describe('mergeLines and textInArea', () => {
  it('keeps separate lines apart and joins near pieces on one line', () => {
    expect(mergeLines([[0, 0, 10, 10], [12, 0, 20, 10], [0, 30, 10, 40]])).toEqual([[0, 0, 20, 10], [0, 30, 10, 40]]);
  });

  it('reads the words inside an area mark', () => {
    const page = ocrPage([['Burning', 'pain', 'L', 'buttock'], ['to', 'lateral', 'calf']]);
    expect(textInArea(page, [40, 695, 170, 715])).toBe('Burning pain');
    expect(textInArea(page, [0, 0, 10, 10])).toBe('');
  });
});
