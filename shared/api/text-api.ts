/**
 * The record's text: extracted page by page in main (text layer, then OCR for scanned pages),
 * and what it powers: find across the case's documents (evidence suggestions are evidence-api.ts),
 * and the renderer's re-anchoring of marks and its invisible text layer over scanned pages.
 */
import { z } from 'zod';
import { PdfRect } from '../case/schema';
import { caseIdParam as caseId, sha256Param } from './common';

/** A text item as [start, length, x, y, w, h]: its string is text.slice(start, start + length). */
export const CompactItem = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]);
export type CompactItem = z.infer<typeof CompactItem>;

export const CompactPage = z.object({
  page: z.number().int().min(1),
  text: z.string(),
  source: z.enum(['text-layer', 'ocr']),
  hasTextLayer: z.boolean(),
  width: z.number(),
  height: z.number(),
  rotation: z.number(),
  viewBox: z.array(z.number()).optional(),
  items: z.array(CompactItem),
  ocrConfidence: z.number().optional(),
  unreadable: z.boolean().optional(),
});
export type CompactPage = z.infer<typeof CompactPage>;

export const PageFailureInfo = z.object({ page: z.number().int(), reason: z.string() });

/** 'awaiting-approval': a scan too long to start by itself; text.startOcr is the director's go. */
export const OcrState = z.enum(['idle', 'awaiting-approval', 'queued', 'running', 'done', 'cancelled', 'failed']);
export type OcrState = z.infer<typeof OcrState>;

export const DocumentTextStatus = z.object({
  docSha256: z.string(),
  state: z.enum(['pending', 'extracting', 'ready', 'failed']),
  /** Why the document could not be read (encrypted, not a PDF, damaged, no pages), for the reviewer. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  numPages: z.number().int().min(0),
  /** Pages pdf.js could not parse in an otherwise readable file. */
  failedPages: z.array(PageFailureInfo),
  /** Pages without a text layer that OCR has not read yet. */
  pagesNeedingOcr: z.array(z.number().int()),
  /** Pages OCR could not read: medical necessity cannot be established from them. */
  unreadablePages: z.array(z.number().int()),
  /** Why each unreadable page was not read (too faint, or a limit it went over). */
  unreadableReasons: z.array(PageFailureInfo).optional(),
  ocr: z.object({
    state: OcrState,
    pagesDone: z.number().int().min(0),
    pagesTotal: z.number().int().min(0),
    page: z.number().int().optional(),
    pageProgress: z.number().min(0).max(1).optional(),
    message: z.string().optional(),
    /** Seconds the pages still to read should take here, from the pages read so far. */
    estimatedSeconds: z.number().min(0).optional(),
  }),
  /** Bumps whenever the document's text changes (extraction, each OCR'd page): refetch then. */
  version: z.number().int().min(0),
});
export type DocumentTextStatus = z.infer<typeof DocumentTextStatus>;

export const DocumentTextPayload = z.object({
  docSha256: z.string(),
  numPages: z.number().int(),
  version: z.number().int(),
  pages: z.array(CompactPage),
  failures: z.array(PageFailureInfo),
});
export type DocumentTextPayload = z.infer<typeof DocumentTextPayload>;

export const FindHitInfo = z.object({
  textStart: z.number().int(),
  textEnd: z.number().int(),
  before: z.string(),
  match: z.string(),
  after: z.string(),
  rects: z.array(PdfRect),
});
export type FindHitInfo = z.infer<typeof FindHitInfo>;

export const FindResponse = z.object({
  total: z.number().int(),
  truncated: z.boolean(),
  documents: z.array(z.object({ docSha256: z.string(), pages: z.array(z.object({ page: z.number().int(), hits: z.array(FindHitInfo) })) })),
  /** Documents still being read (or unreadable): their hits are not in the list yet. */
  unsearched: z.array(z.string()),
});
export type FindResponse = z.infer<typeof FindResponse>;

const docParams = { caseId, docSha256: sha256Param };

export const textApi = {
  /** The document's page texts (extracting them on first request); OCR of scanned pages starts in the background. */
  'text.document': {
    request: z.strictObject(docParams),
    response: DocumentTextPayload,
  },
  /** Where reading each document of the case stands: extraction, OCR progress, failed and unreadable pages. */
  'text.status': {
    request: z.strictObject({ caseId }),
    response: z.object({ documents: z.array(DocumentTextStatus) }),
  },
  'text.startOcr': {
    request: z.strictObject(docParams),
    response: DocumentTextStatus,
  },
  'text.cancelOcr': {
    request: z.strictObject(docParams),
    response: DocumentTextStatus,
  },
  /** Find a phrase in one document or across all documents of the case. */
  'search.find': {
    request: z.strictObject({
      caseId,
      phrase: z.string().min(1).max(200),
      docSha256: sha256Param.optional(),
      maxHits: z.number().int().min(1).max(2000).default(500),
    }),
    response: FindResponse,
  },
} as const;
