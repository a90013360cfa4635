import type { z } from 'zod';

/** "request.codes.0.units: Too small: expected number to be >=1" — where and why, one line each. */
export function describeZodError(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}
