import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { allMet, buildCase, leafIds, realRules, ruleVersion } from './case-builder';

const DOS = '2026-12-07';
const TRIAL_CODES = [{ code: '62327', units: 1 }];
const PUMP_CODES = [{ code: '62350', units: 1 }, { code: '62362', units: 1 }];

async function setup() {
  const rules = await realRules();
  const general = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS)];
  const trial = ruleVersion(rules, 'CMM-210-IT-TRIAL', DOS);
  const permanent = ruleVersion(rules, 'CMM-210-IT-PERMANENT', DOS);
  /** Findings for one indication met and the other indications' own criteria marked not met. */
  const indication = (which: 'nonmalignant' | 'spasticity' | 'cancer', overrides: Record<string, object> = {}) => {
    const others = (['nonmalignant', 'spasticity', 'cancer'] as const).filter((x) => x !== which);
    const f = allMet([...general, trial]);
    for (const o of others) f[`CMM-210.trial.${o}.indication`] = { status: 'not-met' };
    return { ...f, ...overrides };
  };
  return { rules, general, trial, permanent, indication };
}

const evalTrial = async (findings: Record<string, object>, diagnoses = ['M96.1']) => {
  const { rules } = await setup();
  return evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: TRIAL_CODES, diagnoses, findings }), rules).codes[0]!;
};

describe('intrathecal or epidural drug delivery trial (CMM-210, seed 003)', () => {
  it('each indication with its criteria met recommends approval', async () => {
    const { indication } = await setup();
    for (const which of ['nonmalignant', 'spasticity', 'cancer'] as const) {
      expect((await evalTrial(indication(which))).recommendation, which).toBe('approve');
    }
  });

  it('each nonmalignant-pain criterion not met makes the trial experimental/investigational/unproven, citing it', async () => {
    const { trial, indication } = await setup();
    const group = trial.criteria.children.find((c) => c.id === 'CMM-210.trial.nonmalignant')!;
    const ids = leafIds(group).filter((id) => !id.endsWith('.indication'));
    expect(ids).toHaveLength(6);
    for (const id of ids) {
      const code = await evalTrial(indication('nonmalignant', { [id]: { status: 'not-met' } }));
      expect(code.recommendation, id).toBe('experimental');
      // Only the established indication's unmet criterion is a reason, not the indications that do not apply.
      expect(code.reasons.map((r) => r.criterionId), id).toEqual([id, 'CMM.PRF.experimental']);
    }
  });

  it('six months of reasonable pain treatment: 6 meets, 5 does not', async () => {
    const { indication } = await setup();
    const at = (m: number) => evalTrial(indication('nonmalignant', { 'CMM-210.trial.nonmalignant.treatment-options': { facts: { painTreatmentTrialMonths: m } } }));
    expect((await at(6)).recommendation).toBe('approve');
    expect((await at(5)).recommendation).toBe('experimental');
  });

  it('spasticity: a six-week oral antispasmodic trial (6 meets, 5 does not) or intolerance to it', async () => {
    const { indication } = await setup();
    const weeks = (w: number) => indication('spasticity', {
      'CMM-210.trial.spasticity.oral-trial-failed': { facts: { oralAntispasmodicTrialWeeks: w } },
      'CMM-210.trial.spasticity.oral-contraindicated': { status: 'not-met' },
    });
    expect((await evalTrial(weeks(6))).recommendation).toBe('approve');
    expect((await evalTrial(weeks(7))).recommendation).toBe('approve');
    const short = await evalTrial(weeks(5));
    expect(short.recommendation).toBe('experimental');
    expect(short.reasons.map((r) => r.criterionId)).toContain('CMM-210.trial.spasticity.oral-trial-failed');
    const intolerant = indication('spasticity', {
      'CMM-210.trial.spasticity.oral-trial-failed': { facts: { oralAntispasmodicTrialWeeks: 2 } },
      'CMM-210.trial.spasticity.oral-contraindicated': { status: 'met' },
    });
    expect((await evalTrial(intolerant)).recommendation).toBe('approve');
  });

  it('cancer-related pain needs failure of non-invasive pain control including systemic opioids', async () => {
    const { indication } = await setup();
    const code = await evalTrial(indication('cancer', { 'CMM-210.trial.cancer.noninvasive-failed': { status: 'not-met' } }));
    expect(code.recommendation).toBe('experimental');
    expect(code.reasons[0]!.criterionId).toBe('CMM-210.trial.cancer.noninvasive-failed');
  });
});

describe('permanent intrathecal pump (CMM-210, seed 003)', () => {
  it('needs the trial criteria met and at least 50 percent pain reduction (50 meets, 49 does not)', async () => {
    const { rules, general, permanent } = await setup();
    const at = (p: number) => evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: PUMP_CODES, diagnoses: ['M96.1'], indication: 'nonmalignant-pain',
      findings: allMet([...general, permanent], { 'CMM-210.permanent.trial-pain-reduction': { facts: { trialPainReductionPercent: p } } }) }), rules).codes;
    expect((at(50)).map((c) => c.recommendation)).toEqual(['approve', 'approve']);
    expect((at(49)).map((c) => c.recommendation)).toEqual(['experimental', 'experimental']);
  });

  it('a diagnosis of diabetes only proposes insulin delivery; confirmed, it is experimental, investigational, or unproven', async () => {
    const { rules, general, permanent } = await setup();
    const proposed = evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: PUMP_CODES, diagnoses: ['E10.65'], findings: allMet([...general, permanent], { 'CMM-210.permanent.eiu.insulin': {} }) }), rules);
    expect(proposed.codes.map((c) => c.recommendation)).toEqual(['incomplete', 'incomplete']);
    expect(proposed.codes[0]!.alsoNotReviewed).toEqual([expect.objectContaining({ id: 'CMM-210.permanent.eiu.insulin', why: expect.stringContaining('E10.65') })]);
    const ev = evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: PUMP_CODES, diagnoses: ['E10.65'], findings: allMet([...general, permanent], { 'CMM-210.permanent.eiu.insulin': { status: 'met' } }) }), rules);
    expect(ev.codes.map((c) => c.recommendation)).toEqual(['experimental', 'experimental']);
    expect(ev.codes[1]!.reasons[0]).toMatchObject({ criterionId: 'CMM-210.permanent.eiu.insulin', ruleId: 'CMM-210-IT-PERMANENT' });
    expect(ev.codes[1]!.reasons[0]!.letterSentence).toMatch(/insulin for diabetes is considered experimental/);
    expect(proposed.notices.some((n) => n.kind === 'experimental-suspected' && n.message.includes('E10.65'))).toBe(true);
  });

  it('the reviewer can confirm an experimental use, or rule out one a diagnosis only suggested', async () => {
    const { rules, general, permanent } = await setup();
    const confirmed = evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: PUMP_CODES, diagnoses: ['M86.9'],
      findings: allMet([...general, permanent], { 'CMM-210.permanent.eiu.heparin': { status: 'met' } }) }), rules);
    // Only the confirmed use decides; the antibiotics use M86.9 suggests is still open, listed, not a reason.
    expect(confirmed.codes[0]!.reasons.map((r) => r.criterionId)).toEqual(['CMM-210.permanent.eiu.heparin']);
    expect(confirmed.codes[0]!.alsoNotReviewed.map((o) => o.id)).toEqual(['CMM-210.permanent.eiu.antibiotics']);
    const ruledOut = evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: PUMP_CODES, diagnoses: ['E11.9', 'M96.1'],
      findings: allMet([...general, permanent], { 'CMM-210.permanent.eiu.insulin': { status: 'not-applicable' } }) }), rules);
    expect(ruledOut.codes.map((c) => c.recommendation)).toEqual(['approve', 'approve']);
  });
});
