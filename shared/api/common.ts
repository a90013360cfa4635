import { z } from 'zod';
import { isPrototypeKey } from '../validation/prototype-keys';

/** Pieces every part of the API table uses. */
export const caseIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a case id is letters, digits, - and _');
/** A criterion, mark or study id: whether it exists in the case is checked by the handler (main/api/known-ids.ts). */
export const idParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id is letters, digits, dots, - and _')
  .refine((s) => !isPrototypeKey(s), 'that is not an id of anything in a case');
/** The name of a measured fact (e.g. conservativeCareMonths), as the rule file defines it. */
export const factNameParam = z
  .string()
  .max(100)
  .regex(/^[a-z][A-Za-z0-9]*$/, 'a fact name is camelCase, e.g. conservativeCareMonths')
  .refine((s) => !isPrototypeKey(s), 'that is not the name of a fact');
export const sha256Param = z.string().regex(/^[a-f0-9]{64}$/, 'a document id is a SHA-256 in hex');
export const Ok = z.object({ ok: z.literal(true) });
