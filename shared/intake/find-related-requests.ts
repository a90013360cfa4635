/**
 * Sequential, similar or duplicate requests (Preface, "Sequential, Similar, or Duplicate Requests"):
 * earlier requests of the same member for the same code, or for a code of the same family
 * (rules/code-families.json), within a window of days. The Preface then asks for the effect of
 * the previously authorized service, or documentation that it was not performed; which of the two
 * depends on the earlier outcome, so each match carries it.
 */
import { z } from 'zod';
import type { CaseFile } from '../case/schema';
import { APPROVING_OUTCOMES } from '../determination/schema';
import { latestRevision } from '../determination/sign-and-amend';

const Source = z.strictObject({ file: z.string().min(1), section: z.string().min(1), note: z.string().optional() });

export const CodeFamilies = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().min(1),
    window: z.strictObject({ defaultDays: z.number().int().min(1).max(3650), source: Source }),
    families: z.array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]+$/),
        label: z.string().min(1),
        guidelineId: z.string().optional(),
        codes: z.array(z.string().regex(/^(\d{5}|\d{4}[TU]|[A-V]\d{4})$/)).min(1),
        source: Source,
      }),
    ),
  })
  .superRefine((f, ctx) => {
    const owner = new Map<string, string>();
    for (const fam of f.families) {
      for (const code of fam.codes) {
        const prev = owner.get(code);
        // A code in two families would make "same family" ambiguous.
        if (prev) ctx.addIssue({ code: 'custom', path: ['families'], message: `${code} is in both ${prev} and ${fam.id}` });
        owner.set(code, fam.id);
      }
    }
  });
export type CodeFamilies = z.infer<typeof CodeFamilies>;

export const RelatedOutcome = z.enum(['approved', 'partially-approved', 'denied', 'withdrawn', 'pending', 'in-review', 'pending-info']);
export type RelatedOutcome = z.infer<typeof RelatedOutcome>;

/** One earlier request as the search sees it: a case in the store, or a prior request listed on a case. */
export interface EarlierRequest {
  /** Case id in this store, when the earlier request is a case here. */
  caseId?: string;
  memberId: string;
  codes: string[];
  /** The date the window is measured on: date of service (or decision date for listed prior requests). */
  date: string;
  outcome: RelatedOutcome;
  /** Whether an authorized service was performed, when known. */
  performed?: boolean;
  /** Where it came from: 'case' (a case in this store) or 'listed' (on a request's priorRequests). */
  origin: 'case' | 'listed';
}

export const RelatedRequest = z.object({
  caseId: z.string().optional(),
  origin: z.enum(['case', 'listed']),
  date: z.string(),
  daysBefore: z.number().int(),
  codes: z.array(z.string()),
  outcome: RelatedOutcome,
  performed: z.boolean().optional(),
  /** Each requested code that matched, how, and (for a family match) the family. */
  matches: z.array(
    z.object({ requested: z.string(), earlier: z.string(), kind: z.enum(['same-code', 'same-family']), familyId: z.string().optional(), familyLabel: z.string().optional() }),
  ),
  /** What the Preface asks for, given the earlier outcome. */
  asks: z.string(),
});
export type RelatedRequest = z.infer<typeof RelatedRequest>;

export interface RelatedQuery {
  memberId: string;
  codes: string[];
  /** The new request's date of service (YYYY-MM-DD): the window ends here. */
  date: string;
  /** Case to leave out (the case itself, when asked from its header). */
  excludeCaseId?: string;
  windowDays: number;
}

const DAY_MS = 86_400_000;

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function familyOf(families: CodeFamilies, code: string) {
  return families.families.find((f) => f.codes.includes(code));
}

function asksFor(outcome: RelatedOutcome, performed: boolean | undefined): string {
  if (outcome === 'approved' || outcome === 'partially-approved') {
    if (performed === false) return 'The earlier service was authorized but not performed: ask for documentation that it was not performed.';
    if (performed === true) return 'The earlier service was authorized and performed: ask for documentation of its effect.';
    return 'The earlier service was authorized: ask for documentation of its effect, or that it was not performed.';
  }
  if (outcome === 'denied') return 'The earlier request was denied: check what has changed since.';
  return 'The earlier request is not decided yet: this may be a duplicate.';
}

/**
 * Earlier requests of the member on the same or a same-family code whose date falls within
 * `windowDays` before the new request's date (inclusive) — or after it, which a duplicate
 * submitted for a later date also is. Most recent first.
 */
export function findRelatedRequests(query: RelatedQuery, earlier: EarlierRequest[], families: CodeFamilies): RelatedRequest[] {
  const target = dayNumber(query.date);
  const memberId = query.memberId.trim().toUpperCase();
  const out: RelatedRequest[] = [];
  for (const e of earlier) {
    if (e.memberId.trim().toUpperCase() !== memberId) continue;
    if (query.excludeCaseId && e.caseId === query.excludeCaseId) continue;
    const daysBefore = target - dayNumber(e.date);
    if (daysBefore > query.windowDays || daysBefore < -query.windowDays) continue;
    const matches: RelatedRequest['matches'] = [];
    for (const requested of query.codes) {
      for (const code of e.codes) {
        if (code === requested) {
          matches.push({ requested, earlier: code, kind: 'same-code' });
          continue;
        }
        const fam = familyOf(families, requested);
        if (fam && fam.codes.includes(code)) matches.push({ requested, earlier: code, kind: 'same-family', familyId: fam.id, familyLabel: fam.label });
      }
    }
    if (matches.length === 0) continue;
    out.push({
      ...(e.caseId ? { caseId: e.caseId } : {}),
      origin: e.origin,
      date: e.date.slice(0, 10),
      daysBefore,
      codes: e.codes,
      outcome: e.outcome,
      ...(e.performed !== undefined ? { performed: e.performed } : {}),
      matches,
      asks: asksFor(e.outcome, e.performed),
    });
  }
  return out.sort((a, b) => b.date.localeCompare(a.date));
}

/** The outcome of a case as the related-requests list shows it: its latest signed revision, else where the review stands. */
export function outcomeOfCase(c: Pick<CaseFile, 'status' | 'revisions'>): RelatedOutcome {
  const latest = latestRevision(c);
  if (!latest) return c.status === 'pending-info' ? 'pending-info' : c.status === 'new' ? 'pending' : 'in-review';
  const outcomes = latest.determinations.map((d) => d.outcome);
  if (outcomes.every((o) => o === 'approved')) return 'approved';
  if (outcomes.some((o) => APPROVING_OUTCOMES.has(o))) return 'partially-approved';
  if (outcomes.every((o) => o === 'redirected')) return 'withdrawn';
  if (outcomes.some((o) => o === 'pending-information')) return 'pending-info';
  return 'denied';
}

/** A case in the store and the prior requests listed on it, as earlier requests for the search. */
export function earlierRequestsOfCase(c: Pick<CaseFile, 'id' | 'status' | 'revisions' | 'request'>): EarlierRequest[] {
  const own: EarlierRequest = {
    caseId: c.id,
    memberId: c.request.member.id,
    codes: c.request.codes.map((x) => x.code),
    date: c.request.dateOfService ?? c.request.receivedAt.slice(0, 10),
    outcome: outcomeOfCase(c),
    origin: 'case',
  };
  const listed = c.request.priorRequests.map((p): EarlierRequest => ({
    ...(p.caseId ? { caseId: p.caseId } : {}),
    memberId: c.request.member.id,
    codes: p.codes,
    date: p.decidedOn,
    outcome: p.outcome,
    ...(p.performed !== undefined ? { performed: p.performed } : {}),
    origin: 'listed',
  }));
  return [own, ...listed];
}
