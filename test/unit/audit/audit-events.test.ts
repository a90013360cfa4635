import { describe, expect, it } from 'vitest';
import { auditEvents, changeRecorder } from '../../../main/audit/audit-events';
import type { CaseFile } from '../../../shared/case/schema';
import type { ImagingStudy } from '../../../shared/imaging/schema';
import type { SignedRevision } from '../../../shared/determination/schema';
import { auditEventInWords, withoutRepeats, type AuditContext } from '../../../shared/audit/audit-in-words';

describe('audit events', () => {
  it('carry who and when from the call, and the event itself', () => {
    const record = changeRecorder(() => 'dr-a', () => new Date('2026-11-23T10:00:00Z'));
    expect(record('k'.repeat(16), auditEvents.findingSet('X.1', { status: 'met' }))).toEqual({
      idempotencyKey: 'k'.repeat(16),
      actor: 'dr-a',
      at: '2026-11-23T10:00:00.000Z',
      audit: { type: 'finding-set', summary: 'finding set to met', details: { criterionId: 'X.1', status: 'met' } },
    });
  });

  it('say what happened in words, with counts in the right number and no raw ids', () => {
    const sha = 'a'.repeat(64);
    const study = { id: 'study-9981aa', modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03' } as ImagingStudy;
    const mark = { id: 'mark-3fda77', docSha256: sha, page: 3, criterionIds: ['CMM-211.trial.conservative-care'] };
    const amending = { determination: { amends: 'c9-r1' }, revisions: [{ id: 'c9-r1', number: 1 }] } as unknown as CaseFile;
    const events = [
      auditEvents.caseCreated(1),
      auditEvents.markAdded(mark),
      auditEvents.imagingAdded(study),
      auditEvents.imagingChanged(study, ['radiologistReading', 'discrepancy']),
      auditEvents.determinationChanged([{ code: '63650', outcome: 'cannot-establish' }]),
      auditEvents.amended(amending),
      auditEvents.letterExported({ id: 'c9-r2', number: 2 } as SignedRevision, 'b'.repeat(64)),
      auditEvents.recordsAdded([{ sha256: sha, pageCount: 1 }], true),
      auditEvents.findingSet('CMM-211.trial.conservative-care', { facts: { conservativeCareMonths: 7 } }),
      auditEvents.checkAnswered({ kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 1 }),
    ];
    const summaries = events.map((e) => e.summary);
    expect(summaries).toEqual([
      'case created with 1 record',
      'mark on page 3 linked to 1 criterion',
      'imaging study MRI lumbar spine of March 3, 2026 recorded',
      "MRI lumbar spine of March 3, 2026: the radiologist's reading, the discrepancy changed",
      'determination draft saved: 63650: medical necessity cannot be established',
      'amendment opened; it will supersede revision 1 once signed',
      'letter of revision 2 exported',
      '1 record added (1 page) to the signed case',
      'finding value entered',
      'review check for 63650 answered no (1 unit supported)',
    ]);
    for (const s of summaries) expect(s).not.toMatch(/mark-|study-|c9-r|CMM-/);
    // The ids and values stay in the details, for the Audit tab to name what they point at.
    expect(events[1]!.details).toMatchObject({ markId: 'mark-3fda77', docSha256: sha, page: 3 });
    expect(events[8]!.details).toMatchObject({ facts: ['conservativeCareMonths'], values: ['7'] });
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
