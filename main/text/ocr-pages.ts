/**
 * OCR for scanned pages: for each page without a text layer, the pdf worker thread hands over
 * what to read (the scan itself when the page is one image, the usual fax, at the image's own
 * resolution; otherwise the page rendered by pdf.js + @napi-rs/canvas), and tesseract.js
 * recognizes it with the English model shipped in node_modules: nothing is fetched from the
 * network, so record images never leave the machine. Words come back with boxes in PDF units,
 * in the same PageText shape as the text layer, so search, suggestions and marks work on scans.
 * Engines are kept warm between documents (a minute idle, then ended: they held a record's
 * image). Each page is bounded in time and the process in memory: a page over a limit comes
 * back unreadable with the reason, and the others go on.
 */
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createWorker, type Worker as OcrWorker } from 'tesseract.js';
import type { DocumentText, PageText, TextItem } from '../../shared/text/page-text';
import { DEFAULT_LIMITS, PAGE_PROBLEMS, runPageJob, type PageProblemCode, type PdfLimits } from './pdf-worker';
import { DocumentTextError } from './text-errors';

const require = createRequire(import.meta.url);

export const OCR_FORMAT_VERSION = 2;
/** Below this mean word confidence the reviewer is told to read the page image instead. */
export const UNREADABLE_CONFIDENCE = 55;
/** Fewer recognized characters than this means the page is blank, a photo, or noise. */
export const UNREADABLE_MIN_CHARS = 12;
export const LOW_CONFIDENCE_REASON = 'OCR could not read this page (blank, a photo, or too faint); read the page image.';
/**
 * A tesseract.js engine recognizes one page at a time on one thread, so pages are shared by
 * one engine per core; each engine holds the model and page buffers (~110-130 MB measured
 * after a 300 dpi letter page), hence a cap.
 */
const MAX_ENGINES = 4;
/** A letter page takes 1-3 s; one that takes a minute is noise or an attack. */
export const OCR_PAGE_MS = 60_000;
/** The longest a document's OCR may take, per page asked for (ten times the usual rate). */
const OCR_DOCUMENT_MS_PER_PAGE = 20_000;
/** Parked engines that have read a record are ended after this long unused. */
const ENGINE_IDLE_MS = 60_000;

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
  /** Render resolution for pages that are not one scanned image; 300 dpi is what Tesseract is trained around. */
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
  /** Page geometry for pages that fail before an image exists (from the text extraction). */
  pageGeometry?: (page: number) => Pick<PageText, 'width' | 'height' | 'rotation' | 'viewBox'> | undefined;
  /** Longest one page's recognition may take. */
  pageMs?: number;
  /** Limits of the pdf worker that prepares the images, and the process memory ceiling. */
  limits?: Partial<PdfLimits>;
}

interface RenderedPage {
  page: number;
  /** 8-bit gray binary PGM, which Tesseract reads without decoding. */
  pgm: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
  /** PDF user space to image pixels. */
  transform: number[];
  /** The image's resolution on the page. */
  dpi: number;
  /** 'scan-image': the page's own image; 'render': the page drawn by pdf.js; 'blank': nothing is drawn. */
  from: 'scan-image' | 'render' | 'blank';
  blank?: boolean;
  /** A pdf.js limit that left something out of the image (an image too large to decode). */
  limit?: PageProblemCode;
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
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
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

interface Engine {
  worker: OcrWorker;
  cacheDir: string;
  /** Who hears this engine's progress while it works for them. */
  onProgress?: (p: number) => void;
  timer?: NodeJS.Timeout;
}

const parkedEngines: Engine[] = [];

async function takeEngine(cacheDir: string): Promise<Engine> {
  const i = parkedEngines.findIndex((e) => e.cacheDir === cacheDir);
  if (i >= 0) {
    const [e] = parkedEngines.splice(i, 1);
    clearTimeout(e!.timer);
    return e!;
  }
  const e: Engine = { cacheDir } as Engine;
  e.worker = await createOcrEngine({ modelCacheDir: cacheDir, onProgress: (p) => e.onProgress?.(p) });
  return e;
}

/** Keeps an engine warm for the next document; more engines than cores are not worth their memory. */
function parkEngine(e: Engine): void {
  e.onProgress = undefined;
  if (parkedEngines.length >= MAX_ENGINES) {
    void e.worker.terminate().catch(() => undefined);
    return;
  }
  e.timer = setTimeout(() => {
    parkedEngines.splice(parkedEngines.indexOf(e), 1);
    void e.worker.terminate().catch(() => undefined);
  }, ENGINE_IDLE_MS).unref();
  parkedEngines.push(e);
}

/** How many engines are parked warm (tests, the bench). */
export function parkedOcrEngines(): number {
  return parkedEngines.length;
}

/** Ends every parked engine (tests, benchmarks, shutdown). */
export async function retireOcrEngines(): Promise<void> {
  const all = parkedEngines.splice(0);
  await Promise.all(
    all.map((e) => {
      clearTimeout(e.timer);
      return e.worker.terminate().catch(() => undefined);
    }),
  );
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

/**
 * Tesseract's TSV output (one row per word with its box and confidence) as blocks, paragraphs
 * and lines. TSV is made by Tesseract itself in one pass; tesseract.js's `blocks` output walks
 * the result down to every symbol through the wasm boundary, which cost more than the words.
 */
export function tsvToBlocks(tsv: string): OcrBlock[] {
  const blocks = new Map<string, Map<string, Map<string, OcrLine>>>();
  for (const row of tsv.split('\n')) {
    const c = row.split('\t');
    if (c[0] !== '5' || c.length < 12) continue;
    const [, , block, para, line, , left, top, width, height, conf] = c.map(Number) as number[];
    const text = c.slice(11).join('\t');
    const paras = blocks.get(String(block)) ?? new Map<string, Map<string, OcrLine>>();
    blocks.set(String(block), paras);
    const lines = paras.get(String(para)) ?? new Map<string, OcrLine>();
    paras.set(String(para), lines);
    const l = lines.get(String(line)) ?? { words: [] };
    lines.set(String(line), l);
    l.words.push({ text, confidence: conf!, bbox: { x0: left!, y0: top!, x1: left! + width!, y1: top! + height! } });
  }
  return [...blocks.values()].map((paras) => ({ paragraphs: [...paras.values()].map((lines) => ({ lines: [...lines.values()] })) }));
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
  const unreadable = r.limit !== undefined || visible < UNREADABLE_MIN_CHARS || mean < UNREADABLE_CONFIDENCE;
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
    ocrDpi: r.dpi,
    unreadable,
    ...(unreadable ? { unreadableReason: r.limit ? PAGE_PROBLEMS[r.limit] : LOW_CONFIDENCE_REASON } : {}),
  };
}

/** A page OCR could not even start on (stopped at a limit): unreadable, with the reason. */
function failedPage(page: number, reason: string, geometry: OcrPagesOptions['pageGeometry']): PageText {
  const g = geometry?.(page) ?? { width: 612, height: 792, rotation: 0 };
  return { page, text: '', items: [], ...g, hasTextLayer: false, source: 'ocr', unreadable: true, unreadableReason: reason };
}

/** Images from the pdf worker, a few ahead of the engines, taken one at a time. */
function imageQueue(credit: Int32Array) {
  const ready: RenderedPage[] = [];
  const waiting: ((img: RenderedPage | undefined) => void)[] = [];
  let closed = false;
  return {
    push(img: RenderedPage) {
      const w = waiting.shift();
      if (w) w(img);
      else ready.push(img);
    },
    close() {
      closed = true;
      for (const w of waiting.splice(0)) w(undefined);
    },
    /** The next image, or undefined once the worker has sent them all. */
    async take(): Promise<RenderedPage | undefined> {
      const img = ready.shift() ?? (closed ? undefined : await new Promise<RenderedPage | undefined>((r) => waiting.push(r)));
      // Taking one lets the worker prepare the next.
      Atomics.add(credit, 0, 1);
      Atomics.notify(credit, 0);
      return img;
    },
  };
}

/** Resolves `p`, or rejects with 'timeout' after `ms`, or 'cancelled' on the signal. */
function bounded<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    const onAbort = () => reject(new DocumentTextError('cancelled'));
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Recognizes `opts.pages` and returns their OCR PageTexts in page order, unreadable pages (with
 * the reason) included. On cancel, the pages already handed to `onPage` are the ones kept.
 */
export async function ocrPages(bytes: Uint8Array, opts: OcrPagesOptions): Promise<PageText[]> {
  const dpi = opts.dpi ?? 300;
  const pageMs = opts.pageMs ?? OCR_PAGE_MS;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const cacheDir = opts.modelCacheDir ?? path.join(tmpdir(), 'reviewer-workbench-tessdata');
  const done = new Map<number, PageText>();
  const todo = [...new Set(opts.pages)].sort((a, b) => a - b);
  const total = todo.length;
  const report = (extra: Partial<OcrProgress> = {}) => opts.onProgress?.({ pagesDone: done.size, pagesTotal: total, ...extra });
  if (todo.length === 0) return [];
  if (opts.signal?.aborted) throw new DocumentTextError('cancelled');

  const engineCount = Math.max(1, Math.min(opts.engines ?? defaultOcrEngines(todo.length), todo.length));
  // The worker prepares one image per engine plus one ahead: each is ~8 MB at 300 dpi.
  const credit = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(credit, 0, engineCount + 1);
  const queue = imageQueue(credit);
  const finish = async (page: PageText) => {
    if (done.has(page.page)) return;
    done.set(page.page, page);
    await opts.onPage?.(page);
    report();
  };
  const pendingFailures: PageText[] = [];
  const stopImages = new AbortController();
  const onAbort = () => stopImages.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  // Images are prepared (pdf worker thread) while the engines start or come out of the pool.
  const images = runPageJob(bytes, { op: 'ocr-images', dpi, credit: credit.buffer as SharedArrayBuffer }, {
    pages: todo,
    onMessage: (msg) => {
      if (msg.type === 'image') queue.push(msg.image as RenderedPage);
    },
    onProblem: (p) => pendingFailures.push(failedPage(p.page, p.reason, opts.pageGeometry)),
    signal: stopImages.signal,
    ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    limits: { ...limits, documentMs: opts.limits?.documentMs ?? Math.max(limits.documentMs, todo.length * OCR_DOCUMENT_MS_PER_PAGE) },
  }).finally(() => queue.close());
  images.catch(() => undefined);

  const busy = new Map<Engine, number>();
  const retired = new Set<Engine>();
  // Over the memory ceiling the engines at work are ended: their pages are unreadable.
  const overMemory = new Set<Engine>();
  const watchdog = setInterval(() => {
    if (process.memoryUsage.rss() <= limits.maxRssBytes) return;
    for (const e of busy.keys()) {
      overMemory.add(e);
      void e.worker.terminate().catch(() => undefined);
    }
  }, 100);
  try {
    await Promise.all(
      Array.from({ length: engineCount }, async () => {
        let engine: Engine | undefined = await takeEngine(cacheDir);
        try {
          for (let image = await queue.take(); image; image = await queue.take()) {
            for (const f of pendingFailures.splice(0)) await finish(f);
            if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
            if (image.blank && image.limit) {
              // Blank only because pdf.js left out what broke a limit (an image too large to decode).
              await finish(failedPage(image.page, PAGE_PROBLEMS[image.limit], () => image));
              continue;
            }
            if (image.blank) {
              // Nothing is drawn on the page: read as empty, without spending an engine on it.
              const { width, height, rotation, viewBox } = image;
              await finish({ page: image.page, text: '', items: [], width, height, rotation, viewBox, hasTextLayer: false, source: 'ocr' });
              continue;
            }
            engine ??= await takeEngine(cacheDir);
            const e: Engine = engine;
            const page = image.page;
            e.onProgress = (progress) => report({ page, pageProgress: progress });
            busy.set(e, page);
            let recognized: PageText;
            try {
              await e.worker.setParameters({ user_defined_dpi: String(image.dpi) });
              const pgm = Buffer.from(image.pgm.buffer, image.pgm.byteOffset, image.pgm.byteLength);
              const result = await bounded(e.worker.recognize(pgm, {}, { tsv: true, text: false, blocks: false }), pageMs, opts.signal);
              recognized = ocrToPageText(image, tsvToBlocks(result.data.tsv ?? ''));
            } catch (err) {
              if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
              // A recognition that overran, or an engine ended at the memory ceiling: the engine
              // is gone (terminating is the only way to stop it), the page is unreadable.
              retired.add(e);
              void e.worker.terminate().catch(() => undefined);
              engine = undefined;
              const code: PageProblemCode = overMemory.has(e) ? 'memory' : err instanceof Error && err.message === 'timeout' ? 'page-time' : 'damaged';
              recognized = failedPage(page, PAGE_PROBLEMS[code], () => image);
            } finally {
              busy.delete(e);
            }
            await finish(recognized);
          }
        } finally {
          if (engine && !retired.has(engine)) {
            if (opts.signal?.aborted) {
              // Terminating is how a recognition in progress is interrupted.
              void engine.worker.terminate().catch(() => undefined);
            } else parkEngine(engine);
          }
        }
      }),
    );
    await images;
    for (const f of pendingFailures.splice(0)) await finish(f);
  } catch (err) {
    stopImages.abort();
    if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
    throw err instanceof DocumentTextError ? err : new DocumentTextError('internal', err instanceof Error ? err.message : String(err));
  } finally {
    clearInterval(watchdog);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return todo.map((p) => done.get(p)).filter((p): p is PageText => p !== undefined);
}
