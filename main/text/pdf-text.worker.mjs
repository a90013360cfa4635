/**
 * worker_threads entry that runs pdf.js off the main process thread.
 *
 * Plain .mjs on purpose: Node loads it as-is under tsx, vitest and a bundled build
 * (the bundle keeps pdfjs-dist external and ships this file next to the code that
 * spawns it), whereas a .ts worker would need a loader in every one of those.
 *
 * Messages in:  { op: 'extract', data, assets, stride?, offset? } -> 'page' | 'page-failed' ... 'done'
 *               { op: 'render', data, assets, pages, scale } -> 'image' | 'page-failed' ... 'done'
 * Errors that stop the whole document are posted as { type: 'error', code, detail }.
 * Nothing here logs page text: records carry PHI.
 */
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';

const MIN_TEXT_CHARS = 10;

const require = createRequire(import.meta.url);

async function loadPdfjs() {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

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

async function renderPage(page, pageNumber, scale) {
  const { createCanvas } = require('@napi-rs/canvas');
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Scans are usually opaque, but a transparent background would OCR as black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvasContext: ctx, canvas, viewport, background: 'rgb(255,255,255)' }).promise;
  const png = await canvas.encode('png');
  return {
    page: pageNumber,
    // A copy: the native canvas buffer cannot be transferred between threads.
    png: new Uint8Array(png),
    pixelWidth: width,
    pixelHeight: height,
    // Maps PDF user space to image pixels; the caller inverts it to place OCR words.
    transform: Array.from(viewport.transform),
    ...pageGeometry(page),
  };
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
  // Extraction can be split across threads: this one takes every `stride`-th page from `offset`.
  const stride = msg.stride ?? 1;
  const offset = msg.offset ?? 0;
  const pages =
    msg.op === 'render' ? msg.pages.filter((p) => p >= 1 && p <= numPages) : range(numPages).filter((p) => (p - 1) % stride === offset);
  for (const n of pages) {
    let page;
    try {
      page = await doc.getPage(n);
      if (msg.op === 'render') {
        const image = await renderPage(page, n, msg.scale);
        parentPort.postMessage({ type: 'image', image }, [image.png.buffer]);
      } else {
        parentPort.postMessage({ type: 'page', page: await extractPage(page, n) });
      }
    } catch (err) {
      parentPort.postMessage({ type: 'page-failed', page: n, message: PAGE_FAILED, detail: String(err?.name ?? 'Error') });
    } finally {
      // Frees the page's parsed resources so a 1,000-page record stays in bounded memory.
      page?.cleanup();
    }
  }
  await doc.loadingTask.destroy();
  parentPort.postMessage({ type: 'done', numPages });
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i + 1);
}

parentPort.once('message', (msg) => {
  run(msg).catch((err) => {
    parentPort.postMessage({ type: 'error', code: 'internal', detail: String(err?.message ?? err) });
  });
});
