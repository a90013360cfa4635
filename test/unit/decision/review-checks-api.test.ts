/**
 * Issue 14 through the API the renderer calls, on an encrypted temp store with the demo case:
 * mistyped ids, fact names, marks, codes, checks and indications are refused with every problem
 * and the nearest known name, and nothing is saved; the indication and the checks are recorded and
 * audited; a threshold criterion met without its value blocks signing; an earlier request in the
 * store for the same procedure switches on the Preface's sequential criterion; the Decision tab's
 * prefill for the walkthrough's step 6 is "cannot be established" with the imaging remedy.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, PROFILE, reviewDemo, type Workbench } from './decision-fixture';
import { testCreate } from '../../support/change-record';
import { mri, PROVIDER_MARK, RADIOLOGIST_MARK, significant } from '../imaging/study-fixture';

let wb: Workbench;
let caseId: string;

beforeAll(async () => {
  wb = await openWorkbench();
  caseId = (await wb.call('cases.loadDemo', {})).caseId;
});
afterAll(async () => {
  await fs.rm(wb.dataDir, { recursive: true, force: true });
});

const CARE = 'CMM-211.trial.conservative-care';

describe('nothing mistyped is saved', () => {
  it('a finding on an unknown criterion id is refused, naming the nearest one', async () => {
    const e = await wb.refused('findings.set', { caseId, criterionId: 'CMM-211.trial.conservative-car', status: 'met' });
    expect(e.code).toBe('invalid-request');
    expect(e.message).toContain('did you mean "CMM-211.trial.conservative-care"?');
    expect(e.issues).toEqual([expect.stringMatching(/^findings\.CMM-211\.trial\.conservative-car: .* Expected: a criterion id listed by/)]);
    expect((await wb.session.store.getCase(caseId)).findings).toEqual({});
  });

  it('a value under a mistyped fact name is refused (it would have approved the case)', async () => {
    const e = await wb.refused('findings.set', { caseId, criterionId: CARE, status: 'met', facts: { conservativeCareMonth: 7 } });
    expect(e.message).toBe(`${CARE} records its value as "conservativeCareMonths" (months), not "conservativeCareMonth".`);
    const none = await wb.refused('findings.set', { caseId, criterionId: 'CMM-211.trial.surgery-not-indicated', facts: { months: 3 } });
    expect(none.message).toMatch(/has no value to record/);
    expect((await wb.session.store.getCase(caseId)).findings[CARE]).toBeUndefined();
  });

  it('a value linked to a mark the case does not have is refused; every problem at once', async () => {
    const e = await wb.refused('findings.set', { caseId, criterionId: CARE, facts: { conservativeCareMonth: 7 }, factMarkIds: { conservativeCareMonths: ['mark-nope', 'mark-gone'] } });
    expect(e.message).toMatch(/^3 problems:/);
    expect(e.issues).toHaveLength(3);
    expect(e.issues![1]).toMatch(/factMarkIds\.conservativeCareMonths\[0\]: "mark-nope" is not a mark of this case/);
  });

  it('a mark linked to an unknown criterion is refused', async () => {
    const anchor = { kind: 'text' as const, docSha256: (await wb.session.store.getCase(caseId)).documents[0]!.sha256, page: 1, rects: [[1, 1, 2, 2] as [number, number, number, number]], quote: 'q', prefix: '', suffix: '' };
    const e = await wb.refused('marks.add', { caseId, anchor, criterionIds: ['CMM.PRF.pa.imaging-independent-reed'], note: '' });
    expect(e.message).toContain('did you mean "CMM.PRF.pa.imaging-independent-read"?');
    expect((await wb.session.store.getCase(caseId)).marks).toEqual([]);
  });

  it('an indication the guideline does not list is refused; "not-covered" and a listed one are recorded and audited', async () => {
    const e = await wb.refused('indication.set', { caseId, indicationId: 'failed-back-syndrom' });
    expect(e.message).toContain('did you mean "failed-back-syndrome"?');
    expect((await wb.call('indication.set', { caseId, indicationId: 'not-covered' })).indication).toMatchObject({ id: 'not-covered', updatedBy: 'unit-reviewer' });
    const { evaluation } = await wb.call('review.evaluate', { caseId });
    expect(evaluation.codes[0]!.recommendation).toBe('out-of-scope');
    expect(evaluation.indication.notCoveredMeans).toContain('may be re-directed');
    expect((await wb.call('indication.set', { caseId, indicationId: 'failed-back-syndrome' })).indication?.id).toBe('failed-back-syndrome');
    const events = (await wb.call('audit.list', { caseId })).events.filter((x) => x.type === 'indication-set');
    expect(events.map((x) => [x.summary, x.details?.indicationId])).toEqual([['clinical indication recorded', 'not-covered'], ['clinical indication recorded', 'failed-back-syndrome']]);
  });

  it('checks: a per-code check needs a requested code; units supported must be fewer than requested', async () => {
    expect((await wb.refused('checks.set', { caseId, kind: 'contingency-codes', answer: 'yes' })).message).toBe('contingency-codes is answered per requested code: name the code.');
    expect((await wb.refused('checks.set', { caseId, kind: 'contingency-codes', code: '63655', answer: 'yes' })).message).toBe('"63655" is not a requested code; did you mean "63650"?');
    expect((await wb.refused('checks.set', { caseId, kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 2 })).message).toMatch(/must be fewer/);
    // The demo case is commercial: the CMS-approved trial check is not asked.
    expect((await wb.refused('checks.set', { caseId, kind: 'cms-approved-trial', answer: 'yes' })).message).toMatch(/do not ask "cms-approved-trial"/);
    const { checks } = await wb.call('checks.set', { caseId, kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 1 });
    expect(checks).toEqual([expect.objectContaining({ kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 1 })]);
    const { evaluation } = await wb.call('review.evaluate', { caseId });
    expect(evaluation.checks.find((c) => c.kind === 'units-levels')).toMatchObject({ answer: 'no', supportedUnits: 1, question: expect.stringMatching(/^63650 \(2 units\): Do the records support/) });
    expect((await wb.call('checks.set', { caseId, kind: 'units-levels', code: '63650', answer: null })).checks).toEqual([]);
    expect((await wb.call('audit.list', { caseId })).events.filter((x) => x.type === 'check-answered').map((x) => x.summary)).toEqual([
      'review check for 63650 answered no (1 unit supported)', 'review check for 63650 cleared',
    ]);
  });
});

describe('a threshold criterion needs its value', () => {
  it('met without the value is a problem that blocks signing; with the value linked to its marks it is met', async () => {
    await reviewDemo(wb, caseId);
    await wb.call('findings.set', { caseId, criterionId: CARE, status: 'met', facts: {} });
    const { evaluation } = await wb.call('review.evaluate', { caseId });
    expect(evaluation.problems).toEqual([expect.objectContaining({ kind: 'value-missing', blocksSigning: true, where: `findings.${CARE}.facts.conservativeCareMonths` })]);
    await wb.call('settings.setProfile', { profile: PROFILE });
    const s = await wb.call('decision.get', { caseId });
    expect(s.problems.map((p) => p.kind)).toContain('review-problem');
    expect(s.problems.find((p) => p.kind === 'review-problem')!.message).toMatch(/is marked met, but its value \(.*months\) is not recorded/);

    // The value, linked to the marks that show it (the two notes that date the care).
    const doc = (await wb.session.store.getCase(caseId)).documents[0]!.sha256;
    const mark = (quote: string) => wb.call('marks.add', { caseId, anchor: { kind: 'text', docSha256: doc, page: 1, rects: [[1, 1, 2, 2]], quote, prefix: '', suffix: '' }, criterionIds: [CARE], note: '' });
    const [start, end] = [await mark('since 01/06/2026'), await mark('discharged 07/30/2026')];
    const f = await wb.call('findings.set', { caseId, criterionId: CARE, facts: { conservativeCareMonths: 7 }, factMarkIds: { conservativeCareMonths: [start.id, end.id] } });
    expect(f.factMarkIds).toEqual({ conservativeCareMonths: [start.id, end.id] });
    const after = await wb.call('review.evaluate', { caseId });
    expect(after.evaluation.problems).toEqual([]);
    const leaf = after.evaluation.rules.flatMap((r) => [r.tree]).map((t) => JSON.stringify(t)).join();
    expect(leaf).toContain('"value":7');
  });
});

describe('decisive failures decide, and the Decision tab prefills from them (walkthrough step 6)', () => {
  it('an unreconciled MRI with the guideline criteria unreviewed: cannot be established, the imaging reason and the addendum as remedy', async () => {
    const other = (await wb.call('cases.loadDemo', {})).caseId;
    expect(other).toBe(caseId);
    // A fresh case: the demo request again under another id, with only the MRI recorded.
    const demo = await wb.session.store.getCase(caseId);
    const fresh = { ...structuredClone(demo), id: 'step6', findings: {}, checks: [], marks: [RADIOLOGIST_MARK, PROVIDER_MARK].map((id) => ({ ...demoMark(demo.documents[0]!.sha256), id })), imaging: [mri({ discrepancy: significant })], revisions: [], status: 'in-review' as const };
    delete (fresh as { determination?: unknown }).determination;
    delete (fresh as { indication?: unknown }).indication;
    await wb.session.store.createCase(fresh, [], testCreate());
    const { evaluation } = await wb.call('review.evaluate', { caseId: 'step6' });
    const code = evaluation.codes[0]!;
    expect(code.recommendation).toBe('cannot-establish');
    expect(code.alsoNotReviewed.length).toBeGreaterThan(8);
    const s = await wb.call('decision.get', { caseId: 'step6' });
    const d = s.draft!.determinations[0]!;
    expect(d.outcome).toBe('cannot-establish');
    expect(d.reasons.map((r) => r.text)).toEqual(['The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.']);
    expect(d.whatWouldChange).toBe('An addendum from the radiologist or Dr. Vasquez that reconciles the two readings of the MRI of March 3, 2026.');
    expect(d.service).toBe('spinal cord stimulator trial');
    // The criteria not reviewed are listed for the director, and do not stop a decision that is not an approval.
    expect(s.alsoNotReviewed['63650']!.length).toBe(code.alsoNotReviewed.length);
    expect(s.problems.map((p) => p.kind)).not.toContain('approval-with-criteria-not-reviewed');
    const approving = await wb.call('decision.edit', { caseId: 'step6', determinations: [{ ...d, outcome: 'approved', approvedUnits: 2, authorization: { start: '2026-12-07', end: '2027-03-06' }, exceptionRationale: 'x' }] });
    expect(approving.problems.map((p) => p.kind)).toContain('approval-with-criteria-not-reviewed');
  });

  it('an earlier approved stimulator trial in the store switches on the sequential criterion, naming that request', async () => {
    const demo = await wb.session.store.getCase(caseId);
    const earlier = { ...structuredClone(demo), id: 'earlier-trial', findings: {}, marks: [], imaging: [], checks: [], status: 'signed' as const,
      request: { ...structuredClone(demo.request), dateOfService: '2026-05-04' },
      revisions: [{ id: 'earlier-trial-r1', number: 1, signedAt: '2026-04-20T15:00:00Z', signer: { name: 'A', credentials: 'MD' }, determinations: [{ code: '63650', requestedUnits: 2, outcome: 'approved' as const, approvedUnits: 2, authorization: { start: '2026-05-04', end: '2026-08-01' }, reasons: [], clinicalRationale: '' }] }] };
    delete (earlier as { determination?: unknown }).determination;
    delete (earlier as { indication?: unknown }).indication;
    await wb.session.store.createCase(earlier, [], testCreate());
    const { evaluation } = await wb.call('review.evaluate', { caseId });
    const seq = evaluation.rules[0]!.tree.children!.find((c) => c.id === 'CMM.PRF.seq')!;
    const effect = seq.children!.find((c) => c.id === 'CMM.PRF.seq.previous-effect')!;
    expect(effect.status).toBe('unreviewed');
    expect(effect.detail![0]).toBe('Earlier request: code 63650, approved for the date of service May 4, 2026, case earlier-trial, 217 days before this date of service.');
    // Unknown whether it was performed: either document satisfies the Preface.
    expect(seq.children!.find((c) => c.id === 'CMM.PRF.seq.non-performance')!.status).toBe('unreviewed');
    expect(seq.kind).toBe('any');
  });
});

function demoMark(docSha256: string) {
  return { kind: 'text' as const, docSha256, page: 1, rects: [], quote: 'q', prefix: '', suffix: '', criterionIds: [], note: '', createdAt: '2026-11-20T09:00:00-05:00', createdBy: 'unit' };
}
