import { describe, expect, it } from 'vitest';
import { checkCoding } from '../../../shared/coding/check-coding';
import { CodingFile } from '../../../shared/coding/schema';
import { evaluateCase } from '../../../shared/rules/evaluate-case';
import { allMet, buildCase, realRules, ruleVersion } from './case-builder';

const DOS = '2026-12-07';

describe('coding rules (CMM.PRF v1.0.2026, Coding for UM Requests)', () => {
  it('an add-on code requested without its primary is not medically necessary (coding)', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ guidelineId: 'CMM-200', codes: [{ code: '64484', units: 1 }], diagnoses: ['M54.16'] }), rules);
    expect(ev.codingFindings).toEqual([expect.objectContaining({ kind: 'add-on-without-primary', severity: 'denies', code: '64484', relatedCodes: ['64483'] })]);
    expect(ev.codes[0]!.recommendation).toBe('coding');
    expect(ev.codes[0]!.reasons[0]!.source).toMatchObject({ file: '001_9263939c6024a100.txt', section: 'Primary Procedure Not Authorized' });
  });

  it('with its primary present, the add-on follows the primary\'s decision', async () => {
    const rules = await realRules();
    const codes = [{ code: '64483', units: 1 }, { code: '64484', units: 1 }];
    const open = evaluateCase(buildCase({ guidelineId: 'CMM-200', codes, diagnoses: ['M54.16'] }), rules);
    expect(open.codingFindings).toEqual([]);
    expect(open.codes.map((c) => c.recommendation)).toEqual(['incomplete', 'incomplete']);
    const files = [ruleVersion(rules, 'CMM.PRF', DOS), ruleVersion(rules, 'CLIN-INFO', DOS)];
    const custom = [{ id: 'custom-radicular', text: 'Radicular pain with concordant imaging.' }];
    const denied = evaluateCase(buildCase({ guidelineId: 'CMM-200', codes, diagnoses: ['M54.16'], customCriteria: custom, findings: allMet(files, { 'custom-radicular': { status: 'not-met' } }) }), rules);
    expect(denied.codes.map((c) => c.recommendation)).toEqual(['not-medically-necessary', 'not-medically-necessary']);
    expect(denied.codes[1]!.reasons.map((r) => r.criterionId)).toEqual(['coding.add-on-primary-not-approved', 'custom-radicular']);
    const approved = evaluateCase(buildCase({ guidelineId: 'CMM-200', codes, diagnoses: ['M54.16'], customCriteria: custom, findings: allMet(files, { 'custom-radicular': { status: 'met' } }) }), rules);
    expect(approved.codes.map((c) => c.recommendation)).toEqual(['approve', 'approve']);
  });

  it('before 2026-08-04 (2024 Preface, no coding section) coding findings are advisory', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ guidelineId: 'CMM-200', dateOfService: '2026-03-02', codes: [{ code: '64484', units: 1 }], diagnoses: ['M54.16'] }), rules);
    expect(ev.codingFindings[0]!.severity).toBe('advisory');
    expect(ev.codes[0]!.recommendation).toBe('incomplete');
    expect(ev.notices.some((n) => n.kind === 'coding-advisory')).toBe(true);
  });

  it('a "separate procedure" code requested with the procedure it is part of is flagged', async () => {
    const rules = await realRules();
    const ev = evaluateCase(buildCase({ guidelineId: 'CMM-312', codes: [{ code: '29881' }, { code: '29870' }], diagnoses: ['M23.21'] }), rules);
    expect(ev.codingFindings).toEqual([expect.objectContaining({ kind: 'separate-procedure', code: '29870', relatedCodes: ['29881'] })]);
    expect(ev.codes.map((c) => c.recommendation)).toEqual(['incomplete', 'coding']);
  });

  it('mutually exclusive and bundled pairs, unit limits and unlisted codes from coding data', () => {
    const src = { file: 'test', section: 'test' };
    const coding = CodingFile.parse({
      description: 'test', effectiveFrom: '2026-08-04', source: src,
      pairs: [{ keep: '22630', drop: '22612', kind: 'mutually-exclusive', source: src }, { keep: '63047', drop: '63005', kind: 'bundled', source: src }],
      unitLimits: [{ code: '63685', maxUnits: 1, source: src }],
      unlisted: [{ code: '22899', description: 'Unlisted procedure, spine', source: src }],
    });
    const findings = checkCoding({ dateOfService: DOS, coding: [coding], codes: [
      { code: '22630', units: 1 }, { code: '22612', units: 1 }, { code: '63047', units: 1 }, { code: '63005', units: 1 }, { code: '63685', units: 2 }, { code: '22899', units: 1 },
    ] });
    expect(findings.map((f) => [f.kind, f.code, f.severity])).toEqual([
      ['mutually-exclusive', '22612', 'denies'], ['bundled', '63005', 'denies'], ['units-exceed-limit', '63685', 'denies'], ['unlisted-code', '22899', 'advisory'],
    ]);
    expect(findings[0]!.source.section).toBe('Mutually Exclusive Codes');
    expect(findings[1]!.source.section).toBe('Unbundling Codes');
    expect(checkCoding({ dateOfService: DOS, coding: [coding], codes: [{ code: '63685', units: 1 }] })).toEqual([]);
  });

  it('shipped coding data only lists add-ons whose primaries are listed codes, each with a source', async () => {
    const rules = await realRules();
    const addOns = rules.coding.flatMap((c) => c.addOns);
    expect(addOns.length).toBeGreaterThan(5);
    for (const a of addOns) {
      expect(a.source.file).toBe('AMA CPT descriptor');
      expect(a.primaries).not.toContain(a.code);
    }
  });
});
