import { z } from 'zod';

/** Pieces every part of the API table uses. */
export const caseIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a case id is letters, digits, - and _');
export const idParam = z.string().min(1).max(100);
export const sha256Param = z.string().regex(/^[a-f0-9]{64}$/, 'a document id is a SHA-256 in hex');
export const Ok = z.object({ ok: z.literal(true) });
