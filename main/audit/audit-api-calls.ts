/**
 * Which API calls change a case, and the audit event each one appends: every change made
 * through the API is recorded in the case's hash-chained trail, by whom and when. Summaries
 * carry ids and field names only, never member details or record text.
 */
import type { ApiMethod } from '../../shared/api/contract';
import type { AuditEventInput } from '../../shared/audit/audit-event';

type Describe = (request: Record<string, unknown> & { caseId?: string }, response: Record<string, unknown>) => Pick<AuditEventInput, 'type' | 'summary' | 'details'>;

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

export const AUDITED_CALLS: Partial<Record<ApiMethod, Describe>> = {
  'marks.add': (req, res) => ({
    type: 'mark-added',
    summary: `mark ${String(res.id)} linked to ${list(req.criterionIds).join(', ') || 'no criterion'}`,
    details: { markId: String(res.id), page: Number((req.anchor as { page?: number })?.page ?? 0), criterionIds: list(req.criterionIds) },
  }),
  'marks.update': (req) => ({
    type: 'mark-changed',
    summary: `mark ${String(req.markId)} changed (${[req.criterionIds ? 'criteria' : '', req.note !== undefined ? 'note' : ''].filter(Boolean).join(', ')})`,
    details: { markId: String(req.markId), ...(req.criterionIds ? { criterionIds: list(req.criterionIds) } : {}) },
  }),
  'marks.remove': (req) => ({ type: 'mark-removed', summary: `mark ${String(req.markId)} removed`, details: { markId: String(req.markId) } }),
  'findings.set': (req) => ({
    type: 'finding-set',
    summary: `finding on ${String(req.criterionId)}${req.status ? ` set to ${String(req.status)}` : ''}${req.facts ? ' (facts)' : ''}`,
    details: {
      criterionId: String(req.criterionId),
      ...(req.status ? { status: String(req.status) } : {}),
      ...(req.facts ? { facts: Object.keys(req.facts as object) } : {}),
    },
  }),
};

/** Appends the audit event for a successful call that changes a case; other calls pass. */
export function auditApiCall(
  append: (caseId: string, event: AuditEventInput) => Promise<unknown>,
  actor: () => string,
  now: () => Date = () => new Date(),
) {
  return async (method: ApiMethod, request: unknown, response: unknown): Promise<void> => {
    const describe = AUDITED_CALLS[method];
    const req = request as Record<string, unknown> & { caseId?: string };
    if (!describe || typeof req?.caseId !== 'string') return;
    await append(req.caseId, { at: now().toISOString(), actor: actor(), ...describe(req, (response ?? {}) as Record<string, unknown>) });
  };
}
