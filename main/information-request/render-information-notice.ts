/** Lays the request-for-information notice out like the decision letters (main/letters): letterhead, RE block, the list of what is needed. */
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces';
import type { NoticeModel } from '../../shared/information-request/notice-model';
import { renderPdf } from '../pdf/render-pdf';

const INK = '#1d2b3a';
const ACCENT = '#1f5f8b';
const MUTED = '#5b6876';

export function informationNoticeDocument(m: NoticeModel, createdAt: Date): TDocumentDefinitions {
  const o = m.organization;
  const head = (t: string): TableCell => ({ text: t, bold: true, color: 'white', fillColor: ACCENT });
  return {
    pageSize: 'LETTER',
    pageMargins: [60, 54, 60, 64],
    info: { title: `${m.title}, ${m.referenceNumber}`, author: o.name, subject: m.title, creator: o.name, producer: o.name, creationDate: createdAt, modDate: createdAt },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2, color: INK },
    footer: (currentPage: number, pageCount: number): Content => ({
      margin: [60, 16, 60, 0],
      fontSize: 7.5,
      color: MUTED,
      columns: [{ width: '*', text: `Reference ${m.referenceNumber}` }, { width: 70, text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', noWrap: true }],
    }),
    content: [
      {
        columns: [
          { width: '*', stack: [{ text: o.name, fontSize: 17, bold: true, color: ACCENT }, { text: o.descriptor, fontSize: 8.5, color: MUTED, margin: [0, 2, 0, 0] }] },
          { width: 'auto', alignment: 'right', fontSize: 8.5, color: MUTED, stack: [...o.addressLines, `Phone ${o.phone} (TTY ${o.tty})`, `Fax ${o.fax}`] },
        ],
      },
      { canvas: [{ type: 'line', x1: 0, y1: 6, x2: 492, y2: 6, lineWidth: 1.2, lineColor: ACCENT }], margin: [0, 0, 0, 14] },
      { columns: [{ width: '*', stack: m.to }, { width: 'auto', text: m.dateText, alignment: 'right' }], margin: [0, 0, 0, 14] },
      {
        columns: [
          { width: 26, text: 'RE:', bold: true },
          {
            width: '*',
            table: { widths: ['auto', '*'], body: m.re.map((r): TableCell[] => [{ text: r.label, color: MUTED }, { text: r.value, bold: r.label === 'Reference number' }]) },
            layout: { defaultBorder: false, paddingLeft: () => 0, paddingRight: () => 8, paddingTop: () => 1, paddingBottom: () => 1 },
          },
        ],
        fontSize: 9.5,
        margin: [0, 0, 0, 14],
      },
      { text: m.title, fontSize: 14, bold: true, color: ACCENT, margin: [0, 0, 0, 10] },
      { text: m.paragraphs[0] ?? '', margin: [0, 0, 0, 8] },
      {
        table: {
          headerRows: 1,
          widths: [150, '*', 110],
          body: [[head('Please send'), head('What exactly'), head('For')], ...m.needed.map((n): TableCell[] => [{ text: n.label, bold: true }, n.detail || '—', n.forCodes])],
        },
        layout: { hLineColor: () => '#c5d0da', vLineColor: () => '#c5d0da', paddingTop: () => 4, paddingBottom: () => 4 },
        fontSize: 9.5,
        margin: [0, 0, 0, 10],
      },
      ...m.paragraphs.slice(1).map((t): Content => ({ text: t, margin: [0, 0, 0, 6] })),
      ...(m.clock ? [{ text: m.clock, fontSize: 8.5, color: MUTED, margin: [0, 4, 0, 6] } as Content] : []),
      {
        stack: [
          { text: 'Sincerely,', margin: [0, 12, 0, 22] },
          { text: `${m.signature.name}, ${m.signature.credentials}`, bold: true },
          m.signature.title,
          o.name,
          ...(m.signature.phone ? [{ text: `To discuss this request with the reviewer: ${m.signature.phone}`, fontSize: 9, margin: [0, 6, 0, 0] } as Content] : []),
        ],
        unbreakable: true,
      },
    ],
  };
}

export async function renderInformationNotice(m: NoticeModel, createdAt: Date): Promise<Buffer> {
  return renderPdf(informationNoticeDocument(m, createdAt));
}
