/**
 * Accepting a fact proposed from the record: each passage it rests on becomes a mark of the
 * criterion (unless one already covers it), with a note naming its part in the arithmetic, then
 * the value is set beside the criterion's other facts. Ordinary API calls, so each is validated
 * and appears in the audit trail; a failure part-way leaves the marks made so far, visible and
 * removable, and no value.
 */
import type { FactProposalInfo } from '../../shared/api/evidence-api';
import { usDate } from '../../shared/evidence/clinical-dates';
import { call } from '../api/client';

const ROLE = { start: 'Start', end: 'End', stated: 'Stated figure', before: 'Score before', after: 'Score after' } as const;

export async function acceptFactProposal(caseId: string, criterionId: string, p: FactProposalInfo, facts: Record<string, number>): Promise<void> {
  for (const b of p.basis) {
    if (b.alreadyMarked) continue;
    await call('marks.add', { caseId, anchor: b.anchor, criterionIds: [criterionId], note: `${ROLE[b.role]} of the ${p.value} ${p.unit} accepted from the record${b.date ? ` (${usDate(b.date)})` : ''}` });
  }
  await call('findings.set', { caseId, criterionId, facts: { ...facts, [p.factName]: p.value } });
}
