/**
 * Why a PDF's text could not be read, as a typed error whose message can be shown to the
 * reviewer verbatim (no stack traces, no file contents).
 */
export type TextErrorCode = 'not-pdf' | 'encrypted' | 'corrupt' | 'no-pages' | 'too-complex' | 'cancelled' | 'internal';

const MESSAGES: Record<TextErrorCode, string> = {
  'not-pdf': 'This file is not a PDF.',
  encrypted: 'This PDF is password-protected. Ask the provider for an unprotected copy.',
  corrupt: 'This PDF is damaged and could not be read. Ask the provider to send it again.',
  'no-pages': 'This PDF has no pages.',
  'too-complex': 'This PDF needs more time or memory to open than the workbench allows for one record. Ask the provider for a simpler copy (for example, printed again to PDF).',
  cancelled: 'Reading the document was cancelled.',
  internal: 'The document could not be read because of an internal error.',
};

export class DocumentTextError extends Error {
  override readonly name = 'DocumentTextError';
  constructor(
    readonly code: TextErrorCode,
    /** Technical cause for logs (an exception name), never page text. */
    readonly detail?: string,
  ) {
    super(MESSAGES[code]);
  }
}

export function isDocumentTextError(err: unknown, code?: TextErrorCode): err is DocumentTextError {
  return err instanceof DocumentTextError && (code === undefined || err.code === code);
}
