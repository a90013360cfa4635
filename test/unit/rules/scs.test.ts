import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { Evaluation } from '../../../shared/rules/evaluation';
import { leavesOf } from '../../../shared/rules/schema';
import { allMet, buildCase, realRules, ruleVersion } from './case-builder';

const DOS = '2026-12-07';

async function trialSetup() {
  const rules = await realRules();
  const general = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS)];
  const trial = ruleVersion(rules, 'CMM-211-SCS-TRIAL', DOS);
  const permanent = ruleVersion(rules, 'CMM-211-SCS-PERMANENT', DOS);
  return { rules, general, trial, permanent };
}

describe('spinal cord stimulator trial (CMM-211, seed 003)', () => {
  it('the demo-like request (63650 x2, commercial) is incomplete until the reviewer marks criteria', async () => {
    const { rules } = await trialSetup();
    const ev = evaluateCase(buildCase(), rules);
    expect(Evaluation.parse(ev)).toBeTruthy();
    expect(ev.errors).toEqual([]);
    expect(ev.codes).toEqual([expect.objectContaining({ code: '63650', units: 2, recommendation: 'incomplete' })]);
    expect(ev.rules.map((r) => `${r.ruleId}@${r.version}`)).toEqual(['CMM.PRF@v1.0.2026', 'CLIN-INFO@2025-02-01', 'CMM-211-SCS-TRIAL@FAQ (undated)']);
    expect(ev.rules[2]!.suggestedIndications).toEqual(['failed-back-syndrome']);
  });

  it('every criterion met (failed back syndrome) recommends approval', async () => {
    const { rules, general, trial } = await trialSetup();
    const ev = evaluateCase(buildCase({ findings: allMet([...general, trial], { 'CMM-211.trial.indication.crps': { status: 'not-met' } }) }), rules);
    expect(ev.codes[0]).toMatchObject({ recommendation: 'approve', reasons: [] });
  });

  it('either indication alone satisfies the indication criterion', async () => {
    const { rules, general, trial } = await trialSetup();
    for (const [met, other] of [['failed-back-syndrome', 'crps'], ['crps', 'failed-back-syndrome']]) {
      const findings = allMet([...general, trial], { [`CMM-211.trial.indication.${other}`]: { status: 'not-met' } });
      findings[`CMM-211.trial.indication.${met}`] = { status: 'met' };
      expect(evaluateCase(buildCase({ findings }), rules).codes[0]!.recommendation).toBe('approve');
    }
    const neither = allMet([...general, trial], {
      'CMM-211.trial.indication.crps': { status: 'not-met' },
      'CMM-211.trial.indication.failed-back-syndrome': { status: 'not-met' },
    });
    const ev = evaluateCase(buildCase({ findings: neither }), rules);
    expect(ev.codes[0]!.recommendation).toBe('not-medically-necessary');
    expect(ev.codes[0]!.reasons.map((r) => r.criterionId).sort()).toEqual(['CMM-211.trial.indication.crps', 'CMM-211.trial.indication.failed-back-syndrome']);
  });

  it('each trial criterion not met makes the trial not medically necessary, citing that criterion', async () => {
    const { rules, general, trial } = await trialSetup();
    const criteria = ['CMM-211.trial.conservative-care', 'CMM-211.trial.surgery-not-indicated', 'CMM-211.trial.mental-health-evaluation'];
    for (const id of criteria) {
      const findings = allMet([...general, trial], { [id]: { status: 'not-met' } });
      const ev = evaluateCase(buildCase({ findings }), rules);
      expect(ev.codes[0]!.recommendation, id).toBe('not-medically-necessary');
      expect(ev.codes[0]!.reasons.map((r) => r.criterionId), id).toEqual([id]);
      const leaf = leavesOf(trial.criteria).find((l) => l.id === id)!;
      expect(ev.codes[0]!.reasons[0]).toMatchObject({ guidelineId: 'CMM-211', ruleId: 'CMM-211-SCS-TRIAL', source: { file: '003_408ef1cc87917041.txt' } });
      expect(ev.codes[0]!.reasons[0]!.letterSentence.startsWith(leaf.notMetSentence)).toBe(true);
    }
  });

  it('six consecutive months of conservative care: 6 and 6.5 meet, 5.9 does not, whatever status was ticked as met', async () => {
    const { rules, general, trial } = await trialSetup();
    const at = (months: number) =>
      evaluateCase(buildCase({ findings: allMet([...general, trial], { 'CMM-211.trial.conservative-care': { status: 'met', facts: { conservativeCareMonths: months } } }) }), rules).codes[0]!;
    expect(at(6).recommendation).toBe('approve');
    expect(at(6.5).recommendation).toBe('approve');
    const under = at(5.9);
    expect(under.recommendation).toBe('not-medically-necessary');
    expect(under.reasons[0]!.letterSentence).toContain('The records show 5.9 months; the guideline requires at least 6 months.');
  });

  it('a criterion the records do not document means medical necessity cannot be established', async () => {
    const { rules, general, trial } = await trialSetup();
    const ev = evaluateCase(buildCase({ findings: allMet([...general, trial], { 'CMM-211.trial.mental-health-evaluation': { status: 'not-documented' } }) }), rules);
    expect(ev.codes[0]!.recommendation).toBe('cannot-establish');
    expect(ev.codes[0]!.reasons.map((r) => r.criterionId)).toEqual(['CMM-211.trial.mental-health-evaluation']);
  });

  it('one criterion still unreviewed keeps the code incomplete', async () => {
    const { rules, general, trial } = await trialSetup();
    const findings = allMet([...general, trial]);
    delete findings['CMM-211.trial.surgery-not-indicated'];
    expect(evaluateCase(buildCase({ findings }), rules).codes[0]!.recommendation).toBe('incomplete');
  });
});

describe('spinal cord stimulator permanent implant (CMM-211, seed 003)', () => {
  const codes = [{ code: '63650', units: 2 }, { code: '63685', units: 1 }];

  it('63650 with a pulse generator is the permanent implant, not the trial', async () => {
    const { rules } = await trialSetup();
    const ev = evaluateCase(buildCase({ codes }), rules);
    expect(ev.rules.map((r) => r.ruleId)).toEqual(['CMM.PRF', 'CLIN-INFO', 'CMM-211-SCS-PERMANENT']);
    expect(ev.rules[2]!.codes).toEqual(['63650', '63685']);
    expect(ev.codes.map((c) => c.decidedUnder.at(-1))).toEqual(['CMM-211-SCS-PERMANENT@FAQ (undated)', 'CMM-211-SCS-PERMANENT@FAQ (undated)']);
  });

  it('needs at least a 50 percent pain reduction in the trial: 50 and 51 meet, 49 does not', async () => {
    const { rules, general, permanent } = await trialSetup();
    const at = (percent: number) =>
      evaluateCase(buildCase({ codes, findings: allMet([...general, permanent], { 'CMM-211.permanent.trial-pain-reduction': { facts: { trialPainReductionPercent: percent } } }) }), rules).codes;
    expect(at(50).map((c) => c.recommendation)).toEqual(['approve', 'approve']);
    expect(at(51).map((c) => c.recommendation)).toEqual(['approve', 'approve']);
    const under = at(49);
    expect(under.map((c) => c.recommendation)).toEqual(['not-medically-necessary', 'not-medically-necessary']);
    expect(under[1]!.reasons[0]).toMatchObject({ criterionId: 'CMM-211.permanent.trial-pain-reduction' });
    expect(under[1]!.reasons[0]!.letterSentence).toContain('The records show 49 percent; the guideline requires at least 50 percent.');
  });

  it('each permanent criterion not met is cited', async () => {
    const { rules, general, permanent } = await trialSetup();
    for (const id of ['CMM-211.permanent.conservative-care', 'CMM-211.permanent.surgery-not-indicated', 'CMM-211.permanent.mental-health-evaluation', 'CMM-211.permanent.trial-pain-reduction']) {
      const ev = evaluateCase(buildCase({ codes, findings: allMet([...general, permanent], { [id]: { status: 'not-met', facts: {} } }) }), rules);
      expect(ev.codes[1]!.recommendation, id).toBe('not-medically-necessary');
      expect(ev.codes[1]!.reasons.map((r) => r.criterionId), id).toEqual([id]);
    }
  });
});
