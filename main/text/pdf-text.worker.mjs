/**
 * worker_threads entry that runs pdf.js off the main process thread, one page at a time,
 * under the limits the parent sets (main/text/pdf-worker.ts watches time and memory; this
 * side bounds what one page may produce).
 *
 * Plain .mjs on purpose: Node loads it as-is under tsx, vitest and a bundled build
 * (the bundle keeps pdfjs-dist external and ships this file next to the code that
 * spawns it), whereas a .ts worker would need a loader in every one of those.
 *
 * Job in: { op, data, assets, limits, pages?, nextPage, status, credit?, dpi? }
 *   op 'check'      -> 'checked' { pages }                       (intake: every page opens)
 *   op 'extract'    -> 'pages' { pages: PageText[] }             (text layer)
 *   op 'ocr-images' -> 'image' { image }                         (what OCR should read)
 *   any op          -> 'page-failed' { page, reason, detail } ... 'done'
 * Pages are claimed one by one from the shared `nextPage` counter (an index into `pages`, or
 * the page number minus one when absent), and the page being worked on is kept in `status[0]`
 * so the parent can tell which page to blame when it has to stop the thread.
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

/**
 * pdf.js reports limits it enforces (an image over maxImageSize is dropped) only as a console
 * warning; they are caught here, per page, to tell the reviewer why a page came out blank.
 * Other warnings are dropped unprinted: a message may quote the file.
 */
let pageWarnings = [];
const LIMIT_WARNINGS = [[/Image exceeded maximum allowed size/, 'image-too-large']];
const catchWarning = (...args) => {
  const text = args.map(String).join(' ');
  for (const [re, code] of LIMIT_WARNINGS) if (re.test(text) && !pageWarnings.includes(code)) pageWarnings.push(code);
};
console.log = catchWarning;
console.warn = catchWarning;
console.info = catchWarning;

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

async function openDocument(pdfjs, data, assets, limits) {
  const task = pdfjs.getDocument({
    data,
    enableXfa: false,
    standardFontDataUrl: assets.standardFontDataUrl,
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    wasmUrl: assets.wasmUrl,
    iccUrl: assets.iccUrl,
    // Fonts are drawn from the file or pdf.js's own folder, never the machine's.
    useSystemFonts: false,
    disableFontFace: true,
    // An image with more pixels than this is not decoded at all (a 1 MB file can declare a
    // 40,000 x 40,000 image); large-image downscaling is capped to the same budget.
    maxImageSize: limits.maxImagePixels,
    canvasMaxAreaInBytes: limits.maxImagePixels * 4,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    stopAtErrors: false,
    verbosity: 1,
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

class PageLimitError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/**
 * Page text is the items' strings with a newline at each end of line, exactly as
 * shared/text/join-page-text.ts builds it in the viewer, so mark offsets agree everywhere.
 * Read as a stream and given up past the limits: a page that draws millions of glyphs is an
 * attack or a broken file, and holding its text would cost more memory than the record.
 */
async function extractPage(page, pageNumber, limits) {
  const reader = page.streamTextContent({ includeMarkedContent: false, disableNormalization: false }).getReader();
  let text = '';
  const items = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const item of value.items) {
      if (typeof item.str !== 'string') continue;
      if (item.str.length > 0) {
        const t = item.transform;
        items.push({ str: item.str, x: t[4], y: t[5], w: item.width, h: item.height || Math.hypot(t[2], t[3]), start: text.length });
        text += item.str;
      }
      if (item.hasEOL) text += '\n';
    }
    if (text.length > limits.maxPageChars || items.length > limits.maxPageItems) {
      await reader.cancel().catch(() => undefined);
      throw new PageLimitError('too-much-text');
    }
  }
  const visible = text.replace(/\s+/g, '').length;
  return { page: pageNumber, text, items, ...pageGeometry(page), hasTextLayer: visible >= MIN_TEXT_CHARS, source: 'text-layer' };
}

/**
 * Page images for OCR are capped: a poster-sized or malformed page (PDF allows 200 x 200 inches)
 * at 300 dpi would need gigabytes, and would take the whole app down with it. Such a page is
 * read at a lower resolution instead.
 */
const MAX_OCR_SIDE = 16_384;

function cappedOcrScale(widthPt, heightPt, scale, maxPixels) {
  const area = Math.max(1, widthPt * heightPt);
  return Math.min(scale, Math.sqrt(maxPixels / area), MAX_OCR_SIDE / Math.max(1, widthPt, heightPt));
}

async function renderPage(page, pageNumber, scale, limits) {
  const { createCanvas } = require('@napi-rs/canvas');
  const unscaled = page.getViewport({ scale: 1 });
  const viewport = page.getViewport({ scale: cappedOcrScale(unscaled.width, unscaled.height, scale, limits.maxOcrPixels) });
  const width = Math.max(1, Math.round(viewport.width));
  const height = Math.max(1, Math.round(viewport.height));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  // Scans are usually opaque, but a transparent background would OCR as black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  await page.render({ canvasContext: ctx, canvas, viewport, background: 'rgb(255,255,255)' }).promise;
  const gray = rgbaToGray(ctx.getImageData(0, 0, width, height).data, width * height, 4);
  return {
    page: pageNumber,
    pgm: toPgm(gray, width, height),
    pixelWidth: width,
    pixelHeight: height,
    // Maps PDF user space to image pixels; the caller inverts it to place OCR words.
    transform: Array.from(viewport.transform),
    dpi: Math.round(72 * viewport.scale),
    from: 'render',
    ...pageGeometry(page),
  };
}

/** ITU-R BT.601 luma in fixed point, from packed pixels of `channels` bytes (alpha ignored: drawn on white). */
function rgbaToGray(src, pixels, channels) {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; j < pixels; i += channels, j++) out[j] = (src[i] * 77 + src[i + 1] * 150 + src[i + 2] * 29) >> 8;
  return out;
}

/**
 * Binary PGM (8-bit gray) for the OCR engine: Tesseract binarizes to gray anyway, and an
 * uncompressed image costs neither a PNG encode here nor a PNG decode inside the engine.
 */
function toPgm(gray, width, height) {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + gray.length);
  out.set(header);
  out.set(gray, header.length);
  return out;
}

const TEXT_OPS = new Set();
const IMAGE_OPS = new Set();
/** Operators that put marks on the page; a page with none of them is blank. */
const PAINT_OPS = new Set();
function opSets(OPS) {
  if (TEXT_OPS.size === 0) {
    for (const k of ['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText']) TEXT_OPS.add(OPS[k]);
    for (const k of ['paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat', 'paintImageMaskXObjectRepeat', 'paintImageMaskXObjectGroup', 'paintInlineImageXObjectGroup', 'paintSolidColorImageMask']) IMAGE_OPS.add(OPS[k]);
    for (const k of ['constructPath', 'fill', 'stroke', 'eoFill', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke', 'closeStroke', 'shadingFill', 'paintFormXObjectBegin', 'beginGroup']) PAINT_OPS.add(OPS[k]);
    for (const op of [...TEXT_OPS, ...IMAGE_OPS]) PAINT_OPS.add(op);
  }
}

/** Nothing drawn at all: there is nothing for OCR to read (a runaway scanner's empty pages). */
function isBlank(pdfjs, opList) {
  opSets(pdfjs.OPS);
  return !opList.fnArray.some((fn) => PAINT_OPS.has(fn));
}

const multiply = (m, n) => [m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1], m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3], m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5]];

/**
 * The one image a scanned page is, when it is one: a single image XObject, no text drawn, the
 * image upright and covering most of the page. Returns its object id and its placement (the
 * matrix taking the image's unit square to user space), or undefined for any other page.
 */
function singleScanImage(pdfjs, page, opList) {
  opSets(pdfjs.OPS);
  const { OPS } = pdfjs;
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack = [];
  let found;
  for (let i = 0; i < opList.fnArray.length; i++) {
    const fn = opList.fnArray[i];
    const args = opList.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args);
    else if (TEXT_OPS.has(fn)) return undefined;
    else if (IMAGE_OPS.has(fn)) {
      if (found || fn !== OPS.paintImageXObject) return undefined;
      found = { objId: args[0], width: args[1], height: args[2], ctm };
    }
  }
  if (!found || (page.rotate ?? 0) % 360 !== 0) return undefined;
  const [a, b, c, d, e, f] = found.ctm;
  // Upright: the image's x runs right and its y runs up the page, with no shear or rotation.
  if (!(a > 0 && d > 0 && Math.abs(b) < 1e-6 * a && Math.abs(c) < 1e-6 * d)) return undefined;
  const [x0, y0, x1, y1] = page.view;
  const ix0 = Math.max(x0, e);
  const iy0 = Math.max(y0, f);
  const ix1 = Math.min(x1, e + a);
  const iy1 = Math.min(y1, f + d);
  const covered = Math.max(0, ix1 - ix0) * Math.max(0, iy1 - iy0);
  if (covered < 0.8 * (x1 - x0) * (y1 - y0)) return undefined;
  return found;
}

function objectData(page, objId) {
  const objs = objId.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => objs.get(objId, resolve));
}

/**
 * The scanned image as the engine should see it: 8-bit gray at the image's own resolution,
 * box-averaged down by a whole factor only when it has more pixels than OCR is allowed.
 */
function scanImageToGray(pdfjs, img, maxPixels) {
  const { width, height, kind, data } = img;
  if (!data) return undefined;
  let gray;
  if (kind === pdfjs.ImageKind.GRAYSCALE_1BPP) {
    gray = new Uint8Array(width * height);
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) gray[y * width + x] = data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7)) ? 255 : 0;
    }
  } else if (kind === pdfjs.ImageKind.RGB_24BPP) gray = rgbaToGray(data, width * height, 3);
  else if (kind === pdfjs.ImageKind.RGBA_32BPP) gray = rgbaToGray(data, width * height, 4);
  else return undefined;
  const k = Math.ceil(Math.sqrt((width * height) / maxPixels));
  if (k <= 1) return { gray, width, height };
  const w = Math.floor(width / k);
  const h = Math.floor(height / k);
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let yy = 0; yy < k; yy++) for (let xx = 0; xx < k; xx++) sum += gray[(y * k + yy) * width + x * k + xx];
      out[y * w + x] = Math.round(sum / (k * k));
    }
  }
  return { gray: out, width: w, height: h };
}

const invert = ([a, b, c, d, e, f]) => {
  const det = a * d - b * c;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
};

/**
 * What OCR should read on this page: the scan itself when the page is one image (the usual
 * fax), at its own resolution, else the page rendered at `scale`.
 */
async function ocrImage(pdfjs, page, pageNumber, scale, limits) {
  const opList = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  if (isBlank(pdfjs, opList)) return { page: pageNumber, blank: true, pgm: new Uint8Array(0), pixelWidth: 0, pixelHeight: 0, transform: [1, 0, 0, 1, 0, 0], dpi: 0, from: 'blank', ...pageGeometry(page) };
  const scan = singleScanImage(pdfjs, page, opList);
  if (scan) {
    const img = await objectData(page, scan.objId);
    const converted = img && scanImageToGray(pdfjs, img, limits.maxOcrPixels);
    if (converted) {
      const { gray, width, height } = converted;
      // Image pixel (px, py), y down, to the image's unit square, then by the CTM to user space.
      const pixelToUser = multiply(scan.ctm, [1 / width, 0, 0, -1 / height, 0, 1]);
      return {
        page: pageNumber,
        pgm: toPgm(gray, width, height),
        pixelWidth: width,
        pixelHeight: height,
        transform: invert(pixelToUser),
        dpi: Math.round((72 * width) / scan.ctm[0]),
        from: 'scan-image',
        ...pageGeometry(page),
      };
    }
  }
  return renderPage(page, pageNumber, scale, limits);
}

const REASONS = {
  damaged: 'This page could not be read; the file may be damaged.',
  'too-much-text': 'This page holds far more text than a record page can; read the page image.',
  'image-too-large': 'An image on this page is larger than the workbench reads; read the page image.',
};

/**
 * Threads sharing one record claim pages from a shared counter rather than a fixed
 * stride, so a thread slowed by other load on the machine does not leave its sibling idle.
 */
function pageClaimer(numPages, job) {
  const counter = new Int32Array(job.nextPage);
  const list = job.pages;
  const length = list ? list.length : numPages;
  return () => {
    for (;;) {
      const i = Atomics.add(counter, 0, 1);
      if (i >= length) return undefined;
      const n = list ? list[i] : i + 1;
      // A listed page beyond the document is skipped.
      if (n >= 1 && n <= numPages) return n;
    }
  };
}

/** OCR images wait for the parent to want one (it holds a few ahead of the engines). */
async function takeCredit(credit) {
  if (!credit) return;
  const c = new Int32Array(credit);
  for (;;) {
    const have = Atomics.load(c, 0);
    if (have > 0) {
      if (Atomics.compareExchange(c, 0, have, have - 1) === have) return;
      continue;
    }
    await Atomics.waitAsync(c, 0, have).value;
  }
}

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
    doc = await openDocument(pdfjs, msg.data, msg.assets, msg.limits);
  } catch (err) {
    parentPort.postMessage({ type: 'error', code: classify(pdfjs, err), detail: String(err?.name ?? 'Error') });
    return;
  }
  const numPages = doc.numPages;
  parentPort.postMessage({ type: 'opened', numPages });
  const status = new Int32Array(msg.status);
  const claim = pageClaimer(numPages, msg);
  let batch = [];
  const flush = () => {
    if (batch.length === 0) return;
    parentPort.postMessage(msg.op === 'check' ? { type: 'checked', pages: batch } : { type: 'pages', pages: batch });
    batch = [];
  };
  for (let n = claim(); n !== undefined; n = claim()) {
    if (msg.op === 'ocr-images') await takeCredit(msg.credit);
    Atomics.store(status, 0, n);
    pageWarnings = [];
    let page;
    try {
      page = await doc.getPage(n);
      if (msg.op === 'check') batch.push(n);
      else if (msg.op === 'extract') batch.push(await extractPage(page, n, msg.limits));
      else {
        const image = await ocrImage(pdfjs, page, n, msg.dpi / 72, msg.limits);
        if (pageWarnings.length) image.limit = pageWarnings[0];
        parentPort.postMessage({ type: 'image', image }, [image.pgm.buffer]);
      }
      if (batch.length >= PAGE_BATCH) flush();
    } catch (err) {
      flush();
      const code = err instanceof PageLimitError ? err.code : 'damaged';
      parentPort.postMessage({ type: 'page-failed', page: n, code, message: REASONS[code], detail: String(err?.name ?? 'Error') });
    } finally {
      Atomics.store(status, 0, 0);
      // Frees the page's parsed resources so a 1,000-page record stays in bounded memory.
      page?.cleanup();
    }
  }
  flush();
  await doc.loadingTask.destroy();
  parentPort.postMessage({ type: 'done', numPages });
}

// One job at a time: the parent hands a thread its next job only after 'done' or 'error'.
parentPort.on('message', (msg) => {
  run(msg).catch((err) => {
    parentPort.postMessage({ type: 'error', code: 'internal', detail: String(err?.message ?? err) });
  });
});
