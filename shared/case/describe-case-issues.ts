/**
 * Every schema problem of a case file, each with where it is (a JSON path), what was expected and,
 * for a mistyped choice, the nearest allowed value: the CLI lists them all at once.
 */
import type { z } from 'zod';
import { nearestKnownId } from '../validation/nearest-id';

export interface CaseFileIssue {
  where: string;
  message: string;
  nearest?: string;
}

export type ZodIssueLike = { path: PropertyKey[]; message: string; code?: string; values?: unknown[]; input?: unknown; errors?: ZodIssueLike[][] };

/** `request.codes[0].units` from a zod issue path. */
export function jsonPathOf(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(root)';
}

/** A union reports at its own path; the branch that got furthest names the real problem (e.g. `.fact.threshold`). */
export function deepestIssue(issue: ZodIssueLike): ZodIssueLike {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  let best: ZodIssueLike | undefined;
  for (const branch of issue.errors) for (const sub of branch) {
    const d = deepestIssue(sub);
    if (!best || d.path.length > best.path.length) best = d;
  }
  return best && best.path.length > 0 ? { ...best, path: [...issue.path, ...best.path] } : issue;
}

/** The value at a path of the data that was checked (zod does not repeat it in its issues). */
function valueAt(data: unknown, p: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

export function describeCaseFileIssues(error: z.ZodError, data?: unknown): CaseFileIssue[] {
  return (error.issues as unknown as ZodIssueLike[]).map((raw) => {
    const i = deepestIssue(raw);
    const out: CaseFileIssue = { where: jsonPathOf(i.path), message: i.message };
    const input = i.input ?? valueAt(data, i.path);
    if (i.code === 'invalid_value' && typeof input === 'string' && i.values?.every((v) => typeof v === 'string')) {
      const nearest = nearestKnownId(input, i.values as string[]);
      if (nearest) {
        out.nearest = nearest;
        out.message += `; did you mean "${nearest}"?`;
      }
    }
    return out;
  });
}
