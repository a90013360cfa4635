/**
 * What the audit trail says about each kind of change. Handlers hand one of these to the store
 * with the change itself (main/store/case-store-contract.ts), so a change and its event are
 * written together. Summaries are short sentences without raw ids; the details keep the ids,
 * and the Audit tab names what they point at (shared/audit/audit-in-words.ts). Never member
 * details or record text: the trail may be shown to auditors who must not see them.
 */
import type { CaseFile, Mark } from '../../shared/case/schema';
import type { SignedRevision } from '../../shared/determination/schema';
import type { ImagingStudy } from '../../shared/imaging/schema';
import { outcomesInWords, statusInWords, studyFieldsInWords } from '../../shared/audit/audit-in-words';
import { studyLabel } from '../../shared/imaging/reconcile-imaging';
import { countOf } from '../../shared/text/count-of';
import type { AuditDraft, ChangeRecord } from '../store/case-store-contract';

const MAX_SUMMARY = 500;
const MAX_LIST = 50;

/** Summaries are bounded by the event schema: a long list is cut with a count, never refused. */
function clip(summary: string): string {
  return summary.length <= MAX_SUMMARY ? summary : `${summary.slice(0, MAX_SUMMARY - 1)}…`;
}
const ids = (list: readonly string[]) => list.slice(0, MAX_LIST).map((s) => s.slice(0, 200));

/** ["63650 cannot-establish", "63685 approved"]: codes and outcome ids, put in words by outcomesInWords. */
const outcomes = (ds: readonly { code: string; outcome: string }[]) => ds.map((d) => `${d.code} ${d.outcome}`);

/** Where a mark is, for the Audit tab to name the document: ids and the page, never its text. */
const markDetails = (m: Pick<Mark, 'id' | 'docSha256' | 'page'>) => ({ markId: m.id, docSha256: m.docSha256, page: m.page });
const onPage = (m: Pick<Mark, 'page'>) => (m.page > 0 ? ` on page ${m.page}` : '');

export const auditEvents = {
  caseCreated(records: number, how = 'case created'): AuditDraft {
    return { type: 'case-created', summary: `${how} with ${countOf(records, 'record')}`, details: { attachments: records } };
  },
  recordsAdded(added: readonly { sha256: string; pageCount: number }[], toSignedCase: boolean, answeredRequest = false): AuditDraft {
    const pages = added.reduce((n, d) => n + d.pageCount, 0);
    return {
      type: 'document-added',
      summary: `${countOf(added.length, 'record')} added (${countOf(pages, 'page')})${toSignedCase ? ' to the signed case' : ''}${answeredRequest ? '; the request for information is answered' : ''}`,
      details: { documents: ids(added.map((d) => d.sha256)), pages, ...(answeredRequest ? { resumed: true } : {}) },
    };
  },
  /** The provider changed the request (a PASClaimUpdate): the changes as the update described them, in sentences. */
  requestUpdated(changes: readonly string[], documentsAdded: number, resumed: boolean): AuditDraft {
    return {
      type: 'request-updated',
      summary: clip(`request updated by the provider (PAS update): ${changes.join(' ')}${resumed ? ' The request for information is answered.' : ''}`),
      details: { changes: changes.length, documentsAdded, resumed },
    };
  },
  /** Gaps of an imported request filled in by the reviewer: the fields, never their values. */
  requestCompleted(filled: readonly string[], remaining: readonly string[]): AuditDraft {
    return { type: 'request-edited', summary: clip(`request completed: ${filled.join(', ') || 'nothing changed'}`), details: { fields: ids(filled), remaining: ids(remaining) } };
  },
  pasResponseSaved(outcome: string | undefined, pended: boolean): AuditDraft {
    return {
      type: 'letter-exported',
      summary: `PAS response saved${pended ? ' for the request for information' : ''}${outcome ? ` (outcome ${outcome})` : ''}`,
      details: { kind: 'pas-response', outcome: outcome ?? '', pended },
    };
  },
  informationRequested(request: { id: string; respondBy: string; items: readonly { loinc: string }[] }): AuditDraft {
    return {
      type: 'information-requested',
      summary: clip(`information requested (${countOf(request.items.length, 'document')}); the provider is to respond by ${request.respondBy.slice(0, 10)}`),
      details: { requestId: request.id, loinc: ids(request.items.map((i) => i.loinc)), respondBy: request.respondBy },
    };
  },
  informationReceived(requestId: string, via: 'claim-update' | 'document-added' | 'reviewer'): AuditDraft {
    const how = { 'claim-update': 'with the provider\'s PAS update', 'document-added': 'with records added to the case', reviewer: 'marked by the reviewer' }[via];
    return { type: 'information-received', summary: `requested information received (${how})`, details: { requestId, via } };
  },
  markAdded(mark: Pick<Mark, 'id' | 'docSha256' | 'page' | 'criterionIds'>): AuditDraft {
    return {
      type: 'mark-added',
      summary: `mark${onPage(mark)} linked to ${countOf(mark.criterionIds.length, 'criterion', 'criteria')}`,
      details: { ...markDetails(mark), criterionIds: ids(mark.criterionIds) },
    };
  },
  markChanged(mark: Pick<Mark, 'id' | 'docSha256' | 'page'>, change: { criterionIds?: string[]; note?: string }): AuditDraft {
    const what = [change.criterionIds ? 'criteria' : '', change.note !== undefined ? 'note' : ''].filter(Boolean).join(', ');
    return {
      type: 'mark-changed',
      summary: `mark${onPage(mark)} changed (${what})`,
      details: { ...markDetails(mark), ...(change.criterionIds ? { criterionIds: ids(change.criterionIds) } : {}) },
    };
  },
  markRemoved(mark: Pick<Mark, 'id' | 'docSha256' | 'page'>): AuditDraft {
    return { type: 'mark-removed', summary: `mark${onPage(mark)} removed`, details: markDetails(mark) };
  },
  /** The values entered are kept in the details, for the Audit tab to show with their labels and units. */
  findingSet(criterionId: string, change: { status?: string; facts?: Record<string, number | null>; factMarkIds?: Record<string, string[]> }): AuditDraft {
    const facts = change.facts;
    const parts = [change.status ? `set to ${statusInWords(change.status)}` : '', facts ? (Object.keys(facts).length ? 'value entered' : 'values cleared') : '']
      .filter(Boolean)
      .join(', ');
    return {
      type: 'finding-set',
      summary: `finding ${parts || 'changed'}`,
      details: {
        criterionId,
        ...(change.status ? { status: change.status } : {}),
        ...(facts ? { facts: ids(Object.keys(facts)), values: Object.values(facts).slice(0, MAX_LIST).map((v) => (v === null ? '' : String(v))) } : {}),
        ...(change.factMarkIds ? { factMarks: ids(Object.keys(change.factMarkIds)) } : {}),
      },
    };
  },
  indicationSet(indicationId: string | null): AuditDraft {
    return {
      type: 'indication-set',
      summary: indicationId === null ? 'clinical indication cleared' : 'clinical indication recorded',
      details: { indicationId },
    };
  },
  checkAnswered(check: { kind: string; code?: string; answer: 'yes' | 'no' | null; supportedUnits?: number }): AuditDraft {
    const units = check.supportedUnits !== undefined ? ` (${countOf(check.supportedUnits, 'unit')} supported)` : '';
    return {
      type: 'check-answered',
      summary: `review check${check.code ? ` for ${check.code}` : ''} ${check.answer === null ? 'cleared' : `answered ${check.answer}`}${units}`,
      details: { kind: check.kind, ...(check.code ? { code: check.code } : {}), answer: check.answer, ...(check.supportedUnits !== undefined ? { supportedUnits: check.supportedUnits } : {}) },
    };
  },
  imagingAdded(study: ImagingStudy): AuditDraft {
    const label = studyLabel(study); // modality, region and date: no member detail
    return { type: 'imaging-changed', summary: `imaging study ${label} recorded`, details: { studyId: study.id, label, action: 'added' } };
  },
  imagingChanged(study: ImagingStudy, fields: string[]): AuditDraft {
    const label = studyLabel(study); // modality, region and date: no member detail
    return { type: 'imaging-changed', summary: clip(`${label}: ${studyFieldsInWords(fields)} changed`), details: { studyId: study.id, label, action: 'changed', fields: ids(fields) } };
  },
  imagingRemoved(study: ImagingStudy): AuditDraft {
    const label = studyLabel(study); // modality, region and date: no member detail
    return { type: 'imaging-changed', summary: `imaging study ${label} removed`, details: { studyId: study.id, label, action: 'removed' } };
  },
  determinationChanged(determinations: readonly { code: string; outcome: string }[]): AuditDraft {
    const list = outcomes(determinations);
    return { type: 'determination-changed', summary: clip(`determination draft saved: ${outcomesInWords(list)}`), details: { outcomes: ids(list) } };
  },
  cmsAcknowledged(): AuditDraft {
    return { type: 'cms-policy-acknowledged', summary: 'CMS coverage policy confirmed as applied', details: {} };
  },
  signed(rev: SignedRevision): AuditDraft {
    const list = outcomes(rev.determinations);
    return {
      type: 'signed',
      summary: clip(`revision ${rev.number} signed by ${rev.signer.name}, ${rev.signer.credentials}: ${outcomesInWords(list)}`),
      details: { revisionId: rev.id, number: rev.number, outcomes: ids(list), ...(rev.supersedes ? { supersedes: rev.supersedes } : {}) },
    };
  },
  amended(after: CaseFile): AuditDraft {
    const amends = String(after.determination?.amends);
    const n = after.revisions.find((r) => r.id === amends)?.number;
    return { type: 'amended', summary: `amendment opened; it will supersede ${n ? `revision ${n}` : 'the signed revision'} once signed`, details: { amends } };
  },
  letterExported(revision: Pick<SignedRevision, 'id' | 'number'>, sha256: string): AuditDraft {
    return { type: 'letter-exported', summary: `letter of revision ${revision.number} exported`, details: { revisionId: revision.id, sha256 } };
  },
};

/** Who acts and when, for the handlers of one area: `record(key, event)` is the ChangeRecord of a call. */
export function changeRecorder(actor: () => string, now: () => Date) {
  return (idempotencyKey: string | undefined, audit: AuditDraft | ((after: CaseFile) => AuditDraft)): ChangeRecord => ({
    ...(idempotencyKey ? { idempotencyKey } : {}),
    actor: actor(),
    at: now().toISOString(),
    audit,
  });
}
