/**
 * Runs pdf.js jobs in worker threads and streams their messages back, so parsing a 1,000-page
 * record never blocks the Electron main process (menus, IPC, window paint), and supervises
 * them: a page that takes too long, a thread that runs out of its heap, or the process going
 * over its memory ceiling stops the thread, the page is reported with the reason, and a fresh
 * thread carries on with the rest of the record (`runPageJob`).
 * A thread runs one job at a time and opens the document afresh for each job. A thread that
 * finished cleanly waits a while for the next job: starting one costs ~0.4 s (module load,
 * then pdf.js's code getting optimized over the first pages), which is paid again for every
 * document of a case otherwise; the app also warms threads ahead of the first record
 * (`prewarmPdfWorkers`). A cancelled or failed job terminates its thread: that is the only
 * cancellation that also stops a page stuck in a pathological content stream.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DocumentTextError, type TextErrorCode } from './text-errors';

const require = createRequire(import.meta.url);

/** Resource folders pdf.js reads fonts, CMaps and decoders from: local files, never the network. */
export interface PdfAssets {
  standardFontDataUrl: string;
  cMapUrl: string;
  wasmUrl: string;
  iccUrl: string;
}

let assets: PdfAssets | undefined;

export function pdfAssets(): PdfAssets {
  if (assets) return assets;
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  // pdf.js concatenates file names onto these, so each needs its trailing separator.
  const dir = (name: string) => path.join(root, name) + path.sep;
  assets = { standardFontDataUrl: dir('standard_fonts'), cMapUrl: dir('cmaps'), wasmUrl: dir('wasm'), iccUrl: dir('iccs') };
  return assets;
}

/** Where the worker script lives; a bundled build can point this at its copied file. */
export const defaultWorkerUrl = new URL('./pdf-text.worker.mjs', import.meta.url);

/** A thread that read a record is ended after this long without a job, giving its memory back. */
const IDLE_MS = 60_000;
let idleMs = IDLE_MS;

interface Parked {
  worker: Worker;
  /** Absent for a warm thread, which has only ever read the bundled sample records. */
  timer?: NodeJS.Timeout;
}

const idle = new Map<string, Parked[]>();
/** Sample records for warming threads, once `prewarmPdfWorkers` has been called. */
let warmUp: { samples: Uint8Array[]; passes: number } | undefined;
const warming = new Map<string, number>();

/**
 * Threads one record's extraction is shared by: pdf.js text extraction is CPU-bound and
 * single-threaded, and each thread holds its own pdf.js (~70 MB), hence the cap.
 */
export function extractionThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Each thread's V8 heap is capped, so a page whose parsing builds millions of objects ends that
 * thread (ERR_WORKER_OUT_OF_MEMORY), not the app. Buffers outside the heap (decoded streams,
 * images) are bounded by pdf.js's maxImageSize and, for the whole process, by the RSS ceiling.
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 };

function spawnWorker(url: URL): Worker {
  // No inherited execArgv: the worker is plain JS, and a dev loader such as tsx would
  // otherwise re-transform pdf.js's 3.5 MB of modules on every start (~1 s).
  return new Worker(url, { execArgv: [], resourceLimits: THREAD_LIMITS });
}

function acquireWorker(url: URL): Worker {
  const list = idle.get(url.href) ?? [];
  for (let spare = list.pop(); spare; spare = list.pop()) {
    clearTimeout(spare.timer);
    // threadId is -1 once a thread has stopped, e.g. it crashed while parked.
    if (spare.worker.threadId === -1) continue;
    spare.worker.ref();
    return spare.worker;
  }
  return spawnWorker(url);
}

/** Parks a thread whose job completed; more idle threads than cores are not worth their memory. */
function releaseWorker(url: URL, worker: Worker, warm: boolean): void {
  const list = idle.get(url.href) ?? [];
  idle.set(url.href, list);
  if (list.length >= availableParallelism()) {
    void worker.terminate();
    return;
  }
  // Unreferenced: an idle thread never keeps the process (a script, a test run) alive.
  worker.unref();
  const entry: Parked = { worker };
  if (!warm) {
    entry.timer = setTimeout(() => {
      list.splice(list.indexOf(entry), 1);
      void worker.terminate();
      // A thread that read a record is replaced by a fresh one warmed on samples only.
      if (warmUp) void topUpWarmThreads(url);
    }, idleMs).unref();
  }
  list.push(entry);
}

/**
 * Starts the extraction threads before the reviewer opens a record and runs the sample
 * records through each, so the first record of the day reads at full speed: a new thread
 * spends ~0.4 s loading pdf.js and getting its hot code optimized, a fifth of a 1,000-page
 * record's read (bench/text-index.bench.ts). Warm threads stay parked until
 * `retirePdfWorkers`; a thread that has read a record is still ended after IDLE_MS and, from
 * then on, replaced by a freshly warmed one, so no parked thread keeps record text in memory.
 */
export async function prewarmPdfWorkers(
  samples: Uint8Array[],
  opts: { passes?: number; workerUrl?: URL; /** Lower only in tests. */ idleMs?: number } = {},
): Promise<void> {
  warmUp = { samples: samples.map((s) => new Uint8Array(s)), passes: Math.max(1, opts.passes ?? 1) };
  idleMs = opts.idleMs ?? IDLE_MS;
  await topUpWarmThreads(opts.workerUrl ?? defaultWorkerUrl);
}

async function topUpWarmThreads(url: URL): Promise<void> {
  const plan = warmUp;
  if (!plan) return;
  const parkedWarm = (idle.get(url.href) ?? []).filter((p) => !p.timer).length;
  const missing = extractionThreads() - parkedWarm - (warming.get(url.href) ?? 0);
  await Promise.all(
    Array.from({ length: Math.max(0, missing) }, async () => {
      warming.set(url.href, (warming.get(url.href) ?? 0) + 1);
      const worker = spawnWorker(url);
      try {
        for (let pass = 0; pass < plan.passes; pass++) {
          for (const sample of plan.samples) await runOnce(worker, sample, { op: 'extract', ...pageSlots() }, DEFAULT_LIMITS, () => undefined);
        }
        if (warmUp === plan) releaseWorker(url, worker, true);
        else void worker.terminate();
      } catch {
        // A sample that fails to read only means a slower first record, never an error to show.
      } finally {
        warming.set(url.href, (warming.get(url.href) ?? 1) - 1);
      }
    }),
  );
}

/** How many threads are parked, warm (samples only) or having read a record, and being warmed. */
export function pdfWorkerPool(workerUrl: URL = defaultWorkerUrl): { warm: number; used: number; warming: number } {
  const list = idle.get(workerUrl.href) ?? [];
  const warm = list.filter((p) => !p.timer).length;
  return { warm, used: list.length - warm, warming: warming.get(workerUrl.href) ?? 0 };
}

/** Ends every parked thread and stops keeping warm ones (tests, benchmarks, shutdown). */
export async function retirePdfWorkers(): Promise<void> {
  warmUp = undefined;
  idleMs = IDLE_MS;
  const parked = [...idle.values()].flat();
  idle.clear();
  await Promise.all(
    parked.map((p) => {
      clearTimeout(p.timer);
      return p.worker.terminate();
    }),
  );
}


/** Limits one record's reading runs under; the defaults are what the app uses. */
export interface PdfLimits {
  /** Longest one page may take to open, read or render. */
  pageMs: number;
  /** Longest the whole job may take, opening the file included. */
  documentMs: number;
  /** Resident memory of the whole process above which the job's threads are stopped. */
  maxRssBytes: number;
  /** Images with more pixels are not decoded (pdf.js maxImageSize). */
  maxImagePixels: number;
  /** Page images handed to OCR are scaled down to at most this many pixels. */
  maxOcrPixels: number;
  /** A page with more text than this is refused rather than held in memory. */
  maxPageChars: number;
  maxPageItems: number;
}

export const DEFAULT_LIMITS: PdfLimits = {
  pageMs: 20_000,
  documentMs: 10 * 60_000,
  maxRssBytes: 1.5 * 1024 ** 3,
  // A letter page scanned at 600 dpi is 34 Mpx; a 1 MB file can declare 1,600 Mpx.
  maxImagePixels: 40_000_000,
  // About four letter pages at 300 dpi: enough for any real page, and Tesseract's memory
  // grows with the image.
  maxOcrPixels: 36_000_000,
  // A dense letter page holds ~6,000 characters; a hundred pages' worth on one is not a record.
  maxPageChars: 500_000,
  maxPageItems: 100_000,
};

/** Why a page was not read, as the reviewer is told. */
export type PageProblemCode = 'damaged' | 'too-much-text' | 'image-too-large' | 'page-time' | 'memory' | 'document-time';

export const PAGE_PROBLEMS: Record<PageProblemCode, string> = {
  damaged: 'This page could not be read; the file may be damaged.',
  'too-much-text': 'This page holds far more text than a record page can; read the page image.',
  'image-too-large': 'An image on this page is larger than the workbench reads; read the page image.',
  'page-time': 'Reading this page took too long, so it was stopped; read the page image.',
  memory: 'Reading this page needed more memory than the workbench allows; read the page image.',
  'document-time': 'Not read: the whole document took too long to read; read the page images.',
};

export interface PageProblem {
  page: number;
  code: PageProblemCode;
  reason: string;
}

export type PageJob = { op: 'check' } | { op: 'extract' } | { op: 'ocr-images'; dpi: number; credit: SharedArrayBuffer };

export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

export interface PageJobOptions {
  /** Threads sharing the pages (each opens the document). */
  threads?: number;
  /** 1-based pages to work on, in this order; every page when absent. */
  pages?: number[];
  /** Each page-level message: 'pages', 'checked', 'image' (failures go to onProblem). */
  onMessage: (msg: WorkerMessage) => void;
  onOpened?: (numPages: number) => void;
  onProblem?: (p: PageProblem) => void;
  signal?: AbortSignal;
  workerUrl?: URL;
  limits?: Partial<PdfLimits>;
}

export interface PageJobResult {
  numPages: number;
  problems: PageProblem[];
}

/** The slots a job's threads share with this side: the page counter and the page in progress. */
function pageSlots(): { nextPage: SharedArrayBuffer; status: SharedArrayBuffer } {
  return { nextPage: new SharedArrayBuffer(4), status: new SharedArrayBuffer(4) };
}

/** Pages a worker message accounts for. */
function pagesIn(msg: WorkerMessage): number[] {
  if (msg.type === 'pages') return (msg.pages as { page: number }[]).map((p) => p.page);
  if (msg.type === 'checked') return msg.pages as number[];
  if (msg.type === 'image') return [(msg.image as { page: number }).page];
  if (msg.type === 'page-failed') return [Number(msg.page)];
  return [];
}

type Stop = 'page-time' | 'memory' | 'document-time' | 'crash' | 'cancelled';

interface Running {
  status: Int32Array;
  page: number;
  since: number;
  /** `shared`: other threads of the job were busy too, so the page is not to blame yet. */
  stop: (why: Stop, shared?: boolean) => void;
}

/**
 * Runs `job` over a record's pages under `limits`. Pages are shared by `threads` threads; a
 * thread stopped on a page (too slow, out of heap, process over its memory ceiling) has that
 * page reported as a problem and is replaced, and pages it had read but not yet sent are read
 * again. When the ceiling is hit with several threads busy, the pages they were on are read
 * again one at a time, so only the page that needs the memory is blamed. Resolves with the
 * problems; rejects with a DocumentTextError when the file itself cannot be opened (or opening
 * it broke a limit), or on cancel.
 */
export async function runPageJob(bytes: Uint8Array, job: PageJob, opts: PageJobOptions): Promise<PageJobResult> {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const url = opts.workerUrl ?? defaultWorkerUrl;
  const started = Date.now();
  const done = new Set<number>();
  const problems = new Map<number, PageProblem>();
  let numPages = -1;
  let documentTimeUp = false;
  const running = new Set<Running>();

  const problem = (page: number, code: PageProblemCode) => {
    if (done.has(page)) return;
    done.add(page);
    const p = { page, code, reason: PAGE_PROBLEMS[code] };
    problems.set(page, p);
    opts.onProblem?.(p);
  };
  const onMessage = (msg: WorkerMessage) => {
    if (msg.type === 'opened') {
      if (numPages < 0) {
        numPages = Number(msg.numPages);
        opts.onOpened?.(numPages);
      }
      return;
    }
    if (msg.type === 'page-failed') {
      problem(Number(msg.page), (msg.code as PageProblemCode) in PAGE_PROBLEMS ? (msg.code as PageProblemCode) : 'damaged');
      return;
    }
    const fresh = pagesIn(msg).filter((p) => !done.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) done.add(p);
    // A page read twice (its thread was stopped before it was sent) is passed on once.
    if (msg.type === 'pages') opts.onMessage({ ...msg, pages: (msg.pages as { page: number }[]).filter((p) => fresh.includes(p.page)) });
    else if (msg.type === 'checked') opts.onMessage({ ...msg, pages: fresh });
    else opts.onMessage(msg);
  };

  const watchdog = setInterval(() => {
    const now = Date.now();
    if (now - started > limits.documentMs) {
      documentTimeUp = true;
      for (const r of running) r.stop('document-time');
      return;
    }
    if (process.memoryUsage.rss() > limits.maxRssBytes) {
      const shared = running.size > 1;
      for (const r of [...running]) r.stop('memory', shared);
      return;
    }
    for (const r of running) {
      const page = Atomics.load(r.status, 0);
      if (page !== r.page) {
        r.page = page;
        r.since = now;
      } else if (page > 0 && now - r.since > limits.pageMs) r.stop('page-time');
    }
  }, 100);
  const stopAll = (why: Stop) => {
    for (const r of [...running]) r.stop(why);
  };
  const onAbort = () => stopAll('cancelled');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  /** One pass over `pages` (or all) with `threads` threads; `alone` when nobody else runs. */
  const pass = async (pages: number[] | undefined, threads: number) => {
    const slots = { nextPage: new SharedArrayBuffer(4) };
    const length = () => (pages ? pages.length : numPages);
    const thread = async (): Promise<void> => {
      for (;;) {
        if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
        const status = new SharedArrayBuffer(4);
        const worker = acquireWorker(url);
        const r: Running = { status: new Int32Array(status), page: -1, since: Date.now(), stop: () => undefined };
        Atomics.store(r.status, 0, -1);
        running.add(r);
        let outcome: { stopped?: Stop; shared?: boolean; page: number };
        try {
          outcome = await runOnce(worker, bytes, { ...job, ...slots, status, ...(pages ? { pages } : {}) }, limits, onMessage, r);
        } finally {
          running.delete(r);
        }
        if (!outcome.stopped) {
          releaseWorker(url, worker, false);
          return;
        }
        const { stopped, shared, page } = outcome;
        if (stopped === 'cancelled') throw new DocumentTextError('cancelled');
        if (stopped === 'document-time') return;
        if (page <= 0 && numPages < 0) throw new DocumentTextError('too-complex', stopped);
        if (page > 0) {
          // Over the ceiling with siblings busy: the page is read again alone, not blamed yet.
          if (!shared) problem(page, stopped === 'crash' ? 'damaged' : stopped);
        }
        if (Atomics.load(new Int32Array(slots.nextPage), 0) >= length()) return;
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, threads) }, () =>
        thread().catch((err: unknown) => {
          // One thread that cannot go on (the file cannot be opened, cancel) stops its siblings.
          stopAll('cancelled');
          throw err;
        }),
      ),
    );
  };

  try {
    await pass(opts.pages, opts.threads ?? 1);
    const wanted = () => (opts.pages ? [...new Set(opts.pages)] : Array.from({ length: Math.max(0, numPages) }, (_, i) => i + 1)).filter((p) => p <= numPages && !done.has(p));
    // Pages a stopped thread had read but not sent, and pages set aside at the ceiling: again,
    // one thread, so a stop now blames the one page it was on.
    for (let left = wanted(); left.length > 0; left = wanted()) {
      if (documentTimeUp || Date.now() - started > limits.documentMs) {
        for (const p of left) problem(p, 'document-time');
        break;
      }
      const before = done.size;
      await pass(left, 1);
      if (done.size === before) for (const p of left) problem(p, 'damaged');
    }
  } finally {
    clearInterval(watchdog);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  return { numPages: Math.max(0, numPages), problems: [...problems.values()].sort((a, b) => a.page - b.page) };
}

/**
 * Runs one job on `worker`. Resolves with how it ended: normally, or stopped by `control`
 * (a limit or cancel) or by the thread dying, with the page it was on; rejects with a
 * DocumentTextError when the document cannot be opened. A stopped thread is terminated.
 */
function runOnce(
  worker: Worker,
  data: Uint8Array,
  job: Record<string, unknown>,
  limits: PdfLimits,
  onMessage: (msg: WorkerMessage) => void,
  control?: Running,
): Promise<{ stopped?: Stop; shared?: boolean; page: number }> {
  const status = new Int32Array(job.status as SharedArrayBuffer);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (result: { stopped?: Stop; shared?: boolean } | DocumentTextError) => {
      if (settled) return;
      settled = true;
      worker.off('message', onWorkerMessage);
      worker.off('error', onWorkerError);
      worker.off('exit', onWorkerExit);
      if (control) control.stop = () => undefined;
      if (result instanceof DocumentTextError || result.stopped) void worker.terminate();
      if (result instanceof DocumentTextError) reject(result);
      else resolve({ ...result, page: Atomics.load(status, 0) });
    };
    if (control) control.stop = (why, shared) => finish({ stopped: why, shared });
    const onWorkerMessage = (msg: WorkerMessage) => {
      if (settled) return;
      if (msg.type === 'error') {
        finish(new DocumentTextError(msg.code as TextErrorCode, String(msg.detail ?? '')));
      } else if (msg.type === 'done') {
        finish({});
      } else {
        try {
          onMessage(msg);
        } catch (err) {
          finish(new DocumentTextError('internal', err instanceof Error ? err.message : String(err)));
        }
      }
    };
    const onWorkerError = (err: Error & { code?: string }) => finish({ stopped: err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash' });
    const onWorkerExit = () => finish({ stopped: 'crash' });
    worker.on('message', onWorkerMessage);
    worker.on('error', onWorkerError);
    worker.on('exit', onWorkerExit);
    const copy = new Uint8Array(data);
    const { pageMs: _p, documentMs: _d, maxRssBytes: _r, ...workerLimits } = limits;
    worker.postMessage({ ...job, data: copy, assets: pdfAssets(), limits: workerLimits }, [copy.buffer]);
  });
}
