/**
 * Extracts every page's text layer from a submitted PDF, page by page in worker threads.
 * Nothing is written here: record text is PHI, so the one cache is the text service's,
 * encrypted under the case folder (main/text/text-cache.ts).
 */
import type { DocumentText, PageFailure, PageText } from '../../shared/text/page-text';
import { sha256Hex } from '../documents/hash-document';
import { extractionThreads, runPageJob, type PdfLimits } from './pdf-worker';
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
  /** Time and memory limits (main/text/pdf-worker.ts DEFAULT_LIMITS unless given). */
  limits?: Partial<PdfLimits>;
}

const PARALLEL_FROM_BYTES = 1_000_000;

function defaultThreads(bytes: Uint8Array): number {
  return bytes.length >= PARALLEL_FROM_BYTES ? extractionThreads() : 1;
}

/**
 * Where `%PDF-` starts, if within the first 1,024 bytes: readers (pdf.js, poppler, Acrobat)
 * accept a file whose header follows some junk, as some mail gateways and scanners write it.
 */
export function pdfHeaderOffset(bytes: Uint8Array): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024 + 5)).toString('latin1');
  const at = head.indexOf('%PDF-');
  return at >= 0 && at <= 1024 ? at : -1;
}

export async function extractText(bytes: Uint8Array, opts: ExtractTextOptions = {}): Promise<DocumentText> {
  if (pdfHeaderOffset(bytes) < 0) throw new DocumentTextError('not-pdf');
  const sha256 = opts.sha256 ?? sha256Hex(bytes);
  const pages: PageText[] = [];
  const failures: PageFailure[] = [];
  let total = 0;
  const progress = () => opts.onProgress?.(pages.length + failures.length, total);
  const { numPages, problems } = await runPageJob(bytes, { op: 'extract' }, {
    threads: Math.max(1, opts.threads ?? defaultThreads(bytes)),
    onOpened: (n) => (total = n),
    onMessage: (msg) => {
      if (msg.type !== 'pages') return;
      pages.push(...(msg.pages as PageText[]));
      progress();
    },
    onProblem: (p) => {
      failures.push({ page: p.page, reason: p.reason });
      progress();
    },
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  pages.sort((a, b) => a.page - b.page);
  failures.sort((a, b) => a.page - b.page);
  if (numPages === 0) throw new DocumentTextError('no-pages');
  // Every page damaged is a damaged file; pages stopped at a limit are reported one by one.
  if (pages.length === 0 && problems.every((p) => p.code === 'damaged')) throw new DocumentTextError('corrupt', 'no page could be read');
  return { formatVersion: TEXT_FORMAT_VERSION, sha256, numPages, pages, failures };
}
