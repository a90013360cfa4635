/**
 * Runs one job in the pdf.js worker thread and streams its messages back, so parsing a
 * 1,000-page record never blocks the Electron main process (menus, IPC, window paint).
 * One worker per job: pdf.js keeps per-document state, and terminating the thread is the
 * only cancellation that also stops a page stuck in a pathological content stream.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
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

export type WorkerJob =
  | { op: 'extract'; stride?: number; offset?: number }
  | { op: 'render'; pages: number[]; scale: number };

export interface WorkerMessage {
  type: string;
  [key: string]: unknown;
}

/**
 * Sends `data` (copied, so the caller keeps its buffer) to a fresh worker and calls
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
    // No inherited execArgv: the worker is plain JS, and a dev loader such as tsx would
    // otherwise re-transform pdf.js's 3.5 MB of modules on every start (~1 s).
    const worker = new Worker(opts.workerUrl ?? defaultWorkerUrl, { execArgv: [] });
    let settled = false;
    const finish = (err: DocumentTextError | undefined, numPages = 0) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (err) reject(err);
      else resolve(numPages);
    };
    const onAbort = () => finish(new DocumentTextError('cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage) => {
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
    });
    worker.on('error', (err) => finish(new DocumentTextError('internal', err.message)));
    worker.on('exit', (code) => finish(new DocumentTextError('internal', `worker exited with code ${code}`)));
    const copy = new Uint8Array(data);
    worker.postMessage({ ...job, data: copy, assets: pdfAssets() }, [copy.buffer]);
  });
}
