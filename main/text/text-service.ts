/**
 * Reading a case's records for the reviewer: each document's text is extracted on first request
 * (in worker threads, so the main process stays responsive), cached under the case folder
 * through the store's cipher, and its scanned pages are recognized in the background with a
 * progress the renderer polls, an estimate and a cancel. OCR is queued by page: documents take
 * turns, OCR_CHUNK pages at a time (tesseract is CPU-bound and its engines are shared), so a
 * long scan does not hold up a three-page fax that arrived after it. A scan of more than
 * `ocrApprovalPages` pages waits for the director to start it, with the estimate shown.
 * Nothing here logs page text.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { DocumentTextStatus, OcrState } from '../../shared/api/text-api';
import { buildTextIndex, type TextIndex } from '../../shared/search/find-in-documents';
import type { DocumentText, PageText } from '../../shared/text/page-text';
import type { CaseStore } from '../store/case-store';
import { extractText } from './extract-text';
import { LOW_CONFIDENCE_REASON, ocrPages, pagesNeedingOcr, withOcrPages, type OcrProgress } from './ocr-pages';
import { openOcrCache, readCachedDocumentText, readCachedOcrPages, writeCachedDocumentText } from './text-cache';
import { isDocumentTextError } from './text-errors';

export interface TextServiceOptions {
  store: CaseStore;
  /** Where the pdf.js worker script is, when bundling moved it. */
  workerUrl?: URL;
  modelCacheDir?: string;
  ocrDpi?: number;
  /** Start OCR of scanned pages as soon as a document's text is read (default true). */
  autoOcr?: boolean;
  /** More scanned pages than this wait for the director's go (text.startOcr); default 500. */
  ocrApprovalPages?: number;
  /** Pages per second assumed for the first estimate, before any page has been timed here. */
  ocrPagesPerSecond?: number;
}

/** Pages one document reads before the next queued document gets its turn. */
export const OCR_CHUNK = 32;
export const OCR_APPROVAL_PAGES = 500;

interface OcrRun {
  state: OcrState;
  pagesDone: number;
  pagesTotal: number;
  page?: number;
  pageProgress?: number;
  message?: string;
  estimatedSeconds?: number;
}

interface Entry {
  caseId: string;
  sha256: string;
  state: DocumentTextStatus['state'];
  error?: { code: string; message: string };
  doc?: DocumentText;
  ocrPages: Map<number, PageText>;
  loading?: Promise<DocumentText>;
  ocr: OcrRun;
  abort?: AbortController;
  version: number;
}

export interface TextService {
  /**
   * The document's text with OCR'd pages in place, and the version those pages are (read together,
   * so a page recognized meanwhile is not counted as delivered). Extracts on first call. Throws invalid-document.
   */
  documentText(caseId: string, sha256: string): Promise<{ doc: DocumentText; version: number }>;
  status(caseId: string): Promise<DocumentTextStatus[]>;
  startOcr(caseId: string, sha256: string): Promise<DocumentTextStatus>;
  cancelOcr(caseId: string, sha256: string): Promise<DocumentTextStatus>;
  /** The case's readable documents as one search index, plus the ones that could not be included. */
  caseIndex(caseId: string, onlyDoc?: string): Promise<{ index: TextIndex; pages: Map<string, Map<number, PageText>>; unsearched: string[] }>;
  /** Resolves when no OCR job is queued or running (tests, shutdown). */
  idle(): Promise<void>;
}

export function createTextService(opts: TextServiceOptions): TextService {
  const { store } = opts;
  const dpi = opts.ocrDpi ?? 300;
  const entries = new Map<string, Entry>();
  const approvalPages = opts.ocrApprovalPages ?? OCR_APPROVAL_PAGES;
  // Measured as pages are read (moving average), so estimates follow this machine and its load.
  let pagesPerSecond = opts.ocrPagesPerSecond ?? 1;
  const estimate = (pages: number) => Math.ceil(pages / pagesPerSecond);
  const waiting: Entry[] = [];
  let draining: Promise<void> | undefined;
  const indexes = new Map<string, { key: string; index: TextIndex; pages: Map<string, Map<number, PageText>> }>();

  function entryOf(caseId: string, sha256: string): Entry {
    const key = `${caseId}/${sha256}`;
    let e = entries.get(key);
    if (!e) {
      e = { caseId, sha256, state: 'pending', ocrPages: new Map(), ocr: { state: 'idle', pagesDone: 0, pagesTotal: 0 }, version: 0 };
      entries.set(key, e);
    }
    return e;
  }

  async function assertDocumentOfCase(caseId: string, sha256: string): Promise<void> {
    const c = await store.getCase(caseId);
    if (!c.documents.some((d) => d.sha256 === sha256)) throw new WorkbenchError('not-found', 'That document is not part of this case.');
  }

  const merged = (e: Entry): DocumentText => withOcrPages(e.doc!, [...e.ocrPages.values()]);
  const remainingOcr = (e: Entry) => (e.doc ? pagesNeedingOcr(e.doc).filter((p) => !e.ocrPages.has(p)) : []);

  function statusOf(e: Entry): DocumentTextStatus {
    return {
      docSha256: e.sha256,
      state: e.state,
      ...(e.error ? { error: e.error } : {}),
      numPages: e.doc?.numPages ?? 0,
      failedPages: e.doc?.failures ?? [],
      pagesNeedingOcr: remainingOcr(e),
      unreadablePages: [...e.ocrPages.values()].filter((p) => p.unreadable).map((p) => p.page).sort((a, b) => a - b),
      unreadableReasons: [...e.ocrPages.values()]
        .filter((p) => p.unreadable)
        .sort((a, b) => a.page - b.page)
        .map((p) => ({ page: p.page, reason: p.unreadableReason ?? LOW_CONFIDENCE_REASON })),
      ocr: { ...e.ocr, ...(e.ocr.state === 'running' || e.ocr.state === 'queued' ? { estimatedSeconds: estimate(e.ocr.pagesTotal - e.ocr.pagesDone) } : {}) },
      version: e.version,
    };
  }

  async function load(e: Entry): Promise<DocumentText> {
    const caseDir = store.caseDir(e.caseId);
    const cached = await readCachedDocumentText(store.cipher, caseDir, e.sha256);
    let doc = cached;
    if (!doc) {
      const bytes = await store.readDocument(e.caseId, e.sha256);
      doc = await extractText(bytes, { sha256: e.sha256, ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}) });
      await writeCachedDocumentText(store.cipher, caseDir, doc);
    }
    for (const p of await readCachedOcrPages(store.cipher, caseDir, e.sha256, dpi)) e.ocrPages.set(p.page, p);
    return doc;
  }

  async function ensure(caseId: string, sha256: string): Promise<Entry> {
    const e = entryOf(caseId, sha256);
    if (e.state === 'ready') return e;
    if (e.state === 'failed') throw new WorkbenchError('invalid-document', e.error!.message);
    if (!e.loading) {
      await assertDocumentOfCase(caseId, sha256);
      e.state = 'extracting';
      e.loading = load(e);
    }
    try {
      const doc = await e.loading;
      // Several callers may await the same extraction; the first one through publishes it.
      if (!e.doc) {
        e.doc = doc;
        e.state = 'ready';
        e.version++;
        const todo = remainingOcr(e);
        if (todo.length === 0 && pagesNeedingOcr(doc).length > 0) e.ocr = { state: 'done', pagesDone: e.ocrPages.size, pagesTotal: e.ocrPages.size };
        else if (todo.length > 0 && opts.autoOcr !== false) queueOcr(e);
      }
      return e;
    } catch (err) {
      if (isDocumentTextError(err)) {
        e.state = 'failed';
        e.error = { code: err.code, message: err.message };
        e.loading = undefined;
        throw new WorkbenchError('invalid-document', err.message);
      }
      // Locked session, missing file, damaged envelope: not a property of the document; try again later.
      e.state = 'pending';
      e.loading = undefined;
      throw err;
    }
  }

  /** Queues the document's unread scanned pages; a long scan waits for `approved`. */
  function queueOcr(e: Entry, approved = false): void {
    if (e.ocr.state === 'queued' || e.ocr.state === 'running') return;
    const todo = remainingOcr(e);
    if (todo.length === 0) return;
    const counts = { pagesDone: e.ocrPages.size, pagesTotal: e.ocrPages.size + todo.length };
    if (!approved && todo.length > approvalPages) {
      e.ocr = { state: 'awaiting-approval', ...counts, estimatedSeconds: estimate(todo.length) };
      return;
    }
    e.abort = new AbortController();
    e.ocr = { state: 'queued', ...counts };
    waiting.push(e);
    draining ??= drain().finally(() => (draining = undefined));
  }

  /** Documents take turns, a chunk of pages each, until every queued one is read or stopped. */
  async function drain(): Promise<void> {
    for (let e = waiting.shift(); e; e = waiting.shift()) {
      if (await readChunk(e)) waiting.push(e);
    }
  }

  /** Reads the next OCR_CHUNK pages of `e`; true when pages remain and it should queue again. */
  async function readChunk(e: Entry): Promise<boolean> {
    const abort = e.abort;
    if (!abort || abort.signal.aborted) return false;
    const chunk = remainingOcr(e).slice(0, OCR_CHUNK);
    const already = e.ocrPages.size;
    const totalOf = () => e.ocrPages.size + remainingOcr(e).length;
    e.ocr = { state: 'running', pagesDone: already, pagesTotal: totalOf() };
    const started = Date.now();
    let cache: Awaited<ReturnType<typeof openOcrCache>> | undefined;
    try {
      const bytes = await store.readDocument(e.caseId, e.sha256);
      cache = await openOcrCache(store.cipher, store.caseDir(e.caseId), e.sha256, dpi);
      const writer = cache;
      const geometry = new Map(e.doc!.pages.map((p) => [p.page, p]));
      await ocrPages(bytes, {
        pages: chunk,
        dpi,
        signal: abort.signal,
        pageGeometry: (n) => geometry.get(n),
        ...(opts.modelCacheDir ? { modelCacheDir: opts.modelCacheDir } : {}),
        ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
        onProgress: (p: OcrProgress) => {
          if (abort.signal.aborted) return;
          e.ocr = { state: 'running', pagesDone: already + p.pagesDone, pagesTotal: totalOf(), ...(p.page ? { page: p.page } : {}), ...(p.pageProgress !== undefined ? { pageProgress: Math.min(1, Math.max(0, p.pageProgress)) } : {}) };
        },
        onPage: async (page) => {
          e.ocrPages.set(page.page, page);
          e.version++;
          // Each page is appended as it is read, so a cancel or a crash keeps the finished ones.
          await writer.append(page);
        },
      });
      const seconds = (Date.now() - started) / 1000;
      if (chunk.length >= 4 && seconds > 0) pagesPerSecond = 0.7 * pagesPerSecond + 0.3 * (chunk.length / seconds);
      const left = remainingOcr(e).length;
      if (left === 0 || abort.signal.aborted) {
        if (!abort.signal.aborted) e.ocr = { state: 'done', pagesDone: e.ocrPages.size, pagesTotal: e.ocrPages.size };
        if (e.abort === abort) e.abort = undefined;
        return false;
      }
      e.ocr = { state: waiting.length > 0 ? 'queued' : 'running', pagesDone: e.ocrPages.size, pagesTotal: totalOf() };
      return true;
    } catch (err) {
      const cancelled = abort.signal.aborted || isDocumentTextError(err, 'cancelled');
      e.ocr = {
        state: cancelled ? 'cancelled' : 'failed',
        pagesDone: e.ocrPages.size,
        pagesTotal: totalOf(),
        ...(cancelled ? {} : { message: 'Reading the scanned pages failed. Try again, or read the page images.' }),
      };
      if (e.abort === abort) e.abort = undefined;
      return false;
    } finally {
      await cache?.close().catch(() => undefined);
    }
  }

  return {
    async documentText(caseId, sha256) {
      const e = await ensure(caseId, sha256);
      return { doc: merged(e), version: e.version };
    },

    async status(caseId) {
      const c = await store.getCase(caseId);
      return c.documents.map((d) => statusOf(entryOf(caseId, d.sha256)));
    },

    async startOcr(caseId, sha256) {
      const e = await ensure(caseId, sha256);
      // The director's go: a scan too long to start by itself starts now.
      queueOcr(e, true);
      return statusOf(e);
    },

    async cancelOcr(caseId, sha256) {
      await assertDocumentOfCase(caseId, sha256);
      const e = entryOf(caseId, sha256);
      if (e.abort) {
        e.abort.abort();
        e.abort = undefined;
        const i = waiting.indexOf(e);
        if (i >= 0) waiting.splice(i, 1);
        e.ocr = { ...e.ocr, state: 'cancelled' };
      }
      return statusOf(e);
    },

    async caseIndex(caseId, onlyDoc) {
      const c = await store.getCase(caseId);
      const wanted = c.documents.filter((d) => !onlyDoc || d.sha256 === onlyDoc);
      const docs: DocumentText[] = [];
      const unsearched: string[] = [];
      for (const d of wanted) {
        try {
          docs.push(merged(await ensure(caseId, d.sha256)));
        } catch (err) {
          if (!(err instanceof WorkbenchError) || err.code !== 'invalid-document') throw err;
          unsearched.push(d.sha256);
        }
      }
      const key = `${onlyDoc ?? '*'}:${wanted.map((d) => `${d.sha256}@${entryOf(caseId, d.sha256).version}`).join(',')}`;
      const cacheKey = `${caseId}/${onlyDoc ?? '*'}`;
      const hit = indexes.get(cacheKey);
      if (hit && hit.key === key) return { index: hit.index, pages: hit.pages, unsearched };
      const index = buildTextIndex(docs.map((d) => ({ sha256: d.sha256, pages: d.pages })));
      const pages = new Map(docs.map((d) => [d.sha256, new Map(d.pages.map((p) => [p.page, p]))]));
      indexes.set(cacheKey, { key, index, pages });
      return { index, pages, unsearched };
    },

    async idle() {
      while (draining) await draining;
    },
  };
}
