/**
 * Extracts every page's text layer from a submitted PDF, page by page in a worker thread,
 * and caches the result by the document's content hash: the same record imported into
 * two cases, or reopened tomorrow, is read once.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { DocumentText, PageFailure, PageText } from '../../shared/text/page-text';
import { runPdfWorker } from './pdf-worker';
import { DocumentTextError } from './text-errors';

export { DocumentTextError, isDocumentTextError, type TextErrorCode } from './text-errors';

/** Bump when PageText's shape or the extraction rules change: older caches are ignored. */
export const TEXT_FORMAT_VERSION = 1;

export interface ExtractTextOptions {
  /** Folder for `<sha256>.json`; no caching when absent. */
  cacheDir?: string;
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
  return bytes.length >= PARALLEL_FROM_BYTES ? Math.max(1, Math.min(4, availableParallelism())) : 1;
}

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function textCachePath(cacheDir: string, sha256: string): string {
  return path.join(cacheDir, `${sha256}.json`);
}

/** Cheap checks before spending a worker: pdf.js accepts junk before the header, we do not. */
function assertLooksLikePdf(bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.startsWith('%PDF-')) throw new DocumentTextError('not-pdf');
}

export async function extractText(bytes: Uint8Array, opts: ExtractTextOptions = {}): Promise<DocumentText> {
  assertLooksLikePdf(bytes);
  const sha256 = opts.sha256 ?? sha256Of(bytes);
  if (opts.cacheDir) {
    const cached = await readCachedText(opts.cacheDir, sha256);
    if (cached) return cached;
  }
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
  if (opts.cacheDir) await writeJsonAtomic(textCachePath(opts.cacheDir, sha256), doc);
  return doc;
}

export async function readCachedText(cacheDir: string, sha256: string): Promise<DocumentText | undefined> {
  try {
    const doc = JSON.parse(await readFile(textCachePath(cacheDir, sha256), 'utf8')) as DocumentText;
    return doc.formatVersion === TEXT_FORMAT_VERSION && doc.sha256 === sha256 ? doc : undefined;
  } catch {
    // Missing or half-written cache: extracting again is always safe.
    return undefined;
  }
}

/** Write-then-rename so a crash never leaves a truncated cache that parses as valid. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, file);
}
