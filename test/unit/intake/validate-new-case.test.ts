import { describe, expect, it } from 'vitest';
import { isValidNpi, normalizeIcd10, problemsByField, validateNewCase, withOffset } from '../../../shared/intake/validate-new-case';
import { newCaseForm } from './new-case-form-fixture';

const NOW = new Date('2026-10-01T15:00:00Z');

const form = newCaseForm;

function problemAt(input: unknown, field: string): string | undefined {
  const v = validateNewCase(input, NOW);
  return v.ok ? undefined : problemsByField(v.problems)[field];
}

describe('NPI check digit', () => {
  it('accepts NPIs whose Luhn check over 80840 + the first nine digits holds', () => {
    for (const npi of ['1234567893', '1234567802', '1234567810']) expect(isValidNpi(npi)).toBe(true);
  });
  it('refuses a single mistyped digit, a transposition, and wrong lengths', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('1234567839')).toBe(false);
    expect(isValidNpi('2134567893')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678930')).toBe(false);
  });
});

describe('validateNewCase', () => {
  it('accepts a complete request and normalizes codes', () => {
    const v = validateNewCase(form({ codes: [{ code: ' 0275t ', units: 1, modifiers: ['lt'] }], diagnoses: [{ code: 'm5416' }] }), NOW);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.request.codes[0]).toMatchObject({ code: '0275T', modifiers: ['LT'] });
    expect(v.request.diagnoses[0]!.code).toBe('M54.16');
  });

  it('names each missing required field', () => {
    const v = validateNewCase({}, NOW);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const by = problemsByField(v.problems);
    for (const f of ['member', 'plan', 'requestingProvider', 'receivedAt', 'urgency']) expect(by[f], f).toBeDefined();
  });

  it('takes a request with the gaps a PAS request may have (date of birth, line of business, date of service, diagnoses, units, guideline), but not one with nothing requested', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const base = form({}) as Record<string, any>;
    const gappy = structuredClone(base);
    delete gappy.member.dateOfBirth;
    delete gappy.plan.lineOfBusiness;
    delete gappy.dateOfService;
    delete gappy.guidelineId;
    gappy.diagnoses = [];
    delete gappy.codes[0].units;
    const v = validateNewCase(gappy, NOW);
    expect(v.ok, JSON.stringify(v)).toBe(true);
    expect(problemAt({ ...base, codes: [] }, 'codes')).toMatch(/at least one requested code/);
  });

  it('member id, name and date of birth', () => {
    expect(problemAt(form({ member: { id: '', name: 'A', dateOfBirth: '1960-01-01' } }), 'member.id')).toMatch(/member id/);
    expect(problemAt(form({ member: { id: 'W 1', name: 'A', dateOfBirth: '1960-01-01' } }), 'member.id')).toMatch(/letters, digits/);
    expect(problemAt(form({ member: { id: 'W1', name: ' ', dateOfBirth: '1960-01-01' } }), 'member.name')).toMatch(/name/);
    expect(problemAt(form({ member: { id: 'W1', name: 'A', dateOfBirth: '2026-10-01' } }), 'member.dateOfBirth')).toMatch(/past/);
    expect(problemAt(form({ member: { id: 'W1', name: 'A', dateOfBirth: '2031-01-01' } }), 'member.dateOfBirth')).toMatch(/past/);
    expect(problemAt(form({ member: { id: 'W1', name: 'A', dateOfBirth: '17/04/1961' } }), 'member.dateOfBirth')).toMatch(/MM\/DD\/YYYY/);
    expect(problemAt(form({ member: { id: 'W1', name: 'A', dateOfBirth: '1861-04-17' } }), 'member.dateOfBirth')).toMatch(/1900/);
  });

  it('plan and line of business', () => {
    expect(problemAt(form({ plan: { name: 'X', lineOfBusiness: 'hmo' } }), 'plan.lineOfBusiness')).toMatch(/line of business/);
    expect(problemAt(form({ plan: { name: '', lineOfBusiness: 'medicaid' } }), 'plan.name')).toMatch(/plan/);
    expect(validateNewCase(form({ plan: { name: 'X', lineOfBusiness: 'medicare-advantage' } }), NOW).ok).toBe(true);
  });

  it('providers: NPI format and check digit, servicing provider optional but checked', () => {
    expect(problemAt(form({ requestingProvider: { name: 'Dr. A', npi: '12345' } }), 'requestingProvider.npi')).toMatch(/10 digits/);
    expect(problemAt(form({ requestingProvider: { name: 'Dr. A', npi: '1234567890' } }), 'requestingProvider.npi')).toMatch(/check digit/);
    expect(problemAt(form({ servicingProvider: { name: 'Dr. B', npi: '1234567894' } }), 'servicingProvider.npi')).toMatch(/check digit/);
    expect(validateNewCase(form({ servicingProvider: { name: 'Dr. B', npi: '1234567810' } }), NOW).ok).toBe(true);
  });

  it('procedure codes, units and modifiers', () => {
    const code = (c: unknown) => problemAt(form({ codes: [c] }), 'codes.0.code');
    expect(code({ code: '6365', units: 1 })).toMatch(/CPT code is 5 digits/);
    // The message names the code, so a list of several says which one is wrong.
    expect(code({ code: '6365', units: 1 })).toMatch(/^"6365" is not a procedure code/);
    expect(code({ code: 'W1234', units: 1 })).toMatch(/HCPCS/);
    expect(code({ code: '3008F', units: 1 })).toMatch(/Category II/);
    expect(code({ code: 'L8680', units: 1 })).toBeUndefined();
    expect(problemAt(form({ codes: [{ code: '63650', units: 0 }] }), 'codes.0.units')).toMatch(/At least 1/);
    expect(problemAt(form({ codes: [{ code: '63650', units: 1.5 }] }), 'codes.0.units')).toMatch(/whole number/);
    expect(problemAt(form({ codes: [{ code: '63650', units: 1000 }] }), 'codes.0.units')).toMatch(/999/);
    expect(problemAt(form({ codes: [{ code: '63650', units: 1, modifiers: ['L'] }] }), 'codes.0.modifiers.0')).toMatch(/two letters/);
    expect(problemAt(form({ codes: [{ code: '63650', units: 1, modifiers: ['LT', 'LT'] }] }), 'codes.0.modifiers.1')).toMatch(/twice/);
    expect(problemAt(form({ codes: [{ code: '63650', units: 1 }, { code: '63650', units: 1 }] }), 'codes.1.code')).toMatch(/line 1/);
    expect(problemAt(form({ codes: [] }), 'codes')).toMatch(/at least one/);
  });

  it('ICD-10-CM diagnoses', () => {
    const dx = (c: string) => problemAt(form({ diagnoses: [{ code: c }] }), 'diagnoses.0.code');
    expect(dx('M54.16')).toBeUndefined();
    expect(dx('G894')).toBeUndefined();
    expect(dx('M54.1234X')).toMatch(/ICD-10-CM/);
    expect(dx('54.16')).toMatch(/ICD-10-CM/);
    expect(dx('M5')).toMatch(/ICD-10-CM/);
    expect(problemAt(form({ diagnoses: [{ code: 'M96.1' }, { code: 'G8.94' }] }), 'diagnoses.1.code')).toMatch(/^"G8.94" is not an ICD-10-CM code/);
    expect(problemAt(form({ diagnoses: [{ code: 'M96.1' }, { code: 'm961' }] }), 'diagnoses.1.code')).toMatch(/twice/);
    expect(normalizeIcd10(' g89.4 ')).toBe('G89.4');
  });

  it('dates: received not in the future, service not before birth', () => {
    expect(problemAt(form({ receivedAt: '2026-10-02T09:00:00-05:00' }), 'receivedAt')).toMatch(/future/);
    expect(problemAt(form({ receivedAt: '2026-10-01T09:00' }), 'receivedAt')).toMatch(/date and time/);
    expect(problemAt(form({ dateOfService: '1950-01-01' }), 'dateOfService')).toMatch(/before the member was born/);
    expect(problemAt(form({ dateOfService: '2026-13-01' }), 'dateOfService')).toMatch(/MM\/DD\/YYYY/);
  });

  it('urgency and guideline', () => {
    expect(problemAt(form({ urgency: 'urgent' }), 'urgency')).toMatch(/standard or expedited/);
    expect(problemAt(form({ guidelineId: '' }), 'guidelineId')).toMatch(/guideline/);
  });

  it('withOffset turns a local date-time into ISO with the machine offset', () => {
    expect(withOffset('2026-10-01T08:30', -300)).toBe('2026-10-01T08:30:00-05:00');
    expect(withOffset('2026-10-01T08:30', 330)).toBe('2026-10-01T08:30:00+05:30');
  });
});
