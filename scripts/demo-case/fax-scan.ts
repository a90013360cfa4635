/**
 * Turns a text PDF into what a payer actually receives from a fax machine: image-only
 * pages with no text layer, slightly skewed, bilevel, with toner specks.
 * Rasterizing is poppler's job (pdftoppm); the degradation is done here on the raw
 * grey pixels with a seeded generator so every run yields the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { fixedInfo } from './pdf-common.js';

export const SCAN_DPI = 150;

interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Mulberry32: tiny, seeded, good enough for specks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Binary PGM (P5) as written by `pdftoppm -gray`. */
function parsePgm(buf: Buffer): GrayImage {
  const tokens: string[] = [];
  let i = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[i]!))) i++;
    if (buf[i] === 0x23) {
      while (buf[i] !== 0x0a) i++;
      continue;
    }
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[i]!))) tok += String.fromCharCode(buf[i++]!);
    tokens.push(tok);
  }
  i++; // the single whitespace after maxval
  const [magic, w, h, max] = tokens;
  if (magic !== 'P5' || max !== '255') throw new Error(`unexpected PGM header ${tokens.join(' ')}`);
  const width = Number(w);
  const height = Number(h);
  return { width, height, pixels: new Uint8Array(buf.subarray(i, i + width * height)) };
}

/** 8-bit greyscale PNG; rows use the "Up" filter, which suits text scans. */
export function encodeGrayPng(img: GrayImage): Buffer {
  const { width, height, pixels } = img;
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1);
    raw[row] = y === 0 ? 0 : 2;
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      raw[row + 1 + x] = y === 0 ? v : (v - pixels[(y - 1) * width + x]!) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Fax look: a small skew (pages never feed straight), thresholding to black and white
 * as a fax modem does, and a few specks. The skew angle varies per page.
 */
export function faxify(img: GrayImage, seed: number): GrayImage {
  const rand = seededRandom(seed);
  const { width, height, pixels } = img;
  const angle = ((rand() - 0.5) * 1.2 * Math.PI) / 180; // within +-0.6 degrees
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = width / 2;
  const cy = height / 2;
  const shiftX = Math.round((rand() - 0.5) * 12);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx - shiftX;
      const dy = y - cy;
      const sx = Math.round(cx + dx * cos + dy * sin);
      const sy = Math.round(cy - dx * sin + dy * cos);
      const v = sx >= 0 && sy >= 0 && sx < width && sy < height ? pixels[sy * width + sx]! : 255;
      out[y * width + x] = v < 165 ? 24 : 255;
    }
  }
  const specks = 350 + Math.floor(rand() * 200);
  for (let k = 0; k < specks; k++) {
    const x = Math.floor(rand() * width);
    const y = Math.floor(rand() * height);
    const size = rand() < 0.85 ? 1 : 2;
    for (let yy = y; yy < Math.min(height, y + size); yy++) for (let xx = x; xx < Math.min(width, x + size); xx++) out[yy * width + xx] = 40;
  }
  // A faint streak from dust on the scanner glass, a few pixels wide, down one column band.
  const streakX = Math.floor(width * (0.2 + rand() * 0.6));
  for (let y = 0; y < height; y++) if (rand() < 0.25) out[y * width + streakX] = Math.min(out[y * width + streakX]!, 150);
  return { width, height, pixels: out };
}

/** Rasterizes every page of `pdf` with poppler and returns one fax-like PNG per page. */
export function scanPages(pdf: Buffer, seed: number): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-scan-'));
  try {
    const src = path.join(dir, 'in.pdf');
    writeFileSync(src, pdf);
    execFileSync('pdftoppm', ['-r', String(SCAN_DPI), '-gray', src, path.join(dir, 'page')]);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.pgm'))
      .sort();
    return files.map((f, i) => encodeGrayPng(faxify(parsePgm(readFileSync(path.join(dir, f))), seed + i)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An image-only PDF: each PNG fills one letter page, with no text layer at all. */
export function imageOnlyDoc(pngs: Buffer[], title: string, author: string, when: string): TDocumentDefinitions {
  const content: Content[] = pngs.map((png, i) => ({
    image: `data:image/png;base64,${png.toString('base64')}`,
    width: 612,
    height: 792,
    ...(i > 0 ? { pageBreak: 'before' as const } : {}),
  }));
  return { info: fixedInfo(title, author, when), pageSize: 'LETTER', pageMargins: [0, 0, 0, 0], content };
}
