/**
 * What the audit trail says about each kind of change. Handlers hand one of these to the store
 * with the change itself (main/store/case-store-contract.ts), so a change and its event are
 * written together. Summaries carry ids, codes and field names only, never member details or
 * record text: the trail may be shown to auditors who must not see them.
 */
import type { CaseFile, Mark } from '../../shared/case/schema';
import type { SignedRevision } from '../../shared/determination/schema';
import type { AuditDraft, ChangeRecord } from '../store/case-store-contract';

const MAX_SUMMARY = 500;
const MAX_LIST = 50;

/** Summaries are bounded by the event schema: a long list is cut with a count, never refused. */
function clip(summary: string): string {
  return summary.length <= MAX_SUMMARY ? summary : `${summary.slice(0, MAX_SUMMARY - 1)}…`;
}
const ids = (list: readonly string[]) => list.slice(0, MAX_LIST).map((s) => s.slice(0, 200));
const named = (list: readonly string[], none: string) => (list.length === 0 ? none : list.length <= 8 ? list.join(', ') : `${list.slice(0, 8).join(', ')} and ${list.length - 8} more`);

/** "63650 cannot-establish, 63685 approved": codes and outcome ids only. */
const outcomes = (ds: readonly { code: string; outcome: string }[]) => ds.map((d) => `${d.code} ${d.outcome}`);

export const auditEvents = {
  caseCreated(records: number, how = 'case created'): AuditDraft {
    return { type: 'case-created', summary: `${how} with ${records} record(s)`, details: { attachments: records } };
  },
  markAdded(mark: Pick<Mark, 'id' | 'page' | 'criterionIds'>): AuditDraft {
    return {
      type: 'mark-added',
      summary: clip(`mark ${mark.id} linked to ${named(mark.criterionIds, 'no criterion')}`),
      details: { markId: mark.id, page: mark.page, criterionIds: ids(mark.criterionIds) },
    };
  },
  markChanged(markId: string, change: { criterionIds?: string[]; note?: string }): AuditDraft {
    const what = [change.criterionIds ? 'criteria' : '', change.note !== undefined ? 'note' : ''].filter(Boolean).join(', ');
    return {
      type: 'mark-changed',
      summary: `mark ${markId} changed (${what})`,
      details: { markId, ...(change.criterionIds ? { criterionIds: ids(change.criterionIds) } : {}) },
    };
  },
  markRemoved(markId: string): AuditDraft {
    return { type: 'mark-removed', summary: `mark ${markId} removed`, details: { markId } };
  },
  findingSet(criterionId: string, change: { status?: string; facts?: Record<string, number> }): AuditDraft {
    return {
      type: 'finding-set',
      summary: `finding on ${criterionId}${change.status ? ` set to ${change.status}` : ''}${change.facts ? ' (facts)' : ''}`,
      details: { criterionId, ...(change.status ? { status: change.status } : {}), ...(change.facts ? { facts: ids(Object.keys(change.facts)) } : {}) },
    };
  },
  imagingAdded(studyId: string): AuditDraft {
    return { type: 'imaging-changed', summary: `imaging study ${studyId} added`, details: { studyId, action: 'added' } };
  },
  imagingChanged(studyId: string, fields: string[]): AuditDraft {
    return { type: 'imaging-changed', summary: `imaging study ${studyId} changed (${fields.join(', ')})`, details: { studyId, action: 'changed', fields: ids(fields) } };
  },
  imagingRemoved(studyId: string): AuditDraft {
    return { type: 'imaging-changed', summary: `imaging study ${studyId} removed`, details: { studyId, action: 'removed' } };
  },
  determinationChanged(determinations: readonly { code: string; outcome: string }[]): AuditDraft {
    const list = outcomes(determinations);
    return { type: 'determination-changed', summary: clip(`determination draft saved: ${list.join(', ')}`), details: { outcomes: ids(list) } };
  },
  cmsAcknowledged(): AuditDraft {
    return { type: 'cms-policy-acknowledged', summary: 'CMS coverage policy confirmed as applied', details: {} };
  },
  signed(rev: SignedRevision): AuditDraft {
    const list = outcomes(rev.determinations);
    return {
      type: 'signed',
      summary: clip(`revision ${rev.id} signed by ${rev.signer.name}, ${rev.signer.credentials}: ${list.join(', ')}`),
      details: { revisionId: rev.id, number: rev.number, outcomes: ids(list), ...(rev.supersedes ? { supersedes: rev.supersedes } : {}) },
    };
  },
  amended(after: CaseFile): AuditDraft {
    const amends = String(after.determination?.amends);
    return { type: 'amended', summary: `amendment opened; it will supersede revision ${amends} once signed`, details: { amends } };
  },
  letterExported(revisionId: string, sha256: string): AuditDraft {
    return { type: 'letter-exported', summary: `letter of revision ${revisionId} exported (sha256 ${sha256.slice(0, 12)})`, details: { revisionId, sha256 } };
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
