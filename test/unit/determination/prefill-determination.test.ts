import { describe, expect, it } from 'vitest';
import { authorizationPeriod, outcomeForRecommendation, prefillDeterminations } from '../../../shared/determination/prefill-determination';
import type { Evaluation } from '../../../shared/rules/evaluation';
import { makeCase } from './case-fixture';

const source = { file: '001_9263939c6024a100.txt', section: 'Prior Authorization Requirements' };

describe('prefilling determinations from the evaluation', () => {
  it('maps every engine recommendation to a starting outcome', () => {
    expect(
      (['approve', 'not-medically-necessary', 'cannot-establish', 'experimental', 'out-of-scope', 'coding', 'cms-policy-supersedes', 'incomplete', 'partially-approve', 'benefit-plan-decides'] as const).map(outcomeForRecommendation),
    ).toEqual(['approved', 'denied-not-medically-necessary', 'cannot-establish', 'denied-experimental', 'redirected', 'denied-coding', 'pending-information', 'pending-information', 'partially-approved', 'redirected']);
  });

  it('drafts one determination per requested code with the cited reasons', () => {
    const c = makeCase({ codes: [{ code: '63650', units: 2 }, { code: '63685', units: 1 }] });
    const evaluation: Evaluation = {
      caseId: c.id,
      guidelineId: 'CMM-211',
      dateOfService: '2026-09-20',
      rules: [],
      codingFindings: [],
      notices: [],
      errors: [],
      problems: [],
      checks: [],
      indication: { options: [], proposed: [] },
      codes: [
        {
          code: '63650',
          units: 2,
          recommendation: 'cannot-establish',
          decidedUnder: ['CMM.PRF@v1.0.2026'],
          reasons: [
            {
              guidelineId: 'CMM.PRF',
              ruleId: 'CMM.PRF',
              version: 'v1.0.2026',
              criterionId: 'imaging-reconciled',
              text: 'Discrepancies between the ordering provider and the radiologist are reconciled.',
              letterSentence: 'The records do not reconcile the two readings of your scan.',
              remedy: 'An addendum from the radiologist or the treating physician that reconciles the two readings',
              source,
            },
          ],
          alsoNotReviewed: [],
        },
        { code: '63685', units: 1, recommendation: 'approve', decidedUnder: [], reasons: [], alsoNotReviewed: [] },
      ],
    };
    const draft = prefillDeterminations(c, evaluation, new Date('2026-09-02T10:00:00Z'));
    expect(draft.determinations).toEqual([
      {
        code: '63650',
        requestedUnits: 2,
        outcome: 'cannot-establish',
        reasons: [
          {
            text: 'The records do not reconcile the two readings of your scan.',
            criterionText: 'Discrepancies between the ordering provider and the radiologist are reconciled.',
            guidelineId: 'CMM.PRF',
            ruleId: 'CMM.PRF',
            version: 'v1.0.2026',
            criterionId: 'imaging-reconciled',
            source: '001_9263939c6024a100.txt, Prior Authorization Requirements',
            section: 'Prior Authorization Requirements',
          },
        ],
        clinicalRationale: '',
        basis: { recommendation: 'cannot-establish', unmetCriterionIds: ['imaging-reconciled'] },
        // The remedy the rules give, not the problem restated.
        whatWouldChange: 'An addendum from the radiologist or the treating physician that reconciles the two readings.',
      },
      {
        code: '63685',
        requestedUnits: 1,
        outcome: 'approved',
        approvedUnits: 1,
        authorization: { start: '2026-09-20', end: '2026-12-18' },
        reasons: [],
        clinicalRationale: '',
        basis: { recommendation: 'approve', unmetCriterionIds: [] },
      },
    ]);
    expect(draft.createdAt).toBe('2026-09-02T10:00:00.000Z');
  });

  it('counts the authorization period from the date of service, both ends inclusive', () => {
    expect(authorizationPeriod('2026-09-20')).toEqual({ start: '2026-09-20', end: '2026-12-18' });
    expect(authorizationPeriod('2026-12-20', 30)).toEqual({ start: '2026-12-20', end: '2027-01-18' });
    const c = makeCase({ codes: [{ code: '63685', units: 1 }] });
    const evaluation = { codes: [{ code: '63685', recommendation: 'approve', reasons: [] }] };
    const draft = prefillDeterminations(c, evaluation, new Date('2026-09-02T10:00:00Z'), { authorizationDays: 30 });
    expect(draft.determinations[0]!.authorization).toEqual({ start: '2026-09-20', end: '2026-10-19' });
  });

  it('leaves codes without an evaluation pending', () => {
    const draft = prefillDeterminations(makeCase(), undefined, new Date('2026-09-02T10:00:00Z'));
    expect(draft.determinations.map((d) => d.outcome)).toEqual(['pending-information']);
  });
});
