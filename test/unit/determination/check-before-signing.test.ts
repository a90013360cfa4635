import { describe, expect, it } from 'vitest';
import { checkBeforeSigning, type SigningProblemKind } from '../../../shared/determination/check-before-signing';
import type { CodeDetermination } from '../../../shared/determination/schema';
import type { CaseFile } from '../../../shared/case/schema';
import { approval, denial, makeCase, signer } from './case-fixture';

function withDraft(c: CaseFile, determinations: CodeDetermination[], extra: Partial<NonNullable<CaseFile['determination']>> = {}): CaseFile {
  return { ...c, determination: { createdAt: '2026-09-02T10:00:00Z', updatedAt: '2026-09-02T10:00:00Z', determinations, ...extra } };
}
const kinds = (ps: Array<{ kind: SigningProblemKind }>) => ps.map((p) => p.kind);

describe('check before signing', () => {
  it('passes a complete, cited denial signed by a complete profile', () => {
    expect(checkBeforeSigning(withDraft(makeCase(), [denial()]), { signer })).toEqual([]);
  });

  it('refuses a denial without a cited reason', () => {
    const uncited = { ...denial(), reasons: [{ text: 'Not enough records.' }] };
    const problems = checkBeforeSigning(withDraft(makeCase(), [uncited]), { signer });
    expect(problems).toEqual([
      { kind: 'denial-without-cited-reason', code: '63650', message: '63650: a denial needs at least one reason that cites the guideline or source it rests on.' },
    ]);
    const none = checkBeforeSigning(withDraft(makeCase(), [{ ...denial(), reasons: [] }]), { signer });
    expect(kinds(none)).toEqual(['denial-without-cited-reason']);
    const bySource = checkBeforeSigning(withDraft(makeCase(), [{ ...denial(), reasons: [{ text: 'x', source: 'Member benefit plan, exclusions' }] }]), { signer });
    expect(bySource).toEqual([]);
  });

  it('asks for the clinical judgment and what would change a denial', () => {
    const bare = { ...denial(), clinicalRationale: '  ', whatWouldChange: undefined };
    const messages = checkBeforeSigning(withDraft(makeCase(), [bare]), { signer }).map((p) => p.message);
    expect(messages).toEqual([
      "63650: write the clinical judgment you applied to this member's circumstances.",
      '63650: say what information would change the outcome.',
    ]);
  });

  it('needs an exception rationale to approve against an unmet criterion', () => {
    const approvedAnyway = { ...approval(), basis: { recommendation: 'cannot-establish', unmetCriterionIds: ['CMM.PRF.imaging-reconciled'] } };
    const problems = checkBeforeSigning(withDraft(makeCase(), [approvedAnyway]), { signer });
    expect(problems.map((p) => p.message)).toEqual([
      '63650 is approved although CMM.PRF.imaging-reconciled is not met: write the exception rationale.',
    ]);
    expect(checkBeforeSigning(withDraft(makeCase(), [{ ...approvedAnyway, exceptionRationale: 'Addendum reconciles by phone.' }]), { signer })).toEqual([]);
    // A fresh evaluation overrides what the draft remembered.
    expect(kinds(checkBeforeSigning(withDraft(makeCase(), [approval()]), { signer, unmetCriteriaByCode: { '63650': ['a', 'b'] } }))).toEqual([
      'approval-against-unmet-criterion',
    ]);
  });

  it('makes Medicare and Medicare Advantage drafts acknowledge that CMS coverage policy supersedes', () => {
    for (const line of ['medicare-advantage', 'medicare'] as const) {
      const c = withDraft(makeCase({ lineOfBusiness: line }), [denial()]);
      const problems = checkBeforeSigning(c, { signer });
      expect(kinds(problems)).toEqual(['cms-policy-not-acknowledged']);
      expect(problems[0]?.message).toContain('CMS coverage policy supersedes the CMM guidelines');
      const acked = withDraft(makeCase({ lineOfBusiness: line }), [denial()], { cmsPolicyAcknowledgedAt: '2026-09-02T11:00:00Z' });
      expect(checkBeforeSigning(acked, { signer })).toEqual([]);
    }
    expect(checkBeforeSigning(withDraft(makeCase({ lineOfBusiness: 'medicaid' }), [denial()]), { signer })).toEqual([]);
  });

  it('lets an add-on follow its primary', () => {
    const codes = [
      { code: '64483', units: 1 },
      { code: '64484', units: 2 },
    ];
    const addOns = [{ code: '64484', primaries: ['64483'] }];
    const primaryDenied = withDraft(makeCase({ codes }), [denial('64483', 1), approval('64484', 2)]);
    expect(checkBeforeSigning(primaryDenied, { signer, addOns })).toEqual([
      {
        kind: 'add-on-primary-not-approved',
        code: '64484',
        message: "64484 is an add-on code and its primary 64483 is not approved: the add-on follows the primary's decision.",
      },
    ]);
    const alone = withDraft(makeCase({ codes: [{ code: '64484', units: 2 }] }), [approval('64484', 2)]);
    expect(checkBeforeSigning(alone, { signer, addOns }).map((p) => p.message)).toEqual([
      '64484 is an add-on code and its primary (64483) is not requested: it cannot be approved on its own.',
    ]);
    const both = withDraft(makeCase({ codes }), [approval('64483', 1), approval('64484', 2)]);
    expect(checkBeforeSigning(both, { signer, addOns })).toEqual([]);
    // Denying the add-on with its primary is always allowed.
    expect(checkBeforeSigning(withDraft(makeCase({ codes }), [denial('64483', 1), denial('64484', 2)]), { signer, addOns })).toEqual([]);
  });

  it('needs a determination for every requested code, and none for codes not requested', () => {
    const codes = [
      { code: '63650', units: 2 },
      { code: '63685', units: 1 },
    ];
    const problems = checkBeforeSigning(withDraft(makeCase({ codes }), [denial(), denial('63688', 1)]), { signer });
    expect(problems.map((p) => p.message)).toEqual(['63685 has no determination yet.', '63688 was not requested: remove its determination.']);
    expect(kinds(checkBeforeSigning(makeCase(), { signer }))).toEqual(['no-draft']);
  });

  it('needs a complete signer profile', () => {
    for (const s of [undefined, { name: 'Dana Whitfield' }, { ...signer, credentials: '' }, { ...signer, peerToPeerPhone: 'call me' }]) {
      const problems = checkBeforeSigning(withDraft(makeCase(), [denial()]), { signer: s });
      expect(problems.map((p) => p.message)).toEqual(['Complete your reviewer profile (name, credentials, specialty, peer-to-peer phone) in Settings before signing.']);
    }
    // A profile saved before the specialty was asked still loads; signing asks for the specialty the letter states.
    const { specialty: _none, ...older } = signer;
    expect(checkBeforeSigning(withDraft(makeCase(), [denial()]), { signer: older }).map((p) => p.kind)).toEqual(['signer-specialty-missing']);
  });

  it('refuses pending information, approvals without units or period, and partial approvals that are not partial', () => {
    const pending: CodeDetermination = { ...denial(), outcome: 'pending-information' };
    expect(kinds(checkBeforeSigning(withDraft(makeCase(), [pending]), { signer }))).toEqual(['pending-information']);
    const noPeriod: CodeDetermination = { ...approval(), authorization: undefined };
    expect(kinds(checkBeforeSigning(withDraft(makeCase(), [noPeriod]), { signer }))).toEqual(['approval-without-units-or-period']);
    const notPartial: CodeDetermination = { ...denial(), outcome: 'partially-approved', approvedUnits: 2, authorization: { start: '2026-09-20', end: '2026-10-20' } };
    expect(kinds(checkBeforeSigning(withDraft(makeCase(), [notPartial]), { signer }))).toEqual(['partial-approval-not-partial']);
  });
});
