/**
 * Real PDFs for the text tests, built on the fly: pdfmake for text pages, pdftoppm for a
 * scanned (image-only) page, qpdf for encryption and an uncompressed, editable layout.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Content } from 'pdfmake/interfaces';
import { renderPdf } from '../../../main/pdf/render-pdf';

export function tempDir(prefix = 'wb-text-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** One pdfmake page per entry, each page's paragraphs as given. */
export async function textPdf(pages: string[][], opts: { pageSize?: 'LETTER' | 'A4' } = {}): Promise<Buffer> {
  const content: Content[] = [];
  pages.forEach((paras, i) => {
    paras.forEach((text, j) => content.push({ text, margin: [0, 0, 0, 8], ...(i > 0 && j === 0 ? { pageBreak: 'before' as const } : {}) }));
  });
  return renderPdf({ pageSize: opts.pageSize ?? 'LETTER', content });
}

/** A page that is only a picture of text, like a faxed record: rasterized, then embedded. */
export async function scannedPdf(lines: string[], dir: string, dpi = 150): Promise<Buffer> {
  const src = await renderPdf({ pageSize: 'LETTER', content: lines.map((text) => ({ text, fontSize: 13, margin: [0, 0, 0, 6] })) });
  const srcPath = path.join(dir, 'scan-source.pdf');
  writeFileSync(srcPath, src);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-gray', '-singlefile', srcPath, path.join(dir, 'scan')]);
  const png = readFileSync(path.join(dir, 'scan.png'));
  return renderPdf({ pageSize: 'LETTER', pageMargins: 0, content: [{ image: `data:image/png;base64,${png.toString('base64')}`, width: 612, height: 792 }] });
}

export function qpdf(input: Buffer, args: string[], dir: string): Buffer {
  const inPath = path.join(dir, `in-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  const outPath = `${inPath}.out.pdf`;
  writeFileSync(inPath, input);
  execFileSync('qpdf', [...args, inPath, outPath]);
  return readFileSync(outPath);
}

/** A structurally valid PDF whose page tree is empty. */
export function emptyPdf(dir: string): Buffer {
  const out = path.join(dir, 'empty.pdf');
  execFileSync('qpdf', ['--empty', out]);
  return readFileSync(out);
}
