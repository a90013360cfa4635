/**
 * Turns a text PDF into what a payer actually receives from a fax machine: image-only
 * pages with no text layer, slightly skewed, bilevel, with toner specks.
 * Rasterizing is pdf.js drawing on @napi-rs/canvas, both installed by npm, with pdf.js's own
 * bundled fonts for the standard Courier and Times the notes are typed in: the source PDF does
 * not embed them, so a system rasterizer (pdftoppm) would draw whatever fonts the machine has
 * and a fresh machine would get other pixels. The degradation is done here on the raw grey
 * pixels with a seeded generator so every run yields the same bytes.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type * as NapiCanvas from '@napi-rs/canvas';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
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

const require = createRequire(import.meta.url);
const pdfjsRoot = path.dirname(require.resolve('pdfjs-dist/package.json'));

/**
 * Every page of `pdf` as 8-bit grey pixels at `dpi`. System fonts are never consulted
 * (`useSystemFonts: false`; glyphs are drawn as paths from pdf.js's standard_fonts folder).
 */
export async function rasterizePdf(pdf: Uint8Array, dpi: number): Promise<GrayImage[]> {
  const { createCanvas } = require('@napi-rs/canvas') as typeof NapiCanvas;
  const task = getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const out: GrayImage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: dpi / 72 });
      const width = Math.round(viewport.width);
      const height = Math.round(viewport.height);
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
      const rgba = ctx.getImageData(0, 0, width, height).data;
      const pixels = new Uint8Array(width * height);
      // ITU-R BT.601 luma in integers, so the result does not hang on floating-point rounding.
      for (let i = 0, j = 0; j < pixels.length; i += 4, j++) pixels[j] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
      out.push({ width, height, pixels });
      page.cleanup();
    }
    return out;
  } finally {
    await task.destroy();
  }
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

/** Rasterizes every page of `pdf` and returns one fax-like PNG per page. */
export async function scanPages(pdf: Buffer, seed: number): Promise<Buffer[]> {
  const pages = await rasterizePdf(pdf, SCAN_DPI);
  return pages.map((img, i) => encodeGrayPng(faxify(img, seed + i)));
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
