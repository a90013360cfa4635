import { describe, expect, it } from 'vitest';
import { criteriaForCase, evaluateCase } from '../../../shared/rules/evaluate-case';
import { findNode } from '../../../shared/rules/evaluate-criteria';
import { allMet, buildCase, realRules, ruleVersion } from './case-builder';

const DOS = '2026-12-07';

async function approvable(dos = DOS) {
  const rules = await realRules();
  const files = [ruleVersion(rules, 'CMM.PRF', dos), ruleVersion(rules, 'CLIN-INFO', dos), ruleVersion(rules, 'CMM-211-SCS-TRIAL', dos)];
  return { rules, findings: allMet(files) };
}

describe('Preface versions (seeds 000 and 001)', () => {
  it('applies the 2024 Preface up to 2026-08-03 and CMM.PRF v1.0.2026 from 2026-08-04', async () => {
    const rules = await realRules();
    const versionOn = (d: string) => evaluateCase(buildCase({ dateOfService: d }), rules).rules.find((r) => r.ruleId === 'CMM.PRF');
    expect(versionOn('2026-08-03')).toMatchObject({ version: '2024-08-01', source: { file: '000_8a99f64e0e03d4f0.txt' } });
    expect(versionOn('2026-08-04')).toMatchObject({ version: 'v1.0.2026', source: { file: '001_9263939c6024a100.txt' } });
  });

  it('a date of service before every version is an error, and no code gets a recommendation', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ dateOfService: '2024-07-31' }), rules);
    expect(ev.errors.map((e) => e.kind)).toContain('no-version-in-effect');
    expect(ev.errors.find((e) => e.message.includes('CMM.PRF'))!.message).toMatch(/2024-07-31 is before every encoded version of CMM.PRF/);
    expect(ev.codes[0]!.recommendation).toBe('incomplete');
  });

  it('warns when the catalogue lists a newer Preface version whose text is not encoded (12/18/2025)', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ dateOfService: '2026-01-10' }), rules);
    expect(ev.rules.find((r) => r.ruleId === 'CMM.PRF')!.version).toBe('2024-08-01');
    expect(ev.notices.find((n) => n.kind === 'catalogue-version-not-encoded')!.message).toContain('2025-12-18');
    expect(evaluateCase(buildCase({ dateOfService: '2025-06-10' }), rules).notices.some((n) => n.kind === 'catalogue-version-not-encoded')).toBe(false);
  });

  it('an unreconciled imaging discrepancy means medical necessity cannot be established, citing the imaging requirement', async () => {
    const { rules, findings } = await approvable();
    const ev = evaluateCase(buildCase({ findings: { ...findings, 'CMM.PRF.pa.imaging-independent-read': { status: 'not-met' } } }), rules);
    expect(ev.codes[0]).toMatchObject({ recommendation: 'cannot-establish' });
    expect(ev.codes[0]!.reasons).toEqual([expect.objectContaining({ criterionId: 'CMM.PRF.pa.imaging-independent-read', ruleId: 'CMM.PRF', version: 'v1.0.2026', source: { file: '001_9263939c6024a100.txt', section: 'Prior Authorization Requirements', note: expect.any(String) } })]);
  });

  it('each prior-authorization requirement not met is cited', async () => {
    const { rules, findings } = await approvable();
    for (const id of ['CMM.PRF.pa.recent-consultation', 'CMM.PRF.pa.history-exam', 'CMM.PRF.pa.treatment-response', 'CMM.PRF.pa.diagnostic-testing', 'CMM.PRF.pa.other-provider-reports']) {
      const ev = evaluateCase(buildCase({ findings: { ...findings, [id]: { status: 'not-met' } } }), rules);
      expect(ev.codes[0]!.recommendation, id).toBe('cannot-establish');
      expect(ev.codes[0]!.reasons.map((r) => r.criterionId), id).toEqual([id]);
    }
  });

  it('the exception-request requirement applies only when an exception is requested', async () => {
    const rules = await realRules();
    const id = 'CMM.PRF.pa.exception-records';
    const status = (exceptionRequested: boolean) =>
      findNode(evaluateCase(buildCase({ exceptionRequested, findings: { [id]: { status: 'not-met' } } }), rules).rules[0]!.tree, id)!.status;
    expect(status(false)).toBe('not-applicable');
    expect(status(true)).toBe('not-met');
    expect(evaluateCase(buildCase({ exceptionRequested: true }), rules).notices.some((n) => n.kind === 'exception-requested')).toBe(true);
  });

  it('a sequential request needs the previous service\'s effect; an unperformed one needs documentation of non-performance', async () => {
    const { rules, findings } = await approvable();
    const base = { ...findings };
    delete base['CMM.PRF.seq.previous-effect'];
    delete base['CMM.PRF.seq.non-performance'];
    const performed = evaluateCase(buildCase({ findings: base, priorRequests: [{ codes: ['63650'], decidedOn: '2026-06-01', outcome: 'approved', performed: true }] }), rules);
    expect(findNode(performed.rules[0]!.tree, 'CMM.PRF.seq.previous-effect')!.status).toBe('unreviewed');
    expect(findNode(performed.rules[0]!.tree, 'CMM.PRF.seq.non-performance')!.status).toBe('not-applicable');
    expect(performed.codes[0]!.recommendation).toBe('incomplete');
    const notDone = evaluateCase(buildCase({ findings: { ...base, 'CMM.PRF.seq.non-performance': { status: 'not-documented' } }, priorRequests: [{ codes: ['63650'], decidedOn: '2026-06-01', outcome: 'approved', performed: false }] }), rules);
    expect(notDone.codes[0]!.recommendation).toBe('cannot-establish');
    expect(notDone.codes[0]!.reasons.map((r) => r.criterionId)).toEqual(['CMM.PRF.seq.non-performance']);
    expect(evaluateCase(buildCase({ findings: base }), rules).codes[0]!.recommendation).toBe('approve');
  });

  it('unreadable records: medical necessity cannot be established (clinical information, seed 002)', async () => {
    const { rules, findings } = await approvable();
    const ev = evaluateCase(buildCase({ findings: { ...findings, 'CLIN-INFO.legible': { status: 'not-met' } } }), rules);
    expect(ev.codes[0]).toMatchObject({ recommendation: 'cannot-establish', reasons: [expect.objectContaining({ criterionId: 'CLIN-INFO.legible', source: expect.objectContaining({ file: '002_e4a4264e9fff54bb.txt' }) })] });
  });

  it('Medicare and Medicare Advantage members: CMS coverage policy supersedes the guideline', async () => {
    const { rules, findings } = await approvable();
    for (const lob of ['medicare', 'medicare-advantage'] as const) {
      const ev = evaluateCase(buildCase({ lineOfBusiness: lob, findings }), rules);
      expect(ev.codes[0]!.recommendation).toBe('cms-policy-supersedes');
      expect(ev.codes[0]!.reasons[0]).toMatchObject({ criterionId: 'CMM.PRF.cms-policy-supersedes', source: { section: 'Benefits, Coverage Policies, and Eligibility Issues' } });
      expect(ev.notices.some((n) => n.kind === 'cms-policy-supersedes')).toBe(true);
      expect(evaluateCase(buildCase({ lineOfBusiness: lob, findings }), rules, { applyCmsPrecedence: false }).codes[0]!.recommendation).toBe('approve');
    }
  });

  it('a code the guideline does not review is out of scope; one another guideline reviews names it', async () => {
    const { rules, findings } = await approvable();
    const ev = evaluateCase(buildCase({ findings, codes: [{ code: '63650', units: 2 }, { code: '62362' }, { code: '27447' }] }), rules);
    expect(ev.codes.map((c) => c.recommendation)).toEqual(['approve', 'out-of-scope', 'out-of-scope']);
    expect(ev.codes[1]!.reasons[0]!.letterSentence).toContain('reviewed under guideline CMM-210');
    expect(ev.codes[2]!.reasons[0]!.source.section).toBe('Out of Scope Requests for a CPT®/HCPCS Code');
  });

  it('a guideline without encoded criteria says so, and the reviewer\'s free-text criteria then decide', async () => {
    const rules = await realRules();
    const plain = evaluateCase(buildCase({ guidelineId: 'CMM-609', codes: [{ code: '22612' }] }), rules);
    expect(plain.notices[0]!.message).toBe('Criteria for CMM-609 (Lumbar Fusion (Arthrodesis) (CMM-609)) are not encoded: add free-text criteria for this case.');
    expect(plain.codes[0]!.recommendation).toBe('incomplete');
    expect(plain.rules.map((r) => r.ruleId)).toEqual(['CMM.PRF', 'CLIN-INFO']);
    const prf = ruleVersion(rules, 'CMM.PRF', DOS);
    const clin = ruleVersion(rules, 'CLIN-INFO', DOS);
    const custom = [{ id: 'custom-instability', text: 'Spondylolisthesis with instability on flexion-extension films.' }];
    const decided = evaluateCase(buildCase({ guidelineId: 'CMM-609', codes: [{ code: '22612' }], customCriteria: custom, findings: allMet([prf, clin], { 'custom-instability': { status: 'not-met' } }) }), rules);
    expect(decided.codes[0]).toMatchObject({ recommendation: 'not-medically-necessary', reasons: [expect.objectContaining({ criterionId: 'custom-instability', letterSentence: 'The records do not show the following: Spondylolisthesis with instability on flexion-extension films.' })] });
  });

  it('an unknown guideline id is an error', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ guidelineId: 'CMM-999' }), rules);
    expect(ev.errors).toEqual([expect.objectContaining({ kind: 'unknown-guideline' })]);
  });

  it('criteriaForCase returns the applicable versions with their trees for the panel', async () => {
    const rules = await realRules();
    const c = criteriaForCase(buildCase(), rules);
    expect(c.rules.map((r) => [r.rule.id, r.rule.version, r.codes])).toEqual([
      ['CMM.PRF', 'v1.0.2026', ['63650']], ['CLIN-INFO', '2025-02-01', ['63650']], ['CMM-211-SCS-TRIAL', 'FAQ (undated)', ['63650']],
    ]);
    expect(c.rules[0]!.rule.criteria.children.length).toBeGreaterThan(0);
    expect(c.guidelineTitle).toBe('Spinal Cord and Dorsal Root Ganglion Stimulation (CMM-211)');
  });
});
