/**
 * Scans of the suggestion benchmark's records, as a payer receives them: rasterized by poppler and
 * degraded three ways (fine fax, standard fax with half the vertical resolution, and the demo's
 * skewed, speckled 150 dpi fax), wrapped as image-only PDFs and read by the workbench's own OCR.
 * Recognized text is cached in bench/.fixtures, keyed by the scan's bytes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderPdf } from '../main/pdf/render-pdf';
import { ocrPages } from '../main/text/ocr-pages';
import { extractText } from '../main/text/extract-text';
import { sha256Hex } from '../main/documents/hash-document';
import type { DocumentText } from '../shared/text/page-text';
import { encodeGrayPng, faxify, imageOnlyDoc } from '../scripts/demo-case/fax-scan';
import { fixturesDir } from './bench-util';

export type ScanKind = 'fine-fax' | 'standard-fax' | 'skewed-150dpi';
export const SCAN_KINDS: readonly ScanKind[] = ['fine-fax', 'standard-fax', 'skewed-150dpi'];

interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

function readPgm(buf: Buffer): Gray {
  const header = /^P5\s+(?:#.*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 200).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height)) };
}

const threshold = (img: Gray): Gray => ({ ...img, pixels: img.pixels.map((v) => (v < 160 ? 0 : 255)) });

/** Standard fax: every other scan line, each sent twice (98 of 196 lines per inch). */
function halfVertical(img: Gray): Gray {
  const out = new Uint8Array(img.pixels.length);
  for (let y = 0; y < img.height; y++) {
    const src = (y & ~1) * img.width;
    out.set(img.pixels.subarray(src, src + img.width), y * img.width);
  }
  return { ...img, pixels: out };
}

function rasterize(pdf: Buffer, dpi: number): Gray[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-scan-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-gray', path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort()
      .map((f) => readPgm(readFileSync(path.join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function scanOf(pdf: Buffer, kind: ScanKind, seed: number): Promise<Buffer> {
  const pages =
    kind === 'skewed-150dpi'
      ? rasterize(pdf, 150).map((p, i) => faxify(p, seed + i))
      : rasterize(pdf, 200).map((p) => (kind === 'standard-fax' ? halfVertical(threshold(p)) : threshold(p)));
  return renderPdf(imageOnlyDoc(pages.map((p) => encodeGrayPng(p)), `Scan (${kind})`, 'bench', '2025-01-01T00:00:00Z'));
}

/** The scan's text as OCR reads it, cached by the scan's hash. */
export async function ocrText(scan: Buffer): Promise<DocumentText> {
  const dir = path.join(fixturesDir, 'suggestion-ocr');
  mkdirSync(dir, { recursive: true });
  const sha256 = sha256Hex(scan);
  const file = path.join(dir, `${sha256}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DocumentText;
  const { numPages } = await extractText(scan, { sha256 });
  const pages = await ocrPages(scan, { pages: Array.from({ length: numPages }, (_, i) => i + 1), dpi: 300 });
  const doc: DocumentText = { formatVersion: 1, sha256, numPages: pages.length, pages, failures: [] };
  writeFileSync(file, JSON.stringify(doc));
  return doc;
}
