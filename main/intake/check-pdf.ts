/**
 * Is this file a PDF the reviewer can read? Checked before it is taken into a case: the bytes
 * begin as a PDF, pdf.js opens it, it is not password-protected and it has pages. Only the
 * document's structure is parsed here (no page is rendered), so even a 500-page record is quick.
 */
import type { AttachmentProblem } from '../../shared/api/intake-api';
import { MAX_ATTACHMENT_BYTES } from '../../shared/api/intake-api';

export type PdfCheck = { ok: true; pageCount: number } | { ok: false; problem: AttachmentProblem; message: string };

const MESSAGES: Record<AttachmentProblem, string> = {
  empty: 'The file is empty.',
  'too-large': 'The file is larger than 200 MB.',
  'not-pdf': 'This file is not a PDF (its first bytes are not "%PDF-").',
  encrypted: 'This PDF is password-protected. Ask the provider for an unprotected copy.',
  corrupt: 'This PDF is damaged and could not be opened. Ask the provider to send it again.',
  'no-pages': 'This PDF has no pages.',
};

const fail = (problem: AttachmentProblem): PdfCheck => ({ ok: false, problem, message: MESSAGES[problem] });

export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  if (bytes.length === 0) return fail('empty');
  if (bytes.length > MAX_ATTACHMENT_BYTES) return fail('too-large');
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 5));
  if (header !== '%PDF-') return fail('not-pdf');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of the buffer it is given; the caller keeps its bytes to store.
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), enableXfa: false, verbosity: 0, stopAtErrors: false });
  try {
    const doc = await task.promise;
    return doc.numPages === 0 ? fail('no-pages') : { ok: true, pageCount: doc.numPages };
  } catch (e) {
    const name = (e as Error)?.name;
    return fail(name === 'PasswordException' ? 'encrypted' : 'corrupt');
  } finally {
    await task.destroy();
  }
}
