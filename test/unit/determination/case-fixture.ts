/** A small case file for determination, letter and audit tests: the SCS trial walk-through. */
import { CaseFile, type LineOfBusiness } from '../../../shared/case/schema';
import type { CodeDetermination } from '../../../shared/determination/schema';
import { signDetermination, startDraft } from '../../../shared/determination/sign-and-amend';
import type { ReviewerProfile } from '../../../shared/settings/profile';

export const signer: ReviewerProfile = {
  name: 'Dana Whitfield',
  credentials: 'MD, FAAPMR',
  title: 'Medical Director',
  specialty: 'Physical Medicine and Rehabilitation',
  peerToPeerPhone: '1-800-555-0188 ext. 2210',
};

export function makeCase(opts: { lineOfBusiness?: LineOfBusiness; codes?: Array<{ code: string; units: number; description?: string }> } = {}): CaseFile {
  return CaseFile.parse({
    schemaVersion: 1,
    id: 'C-2026-0042',
    createdAt: '2026-09-01T13:00:00Z',
    updatedAt: '2026-09-01T13:00:00Z',
    status: 'in-review',
    request: {
      member: { id: 'W123456789', name: 'Jordan Q Sample', dateOfBirth: '1961-04-17', address: ['14 Elm Street', 'Rockford, IL 61101'] },
      plan: { name: 'Example Health Choice', lineOfBusiness: opts.lineOfBusiness ?? 'commercial' },
      requestingProvider: { name: 'Dr. Alex Rivera', npi: '1234567893', organization: 'Riverside Pain Center', address: '200 River Road; Rockford, IL 61103' },
      codes: opts.codes ?? [{ code: '63650', units: 2, description: 'placing spinal cord stimulator electrodes through the skin' }],
      diagnoses: [{ code: 'M96.1' }],
      dateOfService: '2026-09-20',
      receivedAt: '2026-09-01T09:00:00-05:00',
      urgency: 'standard',
      guidelineId: 'CMM-211',
    },
  });
}

export const imagingReason = {
  text: 'The records do not reconcile the radiologist’s reading of your lumbar spine scan with your treating doctor’s reading.',
  guidelineId: 'CMM.PRF',
  ruleId: 'CMM.PRF',
  version: 'v1.0.2026',
  criterionId: 'CMM.PRF.imaging-reconciled',
  criterionText: 'Clinically significant discrepancies in interpretations between the ordering provider and the radiologist need to be reconciled in the documentation submitted.',
};

export function denial(code = '63650', units = 2): CodeDetermination {
  return {
    code,
    requestedUnits: units,
    outcome: 'cannot-establish',
    reasons: [imagingReason],
    clinicalRationale: 'The pain physician describes severe stenosis compressing the L5 root while the radiologist reports mild narrowing without compression; this difference bears directly on whether surgery is indicated.',
    whatWouldChange: 'An addendum from the treating physician or radiologist that reconciles the two readings of the March 3 scan.',
  };
}

export function approval(code = '63650', units = 2): CodeDetermination {
  return { code, requestedUnits: units, outcome: 'approved', approvedUnits: units, authorization: { start: '2026-09-20', end: '2026-12-18' }, reasons: [], clinicalRationale: '' };
}

/** A case with a draft of the given determinations, signed (first revision). */
export function signedCase(determinations: CodeDetermination[], opts: Parameters<typeof makeCase>[0] = {}, now = new Date('2026-09-03T15:30:00Z')): CaseFile {
  let c = makeCase(opts);
  const started = startDraft(c, { createdAt: '2026-09-02T10:00:00Z', updatedAt: '2026-09-02T10:00:00Z', determinations }, new Date('2026-09-02T10:00:00Z'));
  if (!started.ok) throw new Error(started.problems.join('; '));
  c = started.caseFile;
  if (c.request.plan.lineOfBusiness?.startsWith('medicare') && c.determination) c.determination.cmsPolicyAcknowledgedAt = '2026-09-02T11:00:00Z';
  const signed = signDetermination(c, signer, now);
  if (!signed.ok) throw new Error(signed.problems.join('; '));
  return signed.caseFile;
}
