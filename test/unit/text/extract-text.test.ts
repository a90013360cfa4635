import { describe, expect, it, beforeAll } from 'vitest';
import { extractText, isDocumentTextError, type DocumentTextError } from '../../../main/text/extract-text';
import { sha256Hex } from '../../../main/documents/hash-document';
import { emptyPdf, qpdf, tempDir, textPdf } from './pdf-fixtures';

const PAGE1 = 'The patient completed six months of conservative care including physical therapy.';
const PAGE2 = 'Pain relief of 50% was reported during the spinal cord stimulator trial.';

async function rejection(p: Promise<unknown>): Promise<DocumentTextError> {
  try {
    await p;
  } catch (err) {
    if (isDocumentTextError(err)) return err;
    throw err;
  }
  throw new Error('expected a DocumentTextError');
}

describe('extractText', () => {
  let dir: string;
  let pdf: Buffer;
  beforeAll(async () => {
    dir = tempDir();
    pdf = await textPdf([[PAGE1, 'Second paragraph on page one.'], [PAGE2], ['Page three.']]);
  });

  it('extracts each page with text, item boxes in PDF units and page geometry', async () => {
    const doc = await extractText(pdf);
    expect(doc.numPages).toBe(3);
    expect(doc.failures).toEqual([]);
    expect(doc.sha256).toBe(sha256Hex(pdf));
    const [p1, p2] = doc.pages;
    expect(p1!.page).toBe(1);
    expect(p1!.text).toContain(PAGE1);
    expect(p1!.text).toContain('Second paragraph on page one.');
    expect(p2!.text).toContain(PAGE2);
    expect(p1!.hasTextLayer).toBe(true);
    expect(p1!.source).toBe('text-layer');
    expect(p1!.width).toBeCloseTo(612, 0);
    expect(p1!.height).toBeCloseTo(792, 0);
    expect(p1!.rotation).toBe(0);
    // Each item's offset points at its own string in the page text.
    for (const item of p1!.items) expect(p1!.text.slice(item.start, item.start + item.str.length)).toBe(item.str);
    const first = p1!.items[0]!;
    expect(first.x).toBeCloseTo(40, 0); // pdfmake's default left margin
    expect(first.y).toBeGreaterThan(700); // near the top, in bottom-up PDF units
    expect(first.w).toBeGreaterThan(100);
    expect(first.h).toBeGreaterThan(5);
  });

  it('reports progress page by page and reads the record again on every call (it has no cache)', async () => {
    let progress = 0;
    const doc = await extractText(pdf, { onProgress: (done, total) => { progress = done; expect(total).toBe(3); } });
    expect(progress).toBe(3);
    let calledAgain = false;
    const again = await extractText(pdf, { onProgress: () => { calledAgain = true; } });
    // The only cache is the text service's, encrypted (test/unit/text/text-service.test.ts).
    expect(calledAgain).toBe(true);
    expect(again).toEqual(doc);
  });

  it('shares pages between threads: each page once, in order, as one thread reads them', async () => {
    const many = await textPdf(Array.from({ length: 9 }, (_, i) => [`Visit note ${i + 1}: ${PAGE1}`]));
    const single = await extractText(many, { threads: 1 });
    let last = 0;
    const shared = await extractText(many, { threads: 3, onProgress: (done) => { last = done; } });
    expect(shared.pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shared).toEqual(single);
    expect(last).toBe(9);
    expect(shared.pages[6]!.text).toContain('Visit note 7:');
  });

  it('reads each document afresh when threads are reused, also after a cancelled job', async () => {
    const other = await textPdf([['A different record, only one page.']]);
    const first = await extractText(pdf, { threads: 2 });
    const second = await extractText(other, { threads: 2 });
    expect(second.numPages).toBe(1);
    expect(second.pages[0]!.text).toContain('A different record');
    const ac = new AbortController();
    const cancelled = extractText(pdf, { threads: 2, signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await cancelled.catch(() => undefined);
    expect(await extractText(pdf, { threads: 2 })).toEqual(first);
  });

  it('reports rotation from /Rotate', async () => {
    const rotated = qpdf(pdf, ['--rotate=+90:2'], dir);
    const doc = await extractText(rotated);
    expect(doc.pages.map((p) => p.rotation)).toEqual([0, 90, 0]);
    expect(doc.pages[1]!.text).toContain(PAGE2);
  });

  it('rejects bytes that are not a PDF', async () => {
    const err = await rejection(extractText(Buffer.from('PK\u0003\u0004 this is a zip, not a record')));
    expect(err.code).toBe('not-pdf');
    expect(err.message).toBe('This file is not a PDF.');
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const encrypted = qpdf(pdf, ['--encrypt', 'user', 'owner', '256', '--'], dir);
    const err = await rejection(extractText(encrypted));
    expect(err.code).toBe('encrypted');
    expect(err.message).toMatch(/password-protected/);
  });

  it('reports a truncated PDF as damaged', async () => {
    const err = await rejection(extractText(pdf.subarray(0, Math.floor(pdf.length / 2))));
    expect(err.code).toBe('corrupt');
  });

  it('lists a page that cannot be parsed and still extracts the others', async () => {
    const plain = qpdf(pdf, ['--object-streams=disable', '--stream-data=uncompress'], dir).toString('latin1');
    const kids = /\/Kids \[ (\d+) 0 R (\d+) 0 R (\d+) 0 R \]/.exec(plain);
    expect(kids).not.toBeNull();
    // Point page 2 of the page tree at an object that does not exist.
    const damaged = Buffer.from(plain.replace(kids![0], `/Kids [ ${kids![1]} 0 R 9999 0 R ${kids![3]} 0 R ]`), 'latin1');
    const doc = await extractText(damaged);
    expect(doc.failures.map((f) => f.page)).toContain(2);
    expect(doc.failures[0]!.reason).toMatch(/could not be read/);
    expect(doc.pages[0]!.text).toContain(PAGE1);
    expect(doc.pages.some((p) => p.page === 2)).toBe(false);
  });

  it('reports a PDF without pages', async () => {
    const empty = emptyPdf(dir);
    const err = await rejection(extractText(empty));
    expect(err.code).toBe('no-pages');
  });

  it('flags a page with no text layer', async () => {
    const withBlank = await textPdf([[PAGE1], [' ']]);
    const doc = await extractText(withBlank);
    expect(doc.pages[0]!.hasTextLayer).toBe(true);
    expect(doc.pages[1]!.hasTextLayer).toBe(false);
  });

  it('can be cancelled', async () => {
    const ac = new AbortController();
    const p = extractText(pdf, { signal: ac.signal });
    ac.abort();
    expect((await rejection(p)).code).toBe('cancelled');
  });
});
