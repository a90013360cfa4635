/**
 * Runs one job in a pdf.js worker thread and streams its messages back, so parsing a
 * 1,000-page record never blocks the Electron main process (menus, IPC, window paint).
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
import { unpackedPath, unpackedUrl } from '../packaged-layout';

// Not `require`: electron-vite's ESM shim declares that name at the top of the bundle.
const requireFromHere = createRequire(import.meta.url);

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
  // The worker thread reads these files itself: in a package, from app.asar.unpacked.
  const root = unpackedPath(path.dirname(requireFromHere.resolve('pdfjs-dist/package.json')));
  // pdf.js concatenates file names onto these, so each needs its trailing separator.
  const dir = (name: string) => path.join(root, name) + path.sep;
  assets = { standardFontDataUrl: dir('standard_fonts'), cMapUrl: dir('cmaps'), wasmUrl: dir('wasm'), iccUrl: dir('iccs') };
  return assets;
}

/** Where the worker script lives: beside the bundle, in a package its unpacked copy (electron-builder.yml asarUnpack). */
export const defaultWorkerUrl = unpackedUrl(new URL('./pdf-text.worker.mjs', import.meta.url));

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

function spawnWorker(url: URL): Worker {
  // No inherited execArgv: the worker is plain JS, and a dev loader such as tsx would
  // otherwise re-transform pdf.js's 3.5 MB of modules on every start (~1 s).
  return new Worker(url, { execArgv: [] });
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
          for (const sample of plan.samples) await runJob(worker, sample, { op: 'extract' }, () => undefined);
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

export type WorkerJob =
  /** `nextPage`: an Int32 counter shared by all threads extracting the same record. */
  | { op: 'extract'; nextPage?: SharedArrayBuffer }
  | { op: 'render'; pages: number[]; scale: number };

export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

/**
 * Sends `data` (copied, so the caller keeps its buffer) to an idle or new worker and calls
 * `onMessage` for each page-level message. Resolves on 'done'; rejects with a
 * DocumentTextError when the document cannot be opened or the signal aborts.
 */
export async function runPdfWorker(
  data: Uint8Array,
  job: WorkerJob,
  onMessage: (msg: WorkerMessage) => void,
  opts: { signal?: AbortSignal; workerUrl?: URL } = {},
): Promise<number> {
  if (opts.signal?.aborted) throw new DocumentTextError('cancelled');
  const url = opts.workerUrl ?? defaultWorkerUrl;
  const worker = acquireWorker(url);
  const numPages = await runJob(worker, data, job, onMessage, opts.signal);
  releaseWorker(url, worker, false);
  return numPages;
}

/** Runs one job on `worker`; a failed or cancelled job terminates the thread. */
function runJob(worker: Worker, data: Uint8Array, job: WorkerJob, onMessage: (msg: WorkerMessage) => void, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: DocumentTextError | undefined, numPages = 0) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.off('message', onWorkerMessage);
      worker.off('error', onWorkerError);
      worker.off('exit', onWorkerExit);
      if (err) {
        void worker.terminate();
        reject(err);
      } else {
        resolve(numPages);
      }
    };
    const onAbort = () => finish(new DocumentTextError('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const onWorkerMessage = (msg: WorkerMessage) => {
      if (settled) return;
      if (msg.type === 'error') {
        finish(new DocumentTextError(msg.code as TextErrorCode, String(msg.detail ?? '')));
      } else if (msg.type === 'done') {
        finish(undefined, Number(msg.numPages));
      } else {
        try {
          onMessage(msg);
        } catch (err) {
          finish(new DocumentTextError('internal', err instanceof Error ? err.message : String(err)));
        }
      }
    };
    const onWorkerError = (err: Error) => finish(new DocumentTextError('internal', err.message));
    const onWorkerExit = (code: number) => finish(new DocumentTextError('internal', `worker exited with code ${code}`));
    worker.on('message', onWorkerMessage);
    worker.on('error', onWorkerError);
    worker.on('exit', onWorkerExit);
    const copy = new Uint8Array(data);
    worker.postMessage({ ...job, data: copy, assets: pdfAssets() }, [copy.buffer]);
  });
}
