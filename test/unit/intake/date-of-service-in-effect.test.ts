/**
 * A date of service no Preface version covers is stopped at intake; a guideline without an encoded
 * version in effect that day is flagged. On the real rule files (rules/guidelines).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRulesProvider } from '../../../main/rules/rules-provider';
import { dateOfServiceProblem, ruleVersionsOf, type RuleVersion } from '../../../shared/intake/date-of-service-in-effect';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let versions: RuleVersion[];

beforeAll(async () => {
  versions = ruleVersionsOf(await createRulesProvider(root)());
});

describe('date of service against the rule versions', () => {
  it('a date before every Preface version is an error that names the earliest', () => {
    const p = dateOfServiceProblem('2020-05-01', 'CMM-211', versions);
    expect(p?.severity).toBe('error');
    expect(p?.message).toMatch(/May 1, 2020/);
    expect(p?.message).toMatch(/August 1, 2024/);
  });

  it('dates covered by a Preface version pass, on either side of the 2026 change', () => {
    expect(dateOfServiceProblem('2024-08-01', 'CMM-211', versions)).toBeNull();
    expect(dateOfServiceProblem('2026-08-03', 'CMM-211', versions)).toBeNull();
    expect(dateOfServiceProblem('2026-08-04', 'CMM-211', versions)).toBeNull();
    expect(dateOfServiceProblem('2026-12-07', 'CMM-211', versions)).toBeNull();
  });

  it('a guideline whose versions all start later is a warning, not an error', () => {
    const fake: RuleVersion[] = [...versions, { ruleId: 'CMM-999-X', role: 'guideline', guidelineId: 'CMM-999', title: 'X', effectiveFrom: '2027-01-01' }];
    const p = dateOfServiceProblem('2026-12-07', 'CMM-999', fake);
    expect(p).toMatchObject({ severity: 'warning' });
    expect(p?.message).toMatch(/January 1, 2027/);
  });

  it('a half-typed date says nothing yet', () => {
    expect(dateOfServiceProblem('2020-05', 'CMM-211', versions)).toBeNull();
  });
});
