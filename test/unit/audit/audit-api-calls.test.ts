import { describe, expect, it } from 'vitest';
import { auditApiCall } from '../../../main/audit/audit-api-calls';
import type { AuditEventInput } from '../../../shared/audit/audit-event';
import { auditEventInWords, withoutRepeats, type AuditContext } from '../../../shared/audit/audit-in-words';

function recorder() {
  const events: { caseId: string; event: AuditEventInput }[] = [];
  const audit = auditApiCall(async (caseId, event) => void events.push({ caseId, event }), () => 'dr-a', () => new Date('2026-11-23T10:00:00Z'));
  return { events, audit };
}

describe('audit of API calls', () => {
  it('records a change with who and when, under the case named by the request', async () => {
    const { events, audit } = recorder();
    await audit('findings.set', { caseId: 'c1', criterionId: 'X.1', status: 'met' }, {});
    expect(events).toEqual([{ caseId: 'c1', event: expect.objectContaining({ actor: 'dr-a', at: '2026-11-23T10:00:00.000Z', type: 'finding-set' }) }]);
  });

  it('records a created case under the id in the answer, and not a refused creation', async () => {
    const { events, audit } = recorder();
    await audit('cases.create', { request: {}, attachments: [{ sha256: 'a', name: 'n.pdf' }] }, { ok: true, caseId: 'c9' });
    await audit('cases.create', { request: {}, attachments: [] }, { ok: false, problems: [] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: 'c9', event: { type: 'case-created', details: { attachments: 1 } } });
  });

  it('does not record reads', async () => {
    const { events, audit } = recorder();
    await audit('cases.open', { caseId: 'c1' }, {});
    expect(events).toEqual([]);
  });

  it('says what happened in words, with counts in the right number and no raw ids', async () => {
    const { events, audit } = recorder();
    const sha = 'a'.repeat(64);
    await audit('cases.create', { request: {}, attachments: [{ sha256: 'a', name: 'n.pdf' }] }, { ok: true, caseId: 'c9' });
    await audit('marks.add', { caseId: 'c9', criterionIds: ['CMM-211.trial.conservative-care'] }, { id: 'mark-3fda77', docSha256: sha, page: 3 });
    await audit('imaging.add', { caseId: 'c9' }, { id: 'study-9981aa', modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03' });
    await audit('imaging.update', { caseId: 'c9', studyId: 'study-9981aa', change: { radiologistReading: {}, discrepancy: {} } }, { id: 'study-9981aa', modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03' });
    await audit('decision.edit', { caseId: 'c9', determinations: [{ code: '63650', outcome: 'cannot-establish' }] }, {});
    await audit('decision.amend', { caseId: 'c9' }, { draft: { amends: 'c9-r1' } });
    await audit('letter.export', { caseId: 'c9', revisionId: 'c9-r2' }, { saved: true, sha256: 'b'.repeat(64) });
    await audit('cases.addRecords', { caseId: 'c9' }, { added: [{ sha256: sha, name: 'addendum.pdf', pageCount: 1 }], alreadyInCase: [], signed: true });
    await audit('cases.addRecords', { caseId: 'c9' }, { added: [], alreadyInCase: [{ name: 'x', existingName: 'y' }], signed: true });
    const summaries = events.map((e) => e.event.summary);
    expect(summaries).toEqual([
      'case created with 1 record',
      'mark on page 3 linked to 1 criterion',
      'imaging study MRI lumbar spine of March 3, 2026 recorded',
      "MRI lumbar spine of March 3, 2026: the radiologist's reading, the discrepancy changed",
      'determination draft saved: 63650: medical necessity cannot be established',
      'amendment opened; it will supersede revision 1 once signed',
      'letter of revision 2 exported',
      '1 record added (1 page) to the signed case',
    ]);
    for (const s of summaries) expect(s).not.toMatch(/mark-|study-|c9-r/);
    // The ids stay in the details, for the Audit tab to name what they point at.
    expect(events[1]!.event.details).toMatchObject({ markId: 'mark-3fda77', docSha256: sha, page: 3 });
  });
});

describe('the audit trail in words', () => {
  const sha = 'a'.repeat(64);
  const ctx: AuditContext = {
    documentName: (s) => (s === sha ? 'MRI lumbar spine report' : undefined),
    mark: (id) => (id === 'm1' ? { docSha256: sha, page: 2 } : undefined),
    criterionText: (id) => (id === 'X.imaging' ? 'Advanced imaging is read by an independent radiologist.' : undefined),
    fact: (_id, name) => (name === 'conservativeCareMonths' ? { label: 'Months of conservative care', unit: 'months' } : undefined),
    studyLabel: (id) => (id === 's1' ? 'MRI lumbar spine of March 3, 2026' : undefined),
    revisionNumber: (id) => (id === 'c-r1' ? 1 : undefined),
  };
  const ev = (type: string, details: Record<string, unknown>, summary = 'stored summary') => ({ type, summary, details }) as never;

  it('names the document, page and criterion a mark is linked to', () => {
    expect(auditEventInWords(ev('mark-added', { markId: 'm1', docSha256: sha, page: 2, criterionIds: ['X.imaging'] }), ctx)).toBe(
      'Mark on page 2 of MRI lumbar spine report linked to “Advanced imaging is read by an independent radiologist.”',
    );
    expect(auditEventInWords(ev('mark-removed', { markId: 'm1' }), ctx)).toBe('Mark on page 2 of MRI lumbar spine report removed');
  });

  it('names the criterion and the value entered, with its unit', () => {
    expect(auditEventInWords(ev('finding-set', { criterionId: 'X.imaging', status: 'not-met' }), ctx)).toBe('“Advanced imaging is read by an independent radiologist.” set to not met');
    expect(auditEventInWords(ev('finding-set', { criterionId: 'X.imaging', facts: ['conservativeCareMonths'], values: ['7'] }), ctx)).toMatch(/months of conservative care: 7 months$/);
  });

  it('names records added and the revision an amendment supersedes', () => {
    expect(auditEventInWords(ev('document-added', { documents: [sha] }), ctx)).toBe('Record added: MRI lumbar spine report');
    expect(auditEventInWords(ev('amended', { amends: 'c-r1' }), ctx)).toBe('Amendment opened; it supersedes revision 1 once signed');
  });

  it('falls back to the stored summary where the case cannot name an id', () => {
    expect(auditEventInWords(ev('mark-added', { markId: 'gone' }, 'mark linked to 1 criterion'), ctx)).toBe('Mark linked to 1 criterion');
  });

  it('shows a repeated entry once, with how often', () => {
    const e = (summary: string) => ({ actor: 'dr', type: 'determination-changed', summary });
    const out = withoutRepeats([e('a'), e('a'), e('b'), e('a')]);
    expect(out.map((x) => [x.event.summary, x.times])).toEqual([['a', 2], ['b', 1], ['a', 1]]);
  });
});
