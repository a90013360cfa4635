import { describe, expect, it } from 'vitest';
import { CaseRequest, ICD10_CM, PROCEDURE_CODE } from '../../../shared/case/schema';

describe('case request schema', () => {
  it('accepts CPT, Category III and HCPCS codes and rejects others', () => {
    for (const ok of ['63650', '0784T', 'L8680', 'C1820']) expect(PROCEDURE_CODE.test(ok)).toBe(true);
    for (const bad of ['6365', '636500', '0784X', 'l8680', '']) expect(PROCEDURE_CODE.test(bad)).toBe(false);
  });
  it('accepts ICD-10-CM codes and rejects others', () => {
    for (const ok of ['M54.16', 'G89.4', 'M96.1', 'G89.29']) expect(ICD10_CM.test(ok)).toBe(true);
    for (const bad of ['U07', '54.16', 'M5', 'M54.16789']) expect(ICD10_CM.test(bad)).toBe(false);
  });
  it('keeps fields it does not know', () => {
    const parsed = CaseRequest.parse({
      member: { id: 'M1', name: 'A B', dateOfBirth: '1970-01-02', futureField: 1 },
      plan: { name: 'P', lineOfBusiness: 'commercial' },
      requestingProvider: { name: 'Dr X', npi: '1234567893' },
      codes: [{ code: '63650', units: 2 }],
      diagnoses: [{ code: 'M96.1' }],
      dateOfService: '2026-12-01',
      receivedAt: '2026-11-20T09:00:00-05:00',
      urgency: 'standard',
      guidelineId: 'CMM-211',
      laterField: 'kept',
    });
    expect((parsed as Record<string, unknown>).laterField).toBe('kept');
    expect((parsed.member as Record<string, unknown>).futureField).toBe(1);
    expect(parsed.codes[0]?.modifiers).toEqual([]);
  });
});
