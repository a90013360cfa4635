/**
 * Lays a LetterModel out as a payer letter: letterhead, date, address block, RE block, body,
 * signature, then the provider's criteria detail on its own page; every page carries the
 * reference number and "Page x of y". The PDF's dates are the signing date, so exporting the
 * same revision twice gives the same bytes (and the same hash recorded on the revision).
 */
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import type { LetterBlock, LetterModel } from '../../shared/letter/letter-model';
import { renderPdf } from '../pdf/render-pdf';

const INK = '#1d2b3a';
const ACCENT = '#1f5f8b';
const MUTED = '#5b6876';

/** A paragraph is kept on one page (no widowed line under a page footer); a list may break between items. */
function blockContent(b: LetterBlock): Content {
  if (b.kind === 'bullets') return { ul: b.items.map((i) => ({ stack: [{ text: i }], unbreakable: true })), margin: [8, 0, 0, 6] };
  const text = b.lead && b.text.startsWith(b.lead) ? [{ text: b.lead, bold: true }, b.text.slice(b.lead.length)] : b.text;
  return { stack: [{ text }], unbreakable: true, margin: [0, 0, 0, 6] };
}

function letterhead(m: LetterModel): Content {
  const o = m.organization;
  return [
    {
      columns: [
        {
          width: '*',
          stack: [
            { text: o.name, fontSize: 17, bold: true, color: ACCENT },
            { text: o.descriptor, fontSize: 8.5, color: MUTED, margin: [0, 2, 0, 0] },
          ],
        },
        {
          width: 'auto',
          alignment: 'right',
          fontSize: 8.5,
          color: MUTED,
          stack: [...o.addressLines, `Phone ${o.phone} (TTY ${o.tty})`, `Fax ${o.fax}`],
        },
      ],
    },
    { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 492, y2: 6, lineWidth: 1.2, lineColor: ACCENT }], margin: [0, 0, 0, 14] },
  ];
}

function addressBlock(m: LetterModel): Content {
  return {
    columns: [
      { width: '*', stack: [m.member.name, ...m.member.lines] },
      { width: 'auto', text: m.dateText, alignment: 'right' },
    ],
    margin: [0, 0, 0, 14],
  };
}

function reBlock(m: LetterModel): Content {
  // Two label/value columns keep the RE block to four lines, so a short letter fits one page.
  const half = Math.ceil(m.re.length / 2);
  const pairs = (rows: LetterModel['re']): Content => ({
    table: {
      widths: ['auto', '*'],
      body: rows.map((r): TableCell[] => [{ text: r.label, color: MUTED }, { text: r.value, bold: r.label === 'Reference number' }]),
    },
    layout: { defaultBorder: false, paddingLeft: () => 0, paddingRight: () => 8, paddingTop: () => 1, paddingBottom: () => 1 },
  });
  return {
    columns: [
      { width: 26, text: 'RE:', bold: true },
      { width: '*', stack: [pairs(m.re.slice(0, half))] },
      { width: '*', stack: [pairs(m.re.slice(half))] },
    ],
    fontSize: 9.5,
    margin: [0, 0, 0, 14],
  };
}

function decisionTable(m: LetterModel): Content {
  const head = (t: string): TableCell => ({ text: t, bold: true, color: 'white', fillColor: ACCENT });
  return [
    { text: m.decisions.heading, style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: ['*', 60, 170],
        body: [[head('Service requested'), head('Requested'), head('Decision')], ...m.decisions.rows.map((r): TableCell[] => [r.service, r.requested, { text: r.decision, bold: true }])],
      },
      layout: { hLineColor: () => '#c5d0da', vLineColor: () => '#c5d0da', paddingTop: () => 4, paddingBottom: () => 4 },
      fontSize: 9.5,
      margin: [0, 0, 0, 10],
    },
  ];
}

const PROVIDER_HEADING = 'provider-detail';
/**
 * The provider's section starts a new page when the member's part ends low on its page; when it
 * ends high (the signature alone ran over), it follows on the same page, so no page is left
 * with a signature and nothing else.
 */
const PROVIDER_SECTION_STARTS_PAGE_BELOW = 0.35;

function providerDetail(m: LetterModel): Content {
  const p = m.providerDetail;
  const head = (t: string): TableCell => ({ text: t, bold: true, fillColor: '#e8eef3' });
  // Each reason takes two rows: the guideline and criterion id on one unbroken line across the two
  // text columns (ids are copied into appeals and must never wrap mid-word), then the criterion and the reason.
  const body: TableCell[][] = [[head('Code'), head('Decision'), head('Criterion as written'), head('Reason given')]];
  for (const r of p.rows) {
    const cite = [r.guideline, r.criterionId].filter(Boolean).join(' · ');
    if (cite) {
      body.push([
        { text: r.code, rowSpan: 2 }, { text: r.decision, rowSpan: 2 },
        { text: cite, colSpan: 2, noWrap: true, fontSize: 7.5, color: MUTED }, {},
      ]);
      body.push([{}, {}, r.criterion, r.reason]);
    } else {
      body.push([r.code, r.decision, r.criterion, r.reason]);
    }
  }
  return [
    { text: p.heading, style: 'h1', id: PROVIDER_HEADING, margin: [0, 18, 0, 8] },
    {
      text: [{ text: 'To: ', color: MUTED }, m.copyTo, { text: '   Member: ', color: MUTED }, `${m.member.name} (${m.re.find((r) => r.label === 'Member number')?.value ?? ''})`],
      fontSize: 9.5,
      margin: [0, 0, 0, 6],
    },
    { text: p.intro, margin: [0, 0, 0, 8] },
    {
      table: { headerRows: 1, dontBreakRows: true, widths: [34, 68, '*', '*'], body },
      layout: { hLineColor: () => '#c5d0da', vLineColor: () => '#c5d0da' },
      fontSize: 8.5,
      margin: [0, 0, 0, 10],
    },
    { ul: p.notes, fontSize: 9 },
  ];
}

/**
 * The nondiscrimination and language-assistance notice (45 CFR 92.10, 92.11) closes every letter,
 * kept whole, so the last page always carries it rather than a few stray lines.
 */
function notice(m: LetterModel): Content {
  return {
    stack: [
      { text: m.notice.heading, style: 'h2', margin: [0, 14, 0, 4] },
      ...m.notice.paragraphs.map((t) => ({ text: t, fontSize: 8.5, margin: [0, 0, 0, 4] as [number, number, number, number] })),
      { ul: m.notice.taglines, fontSize: 7.5, color: INK, margin: [6, 2, 0, 0] },
    ],
    unbreakable: true,
  };
}

export function decisionLetterDocument(m: LetterModel): TDocumentDefinitions {
  const signedAt = new Date(`${m.date}T12:00:00Z`);
  return {
    pageSize: 'LETTER',
    pageMargins: [60, 54, 60, 64],
    info: { title: `${m.title}, ${m.referenceNumber}`, author: m.organization.name, subject: m.title, creator: m.organization.name, producer: m.organization.name, creationDate: signedAt, modDate: signedAt },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2, color: INK },
    styles: {
      title: { fontSize: 14, bold: true, color: ACCENT, margin: [0, 0, 0, 10] },
      h1: { fontSize: 13, bold: true, color: ACCENT, margin: [0, 0, 0, 8] },
      h2: { fontSize: 11, bold: true, color: ACCENT, margin: [0, 8, 0, 4] },
    },
    pageBreakBefore: (node) => node.id === PROVIDER_HEADING && node.startPosition.verticalRatio > PROVIDER_SECTION_STARTS_PAGE_BELOW,
    footer: (currentPage: number, pageCount: number): Content => ({
      margin: [60, 16, 60, 0],
      fontSize: 7.5,
      color: MUTED,
      columns: [
        { width: '*', text: `Reference ${m.referenceNumber} · ${m.footer}` },
        { width: 70, text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', noWrap: true },
      ],
    }),
    content: [
      letterhead(m),
      addressBlock(m),
      reBlock(m),
      { text: m.title, style: 'title' },
      { text: m.salutation, margin: [0, 0, 0, 6] },
      ...m.opening.map((t) => ({ text: t, margin: [0, 0, 0, 6] as [number, number, number, number] })),
      decisionTable(m),
      ...m.sections.map((s): Content => ({
        stack: [...(s.heading ? [{ text: s.heading, style: 'h2' }] : []), ...s.blocks.map(blockContent)],
        unbreakable: s.blocks.length <= 2,
      })),
      {
        stack: [
          { text: m.signature.closing, margin: [0, 12, 0, 22] },
          { text: `${m.signature.name}, ${m.signature.credentials}`, bold: true },
          m.signature.title,
          ...(m.signature.specialty ? [m.signature.specialty] : []),
          m.organization.name,
          { text: `Copy: ${m.copyTo}`, fontSize: 8.5, color: MUTED, margin: [0, 12, 0, 0] },
        ],
        unbreakable: true,
      },
      providerDetail(m),
      notice(m),
    ],
  };
}

export async function renderDecisionLetter(model: LetterModel): Promise<Buffer> {
  return renderPdf(decisionLetterDocument(model));
}
