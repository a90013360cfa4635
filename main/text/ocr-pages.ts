/**
 * OCR for scanned pages: renders each page without a text layer to an image (pdf.js +
 * @napi-rs/canvas, in the pdf worker thread) and recognizes it with tesseract.js using the
 * English model shipped in node_modules — nothing is fetched from the network, so record
 * images never leave the machine. Words come back with boxes in PDF units, in the same
 * PageText shape as the text layer, so search, suggestions and marks work on scans too.
 */
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createWorker, type Worker as OcrWorker } from 'tesseract.js';
import type { DocumentText, PageText, TextItem } from '../../shared/text/page-text';
import { runPdfWorker } from './pdf-worker';
import { DocumentTextError } from './text-errors';

// Not `require`: electron-vite's ESM shim declares that name at the top of the bundle.
const requireFromHere = createRequire(import.meta.url);

export const OCR_FORMAT_VERSION = 1;
/** Below this mean word confidence the reviewer is told to read the page image instead. */
export const UNREADABLE_CONFIDENCE = 55;
/** Fewer recognized characters than this means the page is blank, a photo, or noise. */
export const UNREADABLE_MIN_CHARS = 12;
const RENDER_BATCH = 4;
/**
 * A tesseract.js engine recognizes one page at a time on one thread, so pages are shared by
 * one engine per core; each engine holds the model and page buffers (~110-130 MB measured
 * after a 300 dpi letter page), hence a cap.
 */
const MAX_ENGINES = 4;

export function defaultOcrEngines(pages: number): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_ENGINES, pages));
}

export interface OcrProgress {
  pagesDone: number;
  pagesTotal: number;
  /** The page being recognized and how far along it is (0–1). */
  page?: number;
  pageProgress?: number;
}

export interface OcrPagesOptions {
  /** 1-based pages to recognize (typically `pagesNeedingOcr(doc)`). */
  pages: number[];
  /** Render resolution; 300 dpi is what Tesseract is trained around. */
  dpi?: number;
  signal?: AbortSignal;
  onProgress?: (p: OcrProgress) => void;
  /** Where tesseract.js keeps its unpacked model; defaults to a folder in the OS temp dir. */
  modelCacheDir?: string;
  /**
   * Each page as soon as it is recognized. Nothing is cached here: the text service keeps
   * recognized pages encrypted under the case folder, and passes only the pages still to read.
   */
  onPage?: (page: PageText) => void | Promise<void>;
  workerUrl?: URL;
  /** Engines recognizing pages in parallel; one per core (up to 4) by default. */
  engines?: number;
}

interface RenderedPage {
  page: number;
  /** 8-bit gray binary PGM, which Tesseract reads without decoding. */
  pgm: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
  transform: number[];
  width: number;
  height: number;
  rotation: number;
  viewBox: number[];
}

/** Pages whose text layer is missing or too thin to search: the ones to OCR. */
export function pagesNeedingOcr(doc: DocumentText): number[] {
  return doc.pages.filter((p) => !p.hasTextLayer && p.source === 'text-layer').map((p) => p.page);
}

/** The document with OCR results in place of the empty text-layer pages they read. */
export function withOcrPages(doc: DocumentText, ocr: readonly PageText[]): DocumentText {
  const byPage = new Map(ocr.map((p) => [p.page, p]));
  return { ...doc, pages: doc.pages.map((p) => byPage.get(p.page) ?? p) };
}

/**
 * The offline English model. best_int is the integer LSTM model tesseract.js itself prefers;
 * the package's other folder (4.0.0) holds the very same LSTM network plus the legacy
 * engine's data (10.9 MB instead of 3 MB gzipped), so in LSTM-only mode it is no faster.
 */
export function englishModelDir(): string {
  return path.join(path.dirname(requireFromHere.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/** Starts a tesseract.js worker on the local model; network paths are never configured. */
export async function createOcrEngine(opts: { modelCacheDir?: string; onProgress?: (p: number) => void } = {}): Promise<OcrWorker> {
  const cachePath = opts.modelCacheDir ?? path.join(tmpdir(), 'reviewer-workbench-tessdata');
  const worker = await createWorker('eng', 1 /* OEM.LSTM_ONLY */, {
    langPath: englishModelDir(),
    gzip: true,
    cachePath,
    logger: (m) => {
      if (m.status === 'recognizing text') opts.onProgress?.(m.progress);
    },
    errorHandler: () => undefined,
  });
  return worker;
}

/** Inverse of pdf.js's viewport transform: image pixels back to PDF user space. */
export function pixelToPdf(t: number[], px: number, py: number): [number, number] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = t;
  const det = a * d - b * c;
  return [(d * (px - e) - c * (py - f)) / det, (-b * (px - e) + a * (py - f)) / det];
}

function boxToPdf(t: number[], x0: number, y0: number, x1: number, y1: number) {
  const corners = [pixelToPdf(t, x0, y0), pixelToPdf(t, x1, y0), pixelToPdf(t, x0, y1), pixelToPdf(t, x1, y1)];
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  return { x: minX, y: minY, w: Math.max(...xs) - minX, h: Math.max(...ys) - minY };
}

interface OcrLine {
  words: { text: string; confidence: number; bbox: { x0: number; y0: number; x1: number; y1: number } }[];
}
interface OcrBlock {
  paragraphs: { lines: OcrLine[] }[];
}

/** Lays recognized words out as page text: words by spaces, lines by newlines. */
export function ocrToPageText(r: RenderedPage, blocks: OcrBlock[]): PageText {
  let text = '';
  const items: TextItem[] = [];
  let confSum = 0;
  for (const block of blocks) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const words = line.words.filter((w) => w.text.trim().length > 0);
        words.forEach((w, i) => {
          if (i > 0) text += ' ';
          const box = boxToPdf(r.transform, w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1);
          items.push({ str: w.text, ...box, start: text.length, confidence: Math.round(w.confidence) });
          text += w.text;
          confSum += w.confidence;
        });
        if (words.length > 0) text += '\n';
      }
    }
  }
  const mean = items.length ? confSum / items.length : 0;
  const visible = text.replace(/\s+/g, '').length;
  return {
    page: r.page,
    text,
    items,
    width: r.width,
    height: r.height,
    rotation: r.rotation,
    viewBox: r.viewBox,
    hasTextLayer: false,
    source: 'ocr',
    ocrConfidence: Math.round(mean),
    // Sides compared longest to longest, which holds whatever the page's rotation.
    ocrDpi: Math.round((72 * Math.max(r.pixelWidth, r.pixelHeight)) / Math.max(r.width, r.height)),
    unreadable: visible < UNREADABLE_MIN_CHARS || mean < UNREADABLE_CONFIDENCE,
  };
}

async function renderPages(bytes: Uint8Array, pages: number[], dpi: number, signal?: AbortSignal, workerUrl?: URL): Promise<RenderedPage[]> {
  const out: RenderedPage[] = [];
  await runPdfWorker(
    bytes,
    { op: 'render', pages, scale: dpi / 72 },
    (msg) => {
      if (msg.type === 'image') out.push(msg.image as RenderedPage);
    },
    { signal, workerUrl },
  );
  return out;
}

/**
 * Rendered pages one at a time for several engines: batches of RENDER_BATCH pages, the next
 * batch rendering (on the pdf worker thread) while this one is recognized. Calls are
 * serialized so two engines never take the same page. Resolves undefined when all are taken.
 */
function renderedPageQueue(bytes: Uint8Array, pages: number[], dpi: number, signal?: AbortSignal, workerUrl?: URL): () => Promise<RenderedPage | undefined> {
  const batches: number[][] = [];
  for (let i = 0; i < pages.length; i += RENDER_BATCH) batches.push(pages.slice(i, i + RENDER_BATCH));
  const render = (b: number) => {
    if (b >= batches.length) return undefined;
    const p = renderPages(bytes, batches[b]!, dpi, signal, workerUrl);
    p.catch(() => undefined); // awaited later; an early failure must not be unhandled
    return p;
  };
  const ready: RenderedPage[] = [];
  let batch = 0;
  let next = render(0);
  const takeOne = async (): Promise<RenderedPage | undefined> => {
    while (ready.length === 0 && next) {
      const images = await next;
      next = render(++batch);
      ready.push(...images);
    }
    return ready.shift();
  };
  let chain: Promise<unknown> = Promise.resolve();
  return () => {
    const taken = chain.then(takeOne);
    chain = taken.catch(() => undefined);
    return taken;
  };
}

/**
 * Recognizes `opts.pages` and returns their OCR PageTexts in page order. Pages that fail to
 * render are skipped; on cancel, the pages already handed to `onPage` are the ones kept.
 */
export async function ocrPages(bytes: Uint8Array, opts: OcrPagesOptions): Promise<PageText[]> {
  const dpi = opts.dpi ?? 300;
  const done = new Map<number, PageText>();
  const todo = [...new Set(opts.pages)].sort((a, b) => a - b);
  const total = todo.length;
  const report = (extra: Partial<OcrProgress> = {}) =>
    opts.onProgress?.({ pagesDone: done.size, pagesTotal: total, ...extra });

  if (todo.length > 0) {
    if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
    const current = new Map<OcrWorker, number>();
    const engineCount = Math.max(1, Math.min(opts.engines ?? defaultOcrEngines(todo.length), todo.length));
    const started = Array.from({ length: engineCount }, () => {
      let engine: OcrWorker | undefined;
      return createOcrEngine({
        modelCacheDir: opts.modelCacheDir,
        onProgress: (progress) => report({ page: engine && current.get(engine), pageProgress: progress }),
      }).then((e) => (engine = e));
    });
    // Rendering (pdf worker thread) starts while the engines load their model.
    const nextImage = renderedPageQueue(bytes, todo, dpi, opts.signal, opts.workerUrl);
    const settled = await Promise.allSettled(started);
    const engines = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // Terminating the engines is how a recognition in progress is interrupted.
    const terminateAll = () => Promise.all(engines.map((e) => e.terminate().catch(() => undefined)));
    const onAbort = () => void terminateAll();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      await Promise.all(engines.map((e) => e.setParameters({ user_defined_dpi: String(dpi) })));
      // Each engine takes the next rendered page as soon as it is free.
      await Promise.all(
        engines.map(async (engine) => {
          for (let image = await nextImage(); image; image = await nextImage()) {
            if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
            current.set(engine, image.page);
            const result = await abortable(engine.recognize(Buffer.from(image.pgm.buffer, image.pgm.byteOffset, image.pgm.byteLength), {}, { blocks: true, text: false }), opts.signal);
            const recognized = ocrToPageText(image, (result.data.blocks ?? []) as unknown as OcrBlock[]);
            done.set(image.page, recognized);
            await opts.onPage?.(recognized);
            report();
          }
        }),
      );
    } catch (err) {
      if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
      throw err instanceof DocumentTextError ? err : new DocumentTextError('internal', err instanceof Error ? err.message : String(err));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      await terminateAll();
    }
  }
  return todo.map((p) => done.get(p)).filter((p): p is PageText => p !== undefined);
}

/** tesseract.js does not settle a job whose worker was terminated, so race it with the signal. */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DocumentTextError('cancelled'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
