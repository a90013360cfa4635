import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFile } from '../../../shared/case/schema';
import { buildDemoCase } from '../../../scripts/demo-case/build-demo-case';
import { npiWithCheckDigit } from '../../../scripts/demo-case/people';

const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/demo');

// The MRI report uses the standard Times fonts, which pdf.js loads from its own folder.
const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

type PdfDoc = Awaited<ReturnType<typeof getDocument>['promise']>;
const opened: Array<ReturnType<typeof getDocument>> = [];

async function open(bytes: Buffer): Promise<PdfDoc> {
  const task = getDocument({ data: new Uint8Array(bytes), standardFontDataUrl });
  opened.push(task);
  return task.promise;
}

/** Page text as a reader sees it: items joined, line ends as spaces, runs of spaces collapsed. */
async function pageTexts(doc: PdfDoc): Promise<string[]> {
  const out: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const tc = await (await doc.getPage(n)).getTextContent();
    const text = tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? ' ' : '') : '')).join('');
    out.push(text.replace(/\s+/g, ' '));
  }
  return out;
}

/** Standard Luhn over "80840" + NPI, written independently of the generator's helper. */
function isValidNpi(npi: string): boolean {
  const digits = `80840${npi}`.split('').map(Number).reverse();
  const sum = digits.reduce((acc, d, i) => {
    if (i % 2 === 0) return acc + d;
    const dd = d * 2;
    return acc + (dd > 9 ? dd - 9 : dd);
  }, 0);
  return /^\d{10}$/.test(npi) && sum % 10 === 0;
}

const caseFile = CaseFile.parse(JSON.parse(readFileSync(path.join(DEMO_DIR, 'case.json'), 'utf8')));

function fileOf(name: string): Buffer {
  const doc = caseFile.documents.find((d) => d.fileName === name);
  if (!doc) throw new Error(`case.json lists no ${name}`);
  return readFileSync(path.join(DEMO_DIR, name));
}

afterAll(async () => {
  await Promise.all(opened.map((t) => t.destroy()));
});

describe('demo case file', () => {
  it('is the SCS trial request the walkthrough describes', () => {
    expect(caseFile.id).toBe('demo-scs-trial');
    expect(caseFile.status).toBe('new');
    const r = caseFile.request;
    expect(r.plan.lineOfBusiness).toBe('commercial');
    expect(r.codes).toEqual([expect.objectContaining({ code: '63650', units: 2 })]);
    expect(r.diagnoses.map((d) => d.code)).toEqual(['M96.1', 'M54.16', 'G89.29']);
    expect(r.guidelineId).toBe('CMM-211');
    expect(r.dateOfService).toBe('2026-12-07');
    expect(r.receivedAt).toBe('2026-11-19T14:05:00-05:00');
    expect(r.priorRequests).toEqual([]);
    expect(caseFile.marks).toEqual([]);
    expect(caseFile.findings).toEqual({});
  });

  it('has providers whose NPIs pass the check digit', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(npiWithCheckDigit('123456789')).toBe('1234567893');
    expect(isValidNpi(caseFile.request.requestingProvider.npi)).toBe(true);
    expect(isValidNpi(caseFile.request.servicingProvider!.npi)).toBe(true);
  });

  it.each(['progress-note.pdf', 'mri-report.pdf', 'pt-notes-scanned.pdf'])('lists %s with its real hash and page count', async (name) => {
    expect(existsSync(path.join(DEMO_DIR, name))).toBe(true);
    const bytes = fileOf(name);
    const ref = caseFile.documents.find((d) => d.fileName === name)!;
    expect(ref.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(ref.pageCount).toBe((await open(bytes)).numPages);
  });
});

describe('pain clinic progress notes', () => {
  let pages: string[] = [];
  let all = '';
  beforeAll(async () => {
    pages = await pageTexts(await open(fileOf('progress-note.pdf')));
    all = pages.join(' ');
  });

  it('runs 5 to 7 pages, each with the patient banner and "Page x of y"', () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    expect(pages.length).toBeLessThanOrEqual(7);
    pages.forEach((t, i) => {
      expect(t).toContain('MERCER, JORDAN A');
      expect(t).toContain(caseFile.request.member.id);
      expect(t).toContain(`Page ${i + 1} of ${pages.length}`);
    });
  });

  it('documents six months of physician-supervised conservative care', () => {
    expect(all).toContain('more than six consecutive months of physician-supervised conservative management');
    expect(all).toContain('physical therapy 2x/week since January 2026 with little improvement');
    expect(all).toContain('01/06/2026 through 08/04/2026 (7 consecutive months)');
    expect(all).toMatch(/Gabapentin/);
    expect(all).toMatch(/transforaminal epidural steroid injection/);
  });

  it('documents the psychological evaluation, surgical opinion and agreement', () => {
    expect(all).toContain('Pre-SCS psychological evaluation completed 09/22/2026 by Marcus T. Holloway, PhD');
    expect(all).toContain('cleared to proceed with a spinal cord stimulator trial');
    expect(all).toContain('does not recommend further surgical intervention');
    expect(all).toContain('He understands and agrees with the plan and wishes to proceed.');
    expect(all).toContain('NRS 8/10');
  });

  it("carries the physician's MRI reading that disagrees with the radiologist", () => {
    expect(all).toContain('MRI lumbar spine 03/03/2026 shows severe L4-5 stenosis compressing the L5 nerve root.');
  });

  it('is signed electronically', () => {
    expect(pages[2] ?? '').toContain('Electronically signed by Elena M. Vasquez, MD, 10/28/2026 16:42');
  });
});

describe('MRI report', () => {
  it("has the independent radiologist's impression and signature", async () => {
    const pages = await pageTexts(await open(fileOf('mri-report.pdf')));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(3);
    const all = pages.join(' ');
    expect(all).toContain('Mild left foraminal narrowing at L4-5 without nerve root compression.');
    expect(all).toContain('independent interpretation');
    expect(all).toContain('Exam date: 03/03/2026');
    for (const level of ['T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1']) expect(all).toContain(`${level}:`);
    expect(all).toContain('Electronically signed by Priya N. Raman, MD, 03/03/2026 14:27');
    expect(all).not.toMatch(/severe/i);
  });
});

describe('scanned PT fax', () => {
  it('has three image-only pages without any text item', async () => {
    const bytes = fileOf('pt-notes-scanned.pdf');
    const doc = await open(bytes);
    expect(doc.numPages).toBe(3);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      expect((await page.getTextContent()).items).toHaveLength(0);
      const ops = await page.getOperatorList();
      expect(ops.fnArray).toContain(OPS.paintImageXObject);
    }
    // Each page image stays well under 300 KB, so the whole fax does too.
    expect(bytes.length).toBeLessThan(3 * 300 * 1024);
  });
});

describe('generator', () => {
  it('rebuilds byte-identical files, so resources/demo is current and the build is deterministic', async () => {
    const { caseFile: rebuilt, files } = await buildDemoCase();
    for (const [name, bytes] of files) expect(createHash('sha256').update(bytes).digest('hex'), name).toBe(createHash('sha256').update(fileOf(name)).digest('hex'));
    expect(rebuilt.documents).toEqual(caseFile.documents);
  });
});
