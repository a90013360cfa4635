/**
 * The order of the recommendation: a failure that decides is not hidden by what is still
 * unreviewed; what was not needed is listed per code; a document not yet in effect does not apply.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import type { RuleSet } from '../../../shared/rules/rule-set';
import { allMet, buildCase, realRules, ruleVersion } from './case-builder';

const DOS = '2026-12-07';

describe('decisive failures decide', () => {
  it('a failed Preface requirement gives cannot-establish at once, the unreviewed guideline criteria listed as also not reviewed', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ findings: { 'CMM.PRF.pa.recent-consultation': { status: 'not-met' } } }), rules);
    const code = ev.codes[0]!;
    expect(code.recommendation).toBe('cannot-establish');
    expect(code.reasons.map((r) => r.criterionId)).toEqual(['CMM.PRF.pa.recent-consultation']);
    expect(code.reasons[0]!.remedy).toBe('A note from a recent visit, in person or by video, with the treating provider.');
    expect(code.alsoNotReviewed.map((o) => o.id)).toEqual(expect.arrayContaining(['CMM-211.trial.conservative-care', 'CMM-211.trial.mental-health-evaluation', 'CLIN-INFO.legible']));
    expect(code.alsoNotReviewed.map((o) => o.id)).not.toContain('CMM.PRF.pa.recent-consultation');
  });

  it('a failed guideline tree gives its outcomeWhenNotMet at once, with the Preface unreviewed', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ findings: { 'CMM-211.trial.surgery-not-indicated': { status: 'not-met' } } }), rules);
    expect(ev.codes[0]).toMatchObject({ recommendation: 'not-medically-necessary', reasons: [expect.objectContaining({ criterionId: 'CMM-211.trial.surgery-not-indicated' })] });
    const pump = evaluateCase(buildCase({ guidelineId: 'CMM-210', codes: [{ code: '62327', units: 1 }], indication: 'cancer-pain', findings: { 'CMM-210.trial.cancer.noninvasive-failed': { status: 'not-met' } } }), rules);
    expect(pump.codes[0]!.recommendation).toBe('experimental');
  });

  it('both failing: the guideline\'s outcome, with the Preface\'s unmet requirement among the reasons', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ findings: { 'CMM-211.trial.surgery-not-indicated': { status: 'not-met' }, 'CLIN-INFO.legible': { status: 'not-met' } } }), rules);
    expect(ev.codes[0]!.recommendation).toBe('not-medically-necessary');
    expect(ev.codes[0]!.reasons.map((r) => r.criterionId)).toEqual(['CMM-211.trial.surgery-not-indicated', 'CLIN-INFO.legible']);
  });

  it('an any-group with one met alternative is met: its unreviewed alternative is not listed', async () => {
    const rules = await realRules();
    const files = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS), ruleVersion(rules, 'CMM-211-SCS-TRIAL', DOS)];
    const findings = allMet(files);
    delete findings['CMM-211.trial.indication.crps'];
    const code = evaluateCase(buildCase({ findings }), rules).codes[0]!;
    expect(code).toMatchObject({ recommendation: 'approve', alsoNotReviewed: [] });
  });

  it('nothing failed and something unreviewed: incomplete, the open criteria listed', async () => {
    const rules = await realRules();
    const files = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS), ruleVersion(rules, 'CMM-211-SCS-TRIAL', DOS)];
    const findings = allMet(files, { 'CMM-211.trial.indication.crps': { status: 'not-met' } });
    delete findings['CMM-211.trial.mental-health-evaluation'];
    const code = evaluateCase(buildCase({ findings }), rules).codes[0]!;
    expect(code.recommendation).toBe('incomplete');
    expect(code.alsoNotReviewed.map((o) => o.id)).toEqual(['CMM-211.trial.mental-health-evaluation']);
  });
});

describe('a document not yet in effect does not apply', () => {
  it('2024-08-01 to 2025-01-31: the clinical-information policy (effective February 1, 2025) is left out with a notice, not an error', async () => {
    const rules = await realRules();
    for (const dos of ['2024-08-01', '2025-01-31']) {
      const ev = evaluateCase(buildCase({ dateOfService: dos }), rules);
      expect(ev.errors, dos).toEqual([]);
      expect(ev.rules.map((r) => r.ruleId), dos).toEqual(['CMM.PRF', 'CMM-211-SCS-TRIAL']);
      expect(ev.notices.find((n) => n.kind === 'rule-not-yet-in-effect')!.message).toBe(`"Clinical Information to Establish Medical Necessity" takes effect on 2025-02-01, after the date of service ${dos}, so it does not apply to this request.`);
    }
    expect(evaluateCase(buildCase({ dateOfService: '2025-02-01' }), rules).rules.map((r) => r.ruleId)).toContain('CLIN-INFO');
  });

  it('guideline criteria that take effect after the date of service: the codes are not out of scope, they wait for free-text criteria', async () => {
    const real = await realRules();
    const later = (id: string) => real.ruleFiles.filter((r) => r.id === id).map((r) => ({ ...r, effectiveFrom: '2027-01-01' }));
    const rules: RuleSet = { ...real, ruleFiles: [...real.ruleFiles.filter((r) => !r.id.startsWith('CMM-211')), ...later('CMM-211-SCS-TRIAL'), ...later('CMM-211-SCS-PERMANENT')] };
    const ev = evaluateCase(buildCase(), rules);
    expect(ev.errors).toEqual([]);
    expect(ev.codes[0]!.recommendation).toBe('incomplete');
    expect(ev.notices.filter((n) => n.kind === 'out-of-scope')).toEqual([]);
    expect(ev.notices.filter((n) => n.kind === 'rule-not-yet-in-effect').map((n) => n.message)).toEqual([
      expect.stringContaining('"Spinal cord stimulator (dorsal column): short-term trial" takes effect on 2027-01-01'),
    ]);
  });

  it('a date before every Preface version is still an error', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ dateOfService: '2024-07-31' }), rules);
    expect(ev.errors.map((e) => e.message)).toEqual([expect.stringContaining('2024-07-31 is before every encoded version of CMM.PRF')]);
    expect(ev.codes[0]!.recommendation).toBe('incomplete');
  });
});

describe('the determination checks the engine reads', () => {
  it('units or levels the records do not support: none supported is a coding denial; before 2026-08-04 the check is not asked', async () => {
    const rules = await realRules();
    const files = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS), ruleVersion(rules, 'CMM-211-SCS-TRIAL', DOS)];
    const ev = evaluateCase(buildCase({ findings: allMet(files), checks: [{ kind: 'units-levels', code: '63650', answer: 'no', supportedUnits: 0 }] }), rules);
    expect(ev.codes[0]).toMatchObject({ recommendation: 'coding', reasons: [expect.objectContaining({ source: expect.objectContaining({ section: 'Quantity of Units/Levels' }) })] });
    const open = evaluateCase(buildCase({ findings: allMet(files), checks: [{ kind: 'units-levels', code: '63650', answer: 'no' }] }), rules);
    expect(open.codes[0]).toMatchObject({ recommendation: 'incomplete', alsoNotReviewed: [expect.objectContaining({ id: 'units-levels' })] });
    const early = evaluateCase(buildCase({ dateOfService: '2026-03-02' }), rules);
    expect(early.checks.map((c) => c.kind)).not.toContain('units-levels');
    expect(early.checks.map((c) => c.kind)).toContain('contingency-codes');
  });

  it('the exception request stated on the request answers the check until the reviewer does', async () => {
    const rules = await realRules();
    const stated = evaluateCase(buildCase({ exceptionRequested: true }), rules);
    expect(stated.checks.find((c) => c.kind === 'exception-request')).toMatchObject({ answer: 'yes', note: 'Stated on the request.' });
    const overruled = evaluateCase(buildCase({ exceptionRequested: true, checks: [{ kind: 'exception-request', answer: 'no' }] }), rules);
    expect(overruled.notices.map((n) => n.kind)).not.toContain('exception-requested');
  });

  it('the CMS-approved trial check is asked only for Medicare and Medicare Advantage members', async () => {
    const rules = await realRules();
    expect(evaluateCase(buildCase(), rules).checks.map((c) => c.kind)).not.toContain('cms-approved-trial');
    expect(evaluateCase(buildCase({ lineOfBusiness: 'medicare' }), rules).checks.map((c) => c.kind)).toContain('cms-approved-trial');
  });
});
