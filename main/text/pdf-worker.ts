/**
 * Runs one job in a pdf.js worker thread and streams its messages back, so parsing a
 * 1,000-page record never blocks the Electron main process (menus, IPC, window paint).
 * A thread runs one job at a time and opens the document afresh for each job. A thread that
 * finished cleanly waits a while for the next job: starting one costs ~0.25 s (module load,
 * then pdf.js's code getting optimized over the first pages), which is paid again for every
 * document of a case otherwise. A cancelled or failed job terminates its thread: that is the
 * only cancellation that also stops a page stuck in a pathological content stream.
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

/** An idle thread is ended after this long without a job, giving its memory back. */
const IDLE_MS = 60_000;
const idle = new Map<string, { worker: Worker; timer: NodeJS.Timeout }[]>();

function acquireWorker(url: URL): Worker {
  const list = idle.get(url.href) ?? [];
  for (let spare = list.pop(); spare; spare = list.pop()) {
    clearTimeout(spare.timer);
    // threadId is -1 once a thread has stopped, e.g. it crashed while parked.
    if (spare.worker.threadId === -1) continue;
    spare.worker.ref();
    return spare.worker;
  }
  // No inherited execArgv: the worker is plain JS, and a dev loader such as tsx would
  // otherwise re-transform pdf.js's 3.5 MB of modules on every start (~1 s).
  return new Worker(url, { execArgv: [] });
}

/** Parks a thread whose job completed; more idle threads than cores are not worth their memory. */
function releaseWorker(url: URL, worker: Worker): void {
  const list = idle.get(url.href) ?? [];
  idle.set(url.href, list);
  if (list.length >= availableParallelism()) {
    void worker.terminate();
    return;
  }
  // Unreferenced: an idle thread never keeps the process (a script, a test run) alive.
  worker.unref();
  const entry = {
    worker,
    timer: setTimeout(() => {
      list.splice(list.indexOf(entry), 1);
      void worker.terminate();
    }, IDLE_MS).unref(),
  };
  list.push(entry);
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
export function runPdfWorker(
  data: Uint8Array,
  job: WorkerJob,
  onMessage: (msg: WorkerMessage) => void,
  opts: { signal?: AbortSignal; workerUrl?: URL } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new DocumentTextError('cancelled'));
    const url = opts.workerUrl ?? defaultWorkerUrl;
    const worker = acquireWorker(url);
    let settled = false;
    const finish = (err: DocumentTextError | undefined, numPages = 0) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onWorkerMessage);
      worker.off('error', onWorkerError);
      worker.off('exit', onWorkerExit);
      if (err) {
        void worker.terminate();
        reject(err);
      } else {
        releaseWorker(url, worker);
        resolve(numPages);
      }
    };
    const onAbort = () => finish(new DocumentTextError('cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
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
