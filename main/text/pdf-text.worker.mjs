/**
 * worker_threads entry that runs pdf.js off the main process thread.
 *
 * Plain .mjs on purpose: Node loads it as-is under tsx, vitest and a bundled build
 * (the bundle keeps pdfjs-dist external and ships this file next to the code that
 * spawns it), whereas a .ts worker would need a loader in every one of those.
 *
 * Messages in:  { op: 'extract', data, assets, nextPage? } -> 'pages' | 'page-failed' ... 'done'
 *               { op: 'render', data, assets, pages, scale } -> 'image' (gray PGM) | 'page-failed' ... 'done'
 * Errors that stop the whole document are posted as { type: 'error', code, detail }.
 * Nothing here logs page text: records carry PHI.
 */
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';

const MIN_TEXT_CHARS = 10;
/**
 * Extracted pages are posted in batches: one structured-clone round trip per page was
 * measurable on 1,000-page records, while 16 pages still give a smooth progress bar.
 */
const PAGE_BATCH = 16;

const require = createRequire(import.meta.url);

// Loaded as soon as the thread starts and kept: a pooled thread runs many jobs, and the
// second document onwards skips pdf.js's module load and runs already-optimized code.
let pdfjsLoading;
function loadPdfjs() {
  pdfjsLoading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsLoading;
}
loadPdfjs().catch(() => undefined);

function classify(pdfjs, err) {
  const name = err?.name ?? '';
  if (err instanceof pdfjs.PasswordException || name === 'PasswordException') return 'encrypted';
  if (err instanceof pdfjs.InvalidPDFException || name === 'InvalidPDFException') return 'corrupt';
  return 'corrupt';
}

async function openDocument(pdfjs, data, assets) {
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    standardFontDataUrl: assets.standardFontDataUrl,
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    wasmUrl: assets.wasmUrl,
    iccUrl: assets.iccUrl,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  return task.promise;
}

function pageGeometry(page) {
  const [x0, y0, x1, y1] = page.view;
  return {
    width: x1 - x0,
    height: y1 - y0,
    rotation: page.rotate ?? 0,
    viewBox: [x0, y0, x1, y1],
  };
}

/**
 * Page text is the items' strings with a newline at each end of line, exactly as
 * shared/text/join-page-text.ts builds it in the viewer, so mark offsets agree everywhere.
 */
async function extractPage(page, pageNumber) {
  const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
  let text = '';
  const items = [];
  for (const item of content.items) {
    if (typeof item.str !== 'string') continue;
    if (item.str.length > 0) {
      const t = item.transform;
      items.push({
        str: item.str,
        x: t[4],
        y: t[5],
        w: item.width,
        h: item.height || Math.hypot(t[2], t[3]),
        start: text.length,
      });
      text += item.str;
    }
    if (item.hasEOL) text += '\n';
  }
  const visible = text.replace(/\s+/g, '').length;
  return {
    page: pageNumber,
    text,
    items,
    ...pageGeometry(page),
    hasTextLayer: visible >= MIN_TEXT_CHARS,
    source: 'text-layer',
  };
}

/**
 * Page images for OCR are capped: a poster-sized or malformed page (PDF allows 200 x 200 inches)
 * at 300 dpi would need gigabytes, and would take the whole app down with it. The cap is about
 * four letter pages at 300 dpi; such a page is read at a lower resolution instead.
 */
const MAX_OCR_PIXELS = 36_000_000;
const MAX_OCR_SIDE = 16_384;

function cappedOcrScale(widthPt, heightPt, scale) {
  const area = Math.max(1, widthPt * heightPt);
  return Math.min(scale, Math.sqrt(MAX_OCR_PIXELS / area), MAX_OCR_SIDE / Math.max(1, widthPt, heightPt));
}

async function renderPage(page, pageNumber, scale) {
  const { createCanvas } = require('@napi-rs/canvas');
  const unscaled = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: cappedOcrScale(unscaled.width, unscaled.height, scale) });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Scans are usually opaque, but a transparent background would OCR as black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvasContext: ctx, canvas, viewport, background: 'rgb(255,255,255)' }).promise;
  const pgm = toGrayPgm(ctx.getImageData(0, 0, width, height).data, width, height);
  return {
    page: pageNumber,
    pgm,
    pixelWidth: width,
    pixelHeight: height,
    // Maps PDF user space to image pixels; the caller inverts it to place OCR words.
    transform: Array.from(viewport.transform),
    ...pageGeometry(page),
  };
}

/**
 * Binary PGM (8-bit gray) for the OCR engine: Tesseract binarizes to gray anyway, and an
 * uncompressed image costs neither a PNG encode here nor a PNG decode inside the engine
 * (together ~0.2 s of a 300 dpi letter page's ~1.5 s).
 */
function toGrayPgm(rgba, width, height) {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + width * height);
  out.set(header);
  // ITU-R BT.601 luma in fixed point; the canvas was filled white, so alpha is always opaque.
  for (let i = 0, j = header.length; i < rgba.length; i += 4, j++) out[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
  return out;
}

const PAGE_FAILED = 'This page could not be read; the file may be damaged.';

async function run(msg) {
  let pdfjs;
  try {
    pdfjs = await loadPdfjs();
  } catch (err) {
    parentPort.postMessage({ type: 'error', code: 'internal', detail: String(err?.message ?? err) });
    return;
  }
  let doc;
  try {
    doc = await openDocument(pdfjs, msg.data, msg.assets);
  } catch (err) {
    parentPort.postMessage({ type: 'error', code: classify(pdfjs, err), detail: String(err?.name ?? 'Error') });
    return;
  }
  const numPages = doc.numPages;
  parentPort.postMessage({ type: 'opened', numPages });
  if (msg.op === 'render') await renderAll(doc, msg.pages.filter((p) => p >= 1 && p <= numPages), msg.scale);
  else await extractAll(doc, numPages, msg.nextPage);
  await doc.loadingTask.destroy();
  parentPort.postMessage({ type: 'done', numPages });
}

/**
 * Threads sharing one record claim pages from a shared counter rather than a fixed
 * stride, so a thread slowed by other load on the machine does not leave its sibling idle.
 */
function pageClaimer(numPages, nextPage) {
  const counter = nextPage ? new Int32Array(nextPage) : undefined;
  let own = 0;
  return () => {
    const n = counter ? Atomics.add(counter, 0, 1) + 1 : ++own;
    return n <= numPages ? n : undefined;
  };
}

async function extractAll(doc, numPages, nextPage) {
  const claim = pageClaimer(numPages, nextPage);
  let batch = [];
  const flush = () => {
    if (batch.length > 0) parentPort.postMessage({ type: 'pages', pages: batch });
    batch = [];
  };
  for (let n = claim(); n !== undefined; n = claim()) {
    let page;
    try {
      page = await doc.getPage(n);
      batch.push(await extractPage(page, n));
      if (batch.length >= PAGE_BATCH) flush();
    } catch (err) {
      flush();
      parentPort.postMessage({ type: 'page-failed', page: n, message: PAGE_FAILED, detail: String(err?.name ?? 'Error') });
    } finally {
      // Frees the page's parsed resources so a 1,000-page record stays in bounded memory.
      page?.cleanup();
    }
  }
  flush();
}

async function renderAll(doc, pages, scale) {
  for (const n of pages) {
    let page;
    try {
      page = await doc.getPage(n);
      const image = await renderPage(page, n, scale);
      parentPort.postMessage({ type: 'image', image }, [image.pgm.buffer]);
    } catch (err) {
      parentPort.postMessage({ type: 'page-failed', page: n, message: PAGE_FAILED, detail: String(err?.name ?? 'Error') });
    } finally {
      page?.cleanup();
    }
  }
}

// One job at a time: the parent hands a thread its next job only after 'done' or 'error'.
parentPort.on('message', (msg) => {
  run(msg).catch((err) => {
    parentPort.postMessage({ type: 'error', code: 'internal', detail: String(err?.message ?? err) });
  });
});
