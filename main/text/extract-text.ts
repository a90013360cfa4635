/**
 * Extracts every page's text layer from a submitted PDF, page by page in worker threads.
 * Nothing is written here: record text is PHI, so the one cache is the text service's,
 * encrypted under the case folder (main/text/text-cache.ts).
 */
import type { DocumentText, PageFailure, PageText } from '../../shared/text/page-text';
import { sha256Hex } from '../documents/hash-document';
import { extractionThreads, runPdfWorker } from './pdf-worker';
import { DocumentTextError } from './text-errors';

export { DocumentTextError, isDocumentTextError, type TextErrorCode } from './text-errors';

/** Bump when PageText's shape or the extraction rules change: older caches are ignored. */
export const TEXT_FORMAT_VERSION = 1;

export interface ExtractTextOptions {
  /** Already known hash (documents are stored by it); computed when absent. */
  sha256?: string;
  signal?: AbortSignal;
  /** Called after each page, for a progress bar. */
  onProgress?: (pagesDone: number, numPages: number) => void;
  workerUrl?: URL;
  /**
   * Worker threads sharing the pages. pdf.js text extraction is CPU-bound and single-threaded,
   * so large records are split; small ones are not worth a second pdf.js start-up.
   */
  threads?: number;
}

const PARALLEL_FROM_BYTES = 1_000_000;

function defaultThreads(bytes: Uint8Array): number {
  return bytes.length >= PARALLEL_FROM_BYTES ? extractionThreads() : 1;
}

/** Cheap checks before spending a worker: pdf.js accepts junk before the header, we do not. */
function assertLooksLikePdf(bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.startsWith('%PDF-')) throw new DocumentTextError('not-pdf');
}

export async function extractText(bytes: Uint8Array, opts: ExtractTextOptions = {}): Promise<DocumentText> {
  assertLooksLikePdf(bytes);
  const sha256 = opts.sha256 ?? sha256Hex(bytes);
  const pages: PageText[] = [];
  const failures: PageFailure[] = [];
  let total = 0;
  const threads = Math.max(1, opts.threads ?? defaultThreads(bytes));
  // One failing thread (e.g. an encrypted file) stops its siblings too.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const onMessage = (msg: { type: string; [k: string]: unknown }) => {
    if (msg.type === 'opened') total = Number(msg.numPages);
    else if (msg.type === 'pages') pages.push(...(msg.pages as PageText[]));
    else if (msg.type === 'page-failed') failures.push({ page: Number(msg.page), reason: String(msg.message) });
    if (msg.type === 'pages' || msg.type === 'page-failed') opts.onProgress?.(pages.length + failures.length, total);
  };
  const nextPage = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  let numPages: number;
  try {
    const counts = await Promise.all(
      Array.from({ length: threads }, () =>
        runPdfWorker(bytes, { op: 'extract', nextPage }, onMessage, { signal: stop.signal, workerUrl: opts.workerUrl }).catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    );
    numPages = counts[0] ?? 0;
  } catch (err) {
    throw opts.signal?.aborted ? new DocumentTextError('cancelled') : err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  pages.sort((a, b) => a.page - b.page);
  failures.sort((a, b) => a.page - b.page);
  if (numPages === 0) throw new DocumentTextError('no-pages');
  if (pages.length === 0) throw new DocumentTextError('corrupt', 'no page could be read');
  const doc: DocumentText = { formatVersion: TEXT_FORMAT_VERSION, sha256, numPages, pages, failures };
  return doc;
}
