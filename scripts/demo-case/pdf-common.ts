/**
 * Pieces shared by the demo documents: fixed metadata (so every run writes the same
 * bytes) and small layout helpers for clinic-style printouts.
 */
import type { Content, TDocumentInformation } from 'pdfmake/interfaces';

/** pdfmake stamps "now" into the PDF and derives the file ID from it unless the dates are fixed. */
export function fixedInfo(title: string, author: string, when: string): TDocumentInformation {
  const date = new Date(when);
  return { title, author, creator: author, producer: author, creationDate: date, modDate: date };
}

/** A horizontal rule across the printable width. */
export function rule(width: number, lineWidth = 0.8, color = '#333333', margin: [number, number, number, number] = [0, 2, 0, 2]): Content {
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: width, y2: 0, lineWidth, lineColor: color }], margin };
}

/** Emulates small caps (pdfmake has none): upper case, slightly smaller, letter-spaced. */
export function smallCaps(text: string, fontSize: number, extra: Record<string, unknown> = {}): Content {
  return { text: text.toUpperCase(), fontSize: fontSize * 0.82, characterSpacing: fontSize * 0.06, ...extra } as Content;
}

/** "Label: value" pairs as a borderless two-column grid, the way EHR headers print them. */
export function fieldGrid(rows: Array<[string, string, string?, string?]>, fontSize = 9): Content {
  return {
    table: {
      widths: [80, '*', 80, '*'],
      body: rows.map(([l1, v1, l2 = '', v2 = '']) => [
        { text: l1, bold: true, fontSize },
        { text: v1, fontSize },
        { text: l2, bold: true, fontSize },
        { text: v2, fontSize },
      ]),
    },
    layout: 'noBorders',
    margin: [0, 0, 0, 4],
  };
}
