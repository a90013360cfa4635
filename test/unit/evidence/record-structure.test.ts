/**
 * Passages as a reader sees them, from real PDFs (pdfmake, embedded fonts, read by pdf.js): a
 * paragraph's wrapped lines are one passage and its sentences split at their ends, not at "Dr."
 * or "Ms." or a list number; headings name the section of the passages under them and are not
 * passages themselves; letterheads, footers, fax headers, a fax cover and its enclosure list are
 * furniture; each passage knows its encounter and that encounter's date.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from 'pdfmake/interfaces';
import { renderPdf } from '../../../main/pdf/render-pdf';
import { extractText } from '../../../main/text/extract-text';
import { buildCaseRecord, type CaseRecord } from '../../../shared/evidence/record-structure';
import type { EvidenceLexicon } from '../../../shared/evidence/evidence-lexicon';
import { projectLexicon } from '../../support/evidence-lexicon';

let lex: EvidenceLexicon;
let record: CaseRecord;

const p = (text: string): Content => ({ text, fontSize: 9, margin: [0, 0, 0, 4] });
const title = (text: string, pageBreak = false): Content => ({ text, fontSize: 12, bold: true, margin: [0, 0, 0, 3], ...(pageBreak ? { pageBreak: 'before' as const } : {}) });
const heading = (text: string): Content => ({ text, fontSize: 9, bold: true, margin: [0, 6, 0, 2] });

async function pdf(content: Content[], opts: { header?: string; footer?: boolean } = {}) {
  const bytes = await renderPdf({
    pageSize: 'LETTER',
    pageMargins: [54, 60, 54, 44],
    ...(opts.header ? { header: () => ({ text: opts.header!, fontSize: 8, margin: [54, 20, 54, 0] }) } : {}),
    ...(opts.footer ? { footer: (page: number, pages: number) => ({ text: `Printed 10/30/2025 by HIM. Page ${page} of ${pages}`, fontSize: 7, margin: [54, 10, 54, 0] }) } : {}),
    content,
  });
  return extractText(bytes);
}

const passages = (r: CaseRecord) => r.passages.map((x) => x.text.replace(/\s+/g, ' '));

beforeAll(async () => {
  lex = await projectLexicon();
  const cover = await pdf([
    { text: 'FAX', fontSize: 24, bold: true },
    p('To: Prior Authorization Department   From: Dr. Lee\'s office   Pages: 4 (including cover)'),
    p('Re: PA request, SCS trial'),
    heading('Enclosed:'),
    { ul: ['Office notes 03/18/25', 'MRI report 01/06/25', 'Psychological evaluation letter'], fontSize: 9 },
    p('CONFIDENTIALITY NOTICE: this facsimile is intended only for the recipient named above.'),
  ]);
  const notes = await pdf(
    [
      title('Pain Clinic Follow-up Visit'),
      p('Date of service: 09/30/2025   Provider: Ana Lee, MD'),
      heading('HISTORY OF PRESENT ILLNESS'),
      p('Ms. Rowe returns with Dr. J. Patel\'s notes from the surgery clinic. She saw Elena M. Vasquez, MD on 08/01/2025 for a second opinion, e.g. on revision. Physical therapy was completed in 08/2025 and gave no lasting relief, and the burning pain in the left leg is unchanged at 8/10 on most days of the week.'),
      heading('IMPRESSION:'),
      p('1. Failed back surgery syndrome. 2. Left L5 radiculopathy.'),
      p('A/P: Not a surgical candidate per Dr. Patel. Proceed with SCS trial.'),
      title('Pain Clinic New Patient Visit', true),
      p('Date of service: 03/18/2025   Provider: Ana Lee, MD'),
      heading('Assessment'),
      p('Chronic left leg pain after L5-S1 fusion.'),
    ],
    { header: 'RIVERSIDE PAIN CLINIC · 12 Main St · (555) 555-0100', footer: true },
  );
  const letter = await pdf([title('Marisa Kent, PsyD'), p('May 20, 2025'), p('Dear Dr. Lee,'), p('In my opinion there is no psychological contraindication to SCS.')]);
  record = buildCaseRecord(
    [
      { sha256: 'a'.repeat(64), pages: cover.pages },
      { sha256: 'b'.repeat(64), pages: notes.pages },
      { sha256: 'c'.repeat(64), pages: letter.pages },
    ],
    lex.structure,
  );
});

describe('buildCaseRecord', () => {
  it('splits sentences at their ends, not at titles, initials, "e.g." or list numbers', () => {
    const all = passages(record);
    expect(all).toContain("Ms. Rowe returns with Dr. J. Patel's notes from the surgery clinic.");
    expect(all).toContain('She saw Elena M. Vasquez, MD on 08/01/2025 for a second opinion, e.g. on revision.');
    expect(all).toContain('1. Failed back surgery syndrome.');
    expect(all).toContain('2. Left L5 radiculopathy.');
    // A paragraph's wrapped lines make one passage.
    expect(all.some((t) => t.startsWith('Physical therapy was completed in 08/2025') && t.endsWith('most days of the week.'))).toBe(true);
  });

  it('attaches headings to the passages under them and never offers a bare heading', () => {
    const byText = (s: string) => record.passages.find((x) => x.text.replace(/\s+/g, ' ').startsWith(s))!;
    expect(byText('1. Failed back surgery syndrome.').section).toEqual({ kind: 'impression', heading: 'IMPRESSION' });
    expect(byText('Not a surgical candidate').section).toEqual({ kind: 'assessment', heading: 'A/P' });
    expect(byText('Ms. Rowe returns').section?.kind).toBe('history');
    expect(passages(record).some((t) => /^IMPRESSION:?$/.test(t))).toBe(false);
    expect(passages(record).some((t) => /^HISTORY OF PRESENT ILLNESS$/.test(t))).toBe(false);
  });

  it('recognizes a fax cover with its enclosure list, and repeated letterheads and footers, as furniture', () => {
    const cover = record.passages.filter((x) => x.docSha256 === 'a'.repeat(64));
    expect(cover.length).toBeGreaterThan(3);
    expect(cover.every((x) => x.furniture)).toBe(true);
    const notes = record.passages.filter((x) => x.docSha256 === 'b'.repeat(64));
    expect(notes.filter((x) => /RIVERSIDE PAIN CLINIC/.test(x.text)).every((x) => x.furniture === 'repeated-line')).toBe(true);
    expect(notes.filter((x) => /Printed 10\/30\/2025/.test(x.text)).every((x) => x.furniture)).toBe(true);
    expect(notes.filter((x) => /Failed back/.test(x.text)).every((x) => !x.furniture)).toBe(true);
  });

  it('dates each encounter by its own date line or letter date, not by a print stamp', () => {
    const dateOf = (s: string) => record.passages.find((x) => x.text.replace(/\s+/g, ' ').startsWith(s))!.encounterDate;
    expect(dateOf('Ms. Rowe returns')).toBe('2025-09-30');
    expect(dateOf('Chronic left leg pain after L5-S1 fusion.')).toBe('2025-03-18');
    expect(dateOf('In my opinion there is no psychological contraindication')).toBe('2025-05-20');
    expect(record.latestDate).toBe('2025-09-30');
    expect(new Set(record.passages.filter((x) => x.docSha256 === 'b'.repeat(64) && !x.furniture).map((x) => x.encounter)).size).toBe(2);
  });
});
