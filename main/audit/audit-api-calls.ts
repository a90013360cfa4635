/**
 * Which API calls change a case, and the audit event each one appends: every change made
 * through the API is recorded in the case's hash-chained trail, by whom and when. Summaries
 * are short sentences without raw ids (the details keep the ids, and the Audit tab names what
 * they point at: shared/audit/audit-in-words.ts); never member details or record text.
 */
import type { ApiMethod } from '../../shared/api/contract';
import type { AuditEventInput } from '../../shared/audit/audit-event';
import { outcomesInWords, studyFieldsInWords } from '../../shared/audit/audit-in-words';
import { countOf } from '../../shared/text/count-of';
import { studyLabel } from '../../shared/imaging/reconcile-imaging';
import type { ImagingModality } from '../../shared/imaging/schema';

/** null: the call changed nothing (e.g. a cancelled export), so nothing is recorded. */
type Describe = (request: Record<string, unknown> & { caseId?: string }, response: Record<string, unknown>) => Pick<AuditEventInput, 'type' | 'summary' | 'details'> | null;

const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

type RevisionLike = { id?: unknown; number?: unknown; supersedes?: unknown; signer?: { name?: unknown; credentials?: unknown }; determinations?: Array<{ code?: unknown; outcome?: unknown }> };
/** The newest signed revision in a decision state's answer. */
const latestRevision = (res: Record<string, unknown>): RevisionLike =>
  ((res.revisions as RevisionLike[] | undefined) ?? []).reduce<RevisionLike>((a, r) => (Number(r.number) > Number(a.number ?? 0) ? r : a), {});
/** ["63650 cannot-establish", "63685 approved"]: codes and outcome ids, put in words by outcomesInWords. */
const outcomes = (ds: unknown) => (Array.isArray(ds) ? (ds as Array<{ code?: unknown; outcome?: unknown }>).map((d) => `${String(d.code)} ${String(d.outcome)}`) : []);

type MarkLike = { id?: unknown; docSha256?: unknown; page?: unknown };
/** Where a mark is, for the renderer to name the document: ids and the page, never its text. */
const markDetails = (m: MarkLike, markId?: unknown) => ({ markId: String(m.id ?? markId), docSha256: String(m.docSha256 ?? ''), page: Number(m.page ?? 0) });
const onPage = (m: MarkLike) => (Number(m.page) > 0 ? ` on page ${Number(m.page)}` : '');
type StudyLike = { id?: unknown; modality?: unknown; bodyRegion?: unknown; date?: unknown };
/** "MRI lumbar spine of March 3, 2026": modality, region and date, no member detail. */
const studyName = (s: StudyLike) => {
  try {
    return studyLabel({ modality: s.modality as ImagingModality, bodyRegion: String(s.bodyRegion ?? ''), ...(typeof s.date === 'string' ? { date: s.date } : {}) });
  } catch {
    return 'imaging study';
  }
};
/** The revision number an id like "demo-scs-trial-r2" names. */
const revisionNumberOf = (id: unknown) => /-r(\d+)$/.exec(String(id))?.[1];

export const AUDITED_CALLS: Partial<Record<ApiMethod, Describe>> = {
  'cases.create': (req, res) => {
    if (res.ok !== true) return null;
    const n = Array.isArray(req.attachments) ? req.attachments.length : 0;
    return { type: 'case-created', summary: `case created with ${countOf(n, 'record')}`, details: { attachments: n } };
  },
  'cases.addRecords': (_req, res) => {
    const added = (Array.isArray(res.added) ? res.added : []) as Array<{ sha256?: unknown; pageCount?: unknown }>;
    if (added.length === 0) return null;
    const pages = added.reduce((n, d) => n + Number(d.pageCount ?? 0), 0);
    return {
      type: 'document-added',
      summary: `${countOf(added.length, 'record')} added (${countOf(pages, 'page')})${res.signed === true ? ' to the signed case' : ''}`,
      details: { documents: added.map((d) => String(d.sha256)), pages },
    };
  },
  'marks.add': (req, res) => ({
    type: 'mark-added',
    summary: `mark${onPage(res)} linked to ${countOf(list(req.criterionIds).length, 'criterion', 'criteria')}`,
    details: { ...markDetails(res), criterionIds: list(req.criterionIds) },
  }),
  'marks.update': (req, res) => ({
    type: 'mark-changed',
    summary: `mark${onPage(res)} changed (${[req.criterionIds ? 'criteria' : '', req.note !== undefined ? 'note' : ''].filter(Boolean).join(', ')})`,
    details: { ...markDetails(res, req.markId), ...(req.criterionIds ? { criterionIds: list(req.criterionIds) } : {}) },
  }),
  'marks.remove': (req, res) => ({ type: 'mark-removed', summary: `mark${onPage(res)} removed`, details: markDetails(res, req.markId) }),
  'findings.set': (req) => {
    const facts = (req.facts ?? undefined) as Record<string, unknown> | undefined;
    const entered = facts ? Object.entries(facts).map(([name, v]) => `${name} ${String(v)}`) : [];
    return {
      type: 'finding-set',
      summary: `finding${req.status ? ` set to ${String(req.status)}` : ''}${entered.length ? ` (values: ${entered.join(', ')})` : facts ? ' (values cleared)' : ''}`,
      details: {
        criterionId: String(req.criterionId),
        ...(req.status ? { status: String(req.status) } : {}),
        ...(facts ? { facts: Object.keys(facts), values: Object.values(facts).map(String) } : {}),
        ...(req.factMarkIds ? { factMarks: Object.keys(req.factMarkIds as object) } : {}),
      },
    };
  },
  'indication.set': (req) => ({
    type: 'indication-set',
    summary: req.indicationId === null ? 'clinical indication cleared' : `clinical indication set to ${String(req.indicationId)}`,
    details: { indicationId: req.indicationId === null ? null : String(req.indicationId) },
  }),
  'checks.set': (req) => ({
    type: 'check-answered',
    summary: `check ${String(req.kind)}${req.code ? ` for ${String(req.code)}` : ''} ${req.answer === null ? 'cleared' : `answered ${String(req.answer)}`}${req.supportedUnits !== undefined ? ` (${Number(req.supportedUnits)} unit${Number(req.supportedUnits) === 1 ? '' : 's'} supported)` : ''}`,
    details: { kind: String(req.kind), ...(req.code ? { code: String(req.code) } : {}), answer: req.answer === null ? null : String(req.answer) },
  }),
  'imaging.add': (_req, res) => ({ type: 'imaging-changed', summary: `imaging study ${studyName(res)} recorded`, details: { studyId: String(res.id), label: studyName(res), action: 'added' } }),
  'imaging.update': (req, res) => {
    const fields = Object.keys((req.change ?? {}) as object);
    return {
      type: 'imaging-changed',
      summary: `${studyName(res)}: ${studyFieldsInWords(fields)} changed`,
      details: { studyId: String(req.studyId), label: studyName(res), action: 'changed', fields },
    };
  },
  'imaging.remove': (req, res) => ({ type: 'imaging-changed', summary: `imaging study ${studyName(res)} removed`, details: { studyId: String(req.studyId), label: studyName(res), action: 'removed' } }),
  'decision.edit': (req) => ({
    type: 'determination-changed',
    summary: `determination draft saved: ${outcomesInWords(outcomes(req.determinations))}`,
    details: { outcomes: outcomes(req.determinations) },
  }),
  'decision.acknowledgeCms': () => ({ type: 'cms-policy-acknowledged', summary: 'CMS coverage policy confirmed as applied', details: {} }),
  'decision.sign': (_req, res) => {
    const rev = latestRevision(res);
    return {
      type: 'signed',
      summary: `revision ${String(rev.number)} signed by ${String(rev.signer?.name)}, ${String(rev.signer?.credentials)}: ${outcomesInWords(outcomes(rev.determinations))}`,
      details: { revisionId: String(rev.id), number: Number(rev.number), outcomes: outcomes(rev.determinations), ...(rev.supersedes ? { supersedes: String(rev.supersedes) } : {}) },
    };
  },
  'decision.amend': (_req, res) => {
    const amends = String((res.draft as { amends?: unknown } | null)?.amends);
    const n = revisionNumberOf(amends);
    return { type: 'amended', summary: `amendment opened; it will supersede ${n ? `revision ${n}` : 'the signed revision'} once signed`, details: { amends } };
  },
  'letter.export': (req, res) =>
    res.saved === true
      ? {
          type: 'letter-exported',
          summary: `letter of revision ${revisionNumberOf(req.revisionId) ?? String(req.revisionId)} exported`,
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
