import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../../main/text/extract-text';
import { ocrPages, pagesNeedingOcr, pixelToPdf, withOcrPages, type OcrProgress } from '../../../main/text/ocr-pages';
import { buildTextIndex, findInDocuments } from '../../../shared/search/find-in-documents';
import { renderPdf } from '../../../main/pdf/render-pdf';
import { scannedPdf, tempDir } from './pdf-fixtures';

const LINES = [
  'The patient completed six months of conservative care.',
  'Pain relief of fifty percent was reported during the trial.',
];

describe('ocrPages', () => {
  let scan: Buffer;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('wb-ocr-');
    scan = await scannedPdf(LINES, dir);
  });

  it('maps image pixels back to PDF units through the viewport transform', () => {
    // Letter page at 2x, unrotated: pdf.js's transform is [2, 0, 0, -2, 0, 1584].
    expect(pixelToPdf([2, 0, 0, -2, 0, 1584], 80, 100)).toEqual([40, 742]);
  });

  it('recognizes a scanned page offline, with word boxes in PDF units', async () => {
    const doc = await extractText(scan);
    expect(pagesNeedingOcr(doc)).toEqual([1]);

    const progress: OcrProgress[] = [];
    const [page] = await ocrPages(scan, { pages: [1], dpi: 200, onProgress: (p) => progress.push(p) });
    expect(page).toBeDefined();
    expect(page!.source).toBe('ocr');
    expect(page!.unreadable).toBe(false);
    expect(page!.ocrConfidence).toBeGreaterThan(70);
    // The page is one scanned image: OCR reads that image at its own 150 dpi, not a 200 dpi render.
    expect(page!.ocrDpi).toBe(150);
    expect(page!.text).toMatch(/six months of conservative care/);
    expect(page!.text).toMatch(/fifty percent/);
    expect(progress.at(-1)).toMatchObject({ pagesDone: 1, pagesTotal: 1 });

    // The word "patient" sits in the top-left text block: x near the 40pt margin, y near the top.
    const patient = page!.items.find((i) => i.str === 'patient')!;
    expect(patient.x).toBeGreaterThan(45);
    expect(patient.x).toBeLessThan(120);
    expect(patient.y).toBeGreaterThan(700);
    expect(patient.h).toBeGreaterThan(5);
    expect(patient.h).toBeLessThan(25);
    expect(page!.text.slice(patient.start, patient.start + 7)).toBe('patient');

    // Merged into the document, the scan is searchable like a text page.
    const merged = withOcrPages(doc, [page!]);
    const found = findInDocuments(buildTextIndex([merged]), 'six months');
    expect(found.total).toBe(1);
  });

  it('shares several scanned pages between engines, each page recognized once', async () => {
    const notes = ['Lumbar fusion was recommended today.', 'Spinal cord stimulator trial approved.', 'Follow-up visit in four weeks.'];
    const files = await Promise.all(
      notes.map(async (line, i) => {
        const file = path.join(dir, `multi-${i}.pdf`);
        writeFileSync(file, await scannedPdf([line], tempDir('wb-ocr-multi-')));
        return file;
      }),
    );
    const out = path.join(dir, 'multi.pdf');
    execFileSync('qpdf', ['--empty', '--pages', ...files, '--', out]);
    const progress: OcrProgress[] = [];
    const pages = await ocrPages(readFileSync(out), { pages: [3, 1, 2], dpi: 200, engines: 2, onProgress: (p) => progress.push(p) });
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[0]!.text).toMatch(/Lumbar fusion/);
    expect(pages[1]!.text).toMatch(/stimulator trial/);
    expect(pages[2]!.text).toMatch(/four weeks/);
    expect(progress.filter((p) => p.page === undefined).map((p) => p.pagesDone)).toEqual([1, 2, 3]);
  });

  it('flags a blank scanned page as unreadable', async () => {
    const blank = await scannedPdf([' '], tempDir('wb-ocr-blank-'));
    const [page] = await ocrPages(blank, { pages: [1], dpi: 100 });
    expect(page!.unreadable).toBe(true);
  });

  it('reads a poster-sized page at a capped resolution instead of running out of memory', { timeout: 120_000 }, async () => {
    // A 4,000-point (55-inch) square page, a letter-size scan in its top-left corner: at 300 dpi
    // that page alone would be a 278-megapixel image.
    const small = tempDir('wb-ocr-poster-');
    await scannedPdf(LINES, small);
    const png = readFileSync(path.join(small, 'scan.png'));
    const poster = await renderPdf({
      pageSize: { width: 4000, height: 4000 },
      pageMargins: 0,
      content: [{ image: `data:image/png;base64,${png.toString('base64')}`, width: 612, height: 792 }],
    });
    const [page] = await ocrPages(poster, { pages: [1], dpi: 300 });
    expect(page!.width).toBe(4000);
    // 36 megapixels at most: 6,000 pixels a side, 108 dpi on a 55-inch page.
    expect(page!.ocrDpi).toBeGreaterThan(100);
    expect(page!.ocrDpi).toBeLessThanOrEqual(108);
    expect(page!.text).toMatch(/six months of conservative care/);
    // Word boxes are still in PDF units: the scan's text sits near the page's top-left corner.
    const six = page!.items.find((i) => i.str === 'six')!;
    expect(six.x).toBeLessThan(612);
    expect(six.y).toBeGreaterThan(4000 - 792);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const p = ocrPages(scan, { pages: [1], signal: ac.signal, dpi: 200 });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
