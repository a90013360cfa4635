import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../../main/text/extract-text';
import { ocrPages, pagesNeedingOcr, pixelToPdf, withOcrPages, type OcrProgress } from '../../../main/text/ocr-pages';
import { buildTextIndex, findInDocuments } from '../../../shared/search/find-in-documents';
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

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    const p = ocrPages(scan, { pages: [1], signal: ac.signal, dpi: 200 });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});
