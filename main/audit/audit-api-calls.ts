/**
 * Which API calls change a case, and the audit event each one appends: every change made
 * through the API is recorded in the case's hash-chained trail, by whom and when. Summaries
 * carry ids and field names only, never member details or record text.
 */
import type { ApiMethod } from '../../shared/api/contract';
import type { AuditEventInput } from '../../shared/audit/audit-event';

/** null: the call changed nothing (e.g. a cancelled export), so nothing is recorded. */
type Describe = (request: Record<string, unknown> & { caseId?: string }, response: Record<string, unknown>) => Pick<AuditEventInput, 'type' | 'summary' | 'details'> | null;

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

type RevisionLike = { id?: unknown; number?: unknown; supersedes?: unknown; signer?: { name?: unknown; credentials?: unknown }; determinations?: Array<{ code?: unknown; outcome?: unknown }> };
/** The newest signed revision in a decision state's answer. */
const latestRevision = (res: Record<string, unknown>): RevisionLike =>
  ((res.revisions as RevisionLike[] | undefined) ?? []).reduce<RevisionLike>((a, r) => (Number(r.number) > Number(a.number ?? 0) ? r : a), {});
/** "63650 cannot-establish, 63685 approved": codes and outcome ids only. */
const outcomes = (ds: unknown) => (Array.isArray(ds) ? (ds as Array<{ code?: unknown; outcome?: unknown }>).map((d) => `${String(d.code)} ${String(d.outcome)}`) : []);

export const AUDITED_CALLS: Partial<Record<ApiMethod, Describe>> = {
  'cases.create': (req, res) =>
    res.ok === true
      ? { type: 'case-created', summary: `case created with ${Array.isArray(req.attachments) ? req.attachments.length : 0} record(s)`, details: { attachments: Array.isArray(req.attachments) ? req.attachments.length : 0 } }
      : null,
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
  'imaging.add': (_req, res) => ({ type: 'imaging-changed', summary: `imaging study ${String(res.id)} added`, details: { studyId: String(res.id), action: 'added' } }),
  'imaging.update': (req) => ({
    type: 'imaging-changed',
    summary: `imaging study ${String(req.studyId)} changed (${Object.keys((req.change ?? {}) as object).join(', ')})`,
    details: { studyId: String(req.studyId), action: 'changed', fields: Object.keys((req.change ?? {}) as object) },
  }),
  'imaging.remove': (req) => ({ type: 'imaging-changed', summary: `imaging study ${String(req.studyId)} removed`, details: { studyId: String(req.studyId), action: 'removed' } }),
  'decision.edit': (req) => ({
    type: 'determination-changed',
    summary: `determination draft saved: ${outcomes(req.determinations).join(', ')}`,
    details: { outcomes: outcomes(req.determinations) },
  }),
  'decision.acknowledgeCms': () => ({ type: 'cms-policy-acknowledged', summary: 'CMS coverage policy confirmed as applied', details: {} }),
  'decision.sign': (_req, res) => {
    const rev = latestRevision(res);
    return {
      type: 'signed',
      summary: `revision ${String(rev.id)} signed by ${String(rev.signer?.name)}, ${String(rev.signer?.credentials)}: ${outcomes(rev.determinations).join(', ')}`,
      details: { revisionId: String(rev.id), number: Number(rev.number), outcomes: outcomes(rev.determinations), ...(rev.supersedes ? { supersedes: String(rev.supersedes) } : {}) },
    };
  },
  'decision.amend': (_req, res) => {
    const amends = String((res.draft as { amends?: unknown } | null)?.amends);
    return { type: 'amended', summary: `amendment opened; it will supersede revision ${amends} once signed`, details: { amends } };
  },
  'cases.importFhir': (_req, res) => {
    const u = res.update as { changes?: string[]; documentsAdded?: number; resumed?: boolean } | undefined;
    if (res.kind !== 'update' || !u) return null;
    return {
      type: 'request-updated',
      summary: `request updated by the provider (PAS update): ${(u.changes ?? []).join(' ').slice(0, 400)}${u.resumed ? ' The request for information is answered.' : ''}`,
      details: { changes: (u.changes ?? []).length, documentsAdded: Number(u.documentsAdded ?? 0), resumed: Boolean(u.resumed) },
    };
  },
  'cases.saveFhirResponse': (req, res) =>
    res.saved === true
      ? { type: 'letter-exported', summary: `PAS response exported (outcome ${String(res.outcome ?? '?')})${req.informationRequestId ? ` for ${String(req.informationRequestId)}` : ''}`, details: { kind: 'pas-response', outcome: String(res.outcome ?? '') } }
      : null,
  'cases.addDocuments': (_req, res) =>
    Number(res.added) > 0
      ? { type: 'document-added', summary: `${String(res.added)} record(s) added${res.resumed ? '; the request for information is answered' : ''}`, details: { added: Number(res.added), resumed: Boolean(res.resumed) } }
      : null,
  'cases.fillGaps': (_req, res) => ({ type: 'request-edited', summary: `request completed: ${list(res.filled).join(', ')}`, details: { fields: list(res.filled), remaining: list(res.remaining) } }),
  'informationRequest.create': (_req, res) => {
    const r = res.request as { id?: string; respondBy?: string; items?: { loinc?: string }[] } | undefined;
    return {
      type: 'information-requested',
      summary: `information requested (${String(r?.id)}): ${(r?.items ?? []).map((i) => String(i.loinc)).join(', ')}; respond by ${String(r?.respondBy)}`,
      details: { requestId: String(r?.id), loinc: (r?.items ?? []).map((i) => String(i.loinc)), respondBy: String(r?.respondBy) },
    };
  },
  'informationRequest.markReceived': (req) => ({ type: 'information-received', summary: `information received for ${String(req.requestId)} (marked by the reviewer)`, details: { requestId: String(req.requestId), via: 'reviewer' } }),
  'letter.export': (req, res) =>
    res.saved === true
      ? {
          type: 'letter-exported',
          summary: `letter of revision ${String(req.revisionId)} exported (sha256 ${String(res.sha256).slice(0, 12)})`,
          details: { revisionId: String(req.revisionId), sha256: String(res.sha256) },
        }
      : null,
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
    const res = (response ?? {}) as Record<string, unknown>;
    // A call that makes a case names it in its answer rather than its request.
    const caseId = typeof req?.caseId === 'string' ? req.caseId : typeof res.caseId === 'string' ? res.caseId : undefined;
    if (!describe || !caseId) return;
    const event = describe(req, res);
    if (!event) return;
    await append(caseId, { at: now().toISOString(), actor: actor(), ...event });
  };
}
