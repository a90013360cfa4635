/**
 * Find hits and marks that start inside a text run are placed from the run's width alone; this
 * checks those placements against the glyph boxes poppler reads from the same real PDF.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rectsForRange } from '../../../shared/anchoring/text-rects';
import { extractText } from '../../../main/text/extract-text';
import { tempDir, textPdf } from '../text/pdf-fixtures';

const LINES = [
  'Illicit drug screen filled in; minimal lifting limits will follow until the MRI.',
  'WWW MMM: completed six months of physical therapy with little relief at all.',
];

/** Each word's left and right edge in PDF points, as poppler places the glyphs. */
function popplerWords(file: string): { word: string; xMin: number; xMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    word: m[3]!,
    xMin: Number(m[1]),
    xMax: Number(m[2]),
  }));
}

describe('text rects on a real PDF', () => {
  it('put every word of a run within three points of its glyphs', async () => {
    const dir = tempDir('wb-rects-');
    const pdf = await textPdf([LINES]);
    const file = path.join(dir, 'lines.pdf');
    writeFileSync(file, pdf);
    const [page] = (await extractText(pdf)).pages;
    const words = popplerWords(file);
    expect(words.length).toBeGreaterThan(20);
    let searchFrom = 0;
    let worst = 0;
    for (const { word, xMin, xMax } of words) {
      const start = page!.text.indexOf(word, searchFrom);
      expect(start).toBeGreaterThanOrEqual(0);
      searchFrom = start + word.length;
      const [rect] = rectsForRange(page!, start, start + word.length);
      worst = Math.max(worst, Math.abs(rect![0] - xMin), Math.abs(rect![2] - xMax));
    }
    // Measured: 2.7 pt at worst (pdfmake's Roboto against Helvetica weights); equal-width
    // characters were 35 pt off on these lines, a whole word.
    expect(worst).toBeLessThan(3);
  });
});
