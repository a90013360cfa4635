import { z } from 'zod';

/** What went wrong, as a code the UI can act on and a sentence the reviewer can read. */
export const ErrorCode = z.enum([
  'invalid-request', // the payload did not match the contract; it never reached a service
  'not-found',
  'damaged', // a stored file could not be read; it is kept for recovery
  'conflict',
  'read-only', // the case is signed: amend it to change it
  'invalid-document', // not a PDF, encrypted, corrupt, zero pages
  'invalid-rules',
  'locked', // the session is locked (idle, or the passphrase is still needed): nothing with PHI answers
  'unavailable', // team mode: the database cannot be reached; nothing from this step was saved
  'not-permitted', // team mode: the login's role does not allow this (signing an adverse determination, reassigning)
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Where in the payload, for invalid requests: "caseId: expected string". */
  issues: z.array(z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by services; the dispatcher turns it into an ApiError with the same code. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly issues?: string[];
  constructor(code: ErrorCode, message: string, issues?: string[]) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    if (issues) this.issues = issues;
  }
}
