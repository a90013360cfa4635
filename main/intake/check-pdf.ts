/**
 * Is this file a PDF the reviewer can read? Checked before it is taken into a case: the bytes
 * begin as a PDF (after at most 1,024 bytes of junk, as readers accept), pdf.js opens it, it is
 * not password-protected, it has pages, and every page opens the way the viewer opens it, so a
 * page tree that loops or nests without end is caught here and not in the middle of a review.
 * The work runs in the pdf.js worker threads under the same limits as text extraction (no page
 * is rendered), so a hostile file costs a bounded time and never blocks the main process.
 */
import type { AttachmentProblem } from '../../shared/api/intake-api';
import { MAX_ATTACHMENT_BYTES } from '../../shared/api/intake-api';
import { pdfHeaderOffset } from '../text/extract-text';
import { extractionThreads, runPageJob, type PdfLimits } from '../text/pdf-worker';
import { isDocumentTextError } from '../text/text-errors';

export type PdfCheck = { ok: true; pageCount: number; note?: string } | { ok: false; problem: AttachmentProblem; message: string };

const MESSAGES: Record<AttachmentProblem, string> = {
  empty: 'The file is empty.',
  'too-large': 'The file is larger than 200 MB.',
  'not-pdf': 'This file is not a PDF (no "%PDF-" header in its first 1,024 bytes).',
  encrypted: 'This PDF is password-protected. Ask the provider for an unprotected copy.',
  corrupt: 'This PDF is damaged and could not be opened. Ask the provider to send it again.',
  'no-pages': 'This PDF has no pages.',
};

const fail = (problem: AttachmentProblem, message = MESSAGES[problem]): PdfCheck => ({ ok: false, problem, message });

/** Opening every page of a 20,000-page file takes pdf.js about half a minute; past this, the rest is checked as it is read. */
const CHECK_LIMITS: Partial<PdfLimits> = { documentMs: 60_000 };

const pageList = (pages: number[]) => `${pages.slice(0, 10).join(', ')}${pages.length > 10 ? ` and ${pages.length - 10} more` : ''}`;

export async function checkPdf(bytes: Uint8Array, opts: { limits?: Partial<PdfLimits>; workerUrl?: URL } = {}): Promise<PdfCheck> {
  if (bytes.length === 0) return fail('empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) return fail('too-large');
  if (pdfHeaderOffset(bytes) < 0) return fail('not-pdf');
  let result;
  try {
    result = await runPageJob(bytes, { op: 'check' }, {
      threads: bytes.length >= 1_000_000 ? extractionThreads() : 1,
      onMessage: () => undefined,
      limits: { ...CHECK_LIMITS, ...opts.limits },
      ...(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    });
  } catch (e) {
    if (isDocumentTextError(e, 'encrypted')) return fail('encrypted');
    if (isDocumentTextError(e, 'too-complex')) return fail('corrupt', 'This PDF needs more time or memory to open than the workbench allows. Ask the provider for a simpler copy (for example, printed again to PDF).');
    return fail('corrupt');
  }
  const { numPages, problems } = result;
  if (numPages === 0) return fail('no-pages');
  const unchecked = problems.filter((p) => p.code === 'document-time').map((p) => p.page);
  const broken = problems.filter((p) => p.code !== 'document-time').map((p) => p.page);
  if (broken.length > 0) {
    const which = broken.length === numPages ? (numPages === 1 ? 'its only page' : `all ${numPages} pages`) : `page ${pageList(broken)} of ${numPages}`;
    return fail('corrupt', `This PDF is damaged: ${which} cannot be opened (the file's structure is broken: a page tree that loops, or objects nested without end). Ask the provider to send it again.`);
  }
  return unchecked.length > 0
    ? { ok: true, pageCount: numPages, note: `${numPages - unchecked.length} of ${numPages} pages were checked in the time allowed; the rest are checked as they are read.` }
    : { ok: true, pageCount: numPages };
}
