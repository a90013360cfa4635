/**
 * What arrives in the case from each PAS scenario Bundle written from the profiles: member,
 * coverage, line of business, providers, codes with units and modifiers, diagnoses, date of service,
 * urgency, documents; and the gaps where the profiles allow data to be absent. Updates apply to the
 * case of the request they name.
 */
import { describe, expect, it } from 'vitest';
import { importPasBundle, type PasImport } from '../../../shared/fhir/pas-import';
import { applyPasUpdate, pasSourceOf, updateTargets } from '../../../shared/fhir/pas-update';
import { requestGaps } from '../../../shared/case/request-gaps';
import { CaseFile } from '../../../shared/case/schema';
import { cancellationBundle, homeCareBundle, homeCareUpdateBundle, medicalServicesBundle, modificationBundle, referralBundle, surgicalBundle } from './pas-scenarios';

const guidelines = (codes: string[]) => [...new Set(codes.flatMap((c) => (c.startsWith('636') ? ['CMM-211'] : c === '72148' ? ['CMM-LUMBAR-IMAGING'] : [])))];
const read = (b: unknown) => importPasBundle(b, { guidelinesForCodes: guidelines });
const errorsOf = (r: PasImport) => r.problems.filter((p) => p.severity === 'error');
const warningsOf = (r: PasImport) => r.problems.filter((p) => p.severity === 'warning').map((p) => p.message);

function caseFrom(r: PasImport): CaseFile {
  return CaseFile.parse({ schemaVersion: 1, id: 'PA-20260928-abcdef01', createdAt: '2026-09-28T19:06:00Z', updatedAt: '2026-09-28T19:06:00Z', request: r.request });
}

describe('PAS scenarios import as cases', () => {
  it('referral: an X12 service type kept as not reviewed; the missing date of birth is a gap, not a refusal', () => {
    const r = read(referralBundle());
    expect(errorsOf(r)).toEqual([]);
    expect(r.kind).toBe('request');
    const req = r.request!;
    expect(req.member).toEqual({ id: 'W998877665', name: 'Morgan T Sample', sex: 'female' });
    expect(req.plan).toEqual({ name: 'Open Access Plus', lineOfBusiness: 'commercial' });
    expect(req.requestingProvider).toMatchObject({ name: 'Dr. Alex Rivera', npi: '1234567893', organization: 'Riverside Pain Center' });
    expect(req.servicingProvider).toMatchObject({ name: 'Dr. Casey Lin', npi: '1234567810', organization: 'Spine Specialists of Springfield' });
    expect(req.codes).toEqual([]);
    expect(req.otherServices).toEqual([{ system: 'https://codesystem.x12.org/005010/1365', code: '3', kind: 'X12 service type', display: 'Consultation', units: 3, unitText: 'visits', date: '2026-10-05' }]);
    expect(req.diagnoses).toEqual([{ code: 'M54.16', description: 'Radiculopathy, lumbar region' }]);
    expect(req.dateOfService).toBe('2026-10-05');
    expect(req.urgency).toBe('standard');
    expect(requestGaps(req).map((g) => g.field)).toEqual(['member.dateOfBirth']);
    expect(warningsOf(r)).toEqual(expect.arrayContaining([expect.stringMatching(/date of birth is not in the request/), expect.stringMatching(/X12 service type 3\) is not a CPT or HCPCS code: it is kept and shown as not reviewed/)]));
  });

  it('home care: HCPCS visits with their units, Medicare Advantage from SOPT 111, an agency as requester, the plan of care PDF and the message', () => {
    const r = read(homeCareBundle());
    expect(errorsOf(r)).toEqual([]);
    const req = r.request!;
    expect(req.plan).toEqual({ name: 'Medicare Advantage HMO', lineOfBusiness: 'medicare-advantage' });
    expect(req.requestingProvider).toEqual({ name: 'Prairie Home Health', npi: '1306849450' });
    expect(req.codes.map((c) => [c.code, c.units, c.modifiers])).toEqual([['G0299', 8, []], ['G0151', 12, []]]);
    expect(req.diagnoses.map((d) => d.code)).toEqual(['Z48.811', 'M48.062']);
    expect(req.dateOfService).toBe('2026-10-01');
    expect(r.attachments.map((a) => a.title)).toEqual(['Home health plan of care.pdf']);
    expect(r.source.documents).toEqual([expect.objectContaining({ title: 'Home health plan of care', reportType: '08', reportTypeLabel: 'Plan of treatment', transmission: 'EL', status: 'attached' })]);
    expect(r.source.messages.map((m) => m.text)).toEqual(['Patient discharged 9/26 after lumbar fusion; wound check needed at first visit.']);
    expect(r.source.items.map((i) => [i.sequence, i.traceNumbers[0]?.value])).toEqual([[1, 'HHC-ITEM-1'], [2, 'HHC-ITEM-2']]);
    expect(requestGaps(req).map((g) => g.field)).toEqual(['guidelineId']);
  });

  it('medical services: level of service U is the urgency despite Claim.priority normal; no SOPT is a gap; no quantity is one unit with a warning; the JPEG is listed, not imported', () => {
    const r = read(medicalServicesBundle());
    expect(errorsOf(r)).toEqual([]);
    const req = r.request!;
    expect(req.urgency).toBe('expedited');
    expect(req.plan.lineOfBusiness).toBeUndefined();
    expect(req.codes).toEqual([{ code: '72148', units: 1, unitsAssumed: true, modifiers: [], description: 'MRI lumbar spine without contrast' }]);
    expect(req.diagnoses.map((d) => d.code)).toEqual(['M54.16', 'M21.371']);
    expect(req.dateOfService).toBe('2026-10-02');
    expect(req.servicingProvider).toEqual({ name: 'Springfield Imaging Center', npi: '1215930367' });
    expect(requestGaps(req).map((g) => g.field)).toEqual(['plan.lineOfBusiness']);
    expect(warningsOf(r)).toEqual(expect.arrayContaining([
      '72148: the request gives no quantity; 1 unit is counted.',
      'Claim.priority says normal, the level of service U: the level of service decides (expedited).',
      expect.stringMatching(/no Source of Payment Typology code/),
      '"Gait test photo" is image/jpeg, not a PDF; it was not imported.',
    ]));
    expect(r.source.documents.map((d) => [d.title, d.status])).toEqual([['Progress note 2026-09-24', 'attached'], ['Gait test photo', 'not-a-pdf']]);
    expect(r.source.messages.map((m) => m.text)).toEqual(['New foot drop since Tuesday; please expedite.']);
  });

  it('surgical: codes with units and modifiers, the ICD-10-PCS line kept as not reviewed, the date of service from the admission dates, the principal diagnosis first', () => {
    const r = read(surgicalBundle());
    expect(errorsOf(r)).toEqual([]);
    const req = r.request!;
    expect(req.codes.map((c) => [c.code, c.units, c.modifiers])).toEqual([['63650', 2, ['LT']], ['63685', 1, []]]);
    expect(req.otherServices.map((o) => [o.kind, o.code])).toEqual([['ICD-10-PCS procedure', '0JH60DZ']]);
    expect(req.dateOfService).toBe('2026-10-12');
    expect(req.diagnoses.map((d) => d.code)).toEqual(['G89.4', 'M96.1']);
    expect(req.guidelineId).toBe('CMM-211');
    expect(req.requestingProvider).toEqual({ name: 'Dr. Ngozi Okafor', npi: '1003865023', organization: 'Springfield Neurosurgery' });
    expect(req.servicingProvider).toEqual({ name: 'Dr. Ngozi Okafor', npi: '1003865023', organization: 'Springfield Neurosurgery' });
    expect(requestGaps(req)).toEqual([]);
    expect(r.source.resources.map((x) => [x.role, x.resource.resourceType])).toEqual(
      expect.arrayContaining([['patient', 'Patient'], ['coverage', 'Coverage'], ['insurer', 'Organization'], ['requestor', 'PractitionerRole'], ['careTeam-FA', 'Organization']]),
    );
  });

  it('home-care update: applied to the home-care case as a change of the request (units changed, a code added, a message), not a new case', () => {
    const original = caseFrom(read(homeCareBundle()));
    const update = read(homeCareUpdateBundle());
    expect(errorsOf(update)).toEqual([]);
    expect(update.kind).toBe('update');
    expect(update.certificationType).toBe('S');
    expect(updateTargets(original, update)).toBe(true);
    expect(updateTargets(caseFrom(read(surgicalBundle())), update)).toBe(false);
    const { caseFile, changes } = applyPasUpdate(original, update, new Date('2026-09-30T14:02:00Z'));
    expect(changes).toEqual(['Changed G0299 (item 1): units 8 → 10.', 'Added G0156 ×16 (item 3).', 'A new message from the provider.']);
    expect(caseFile.id).toBe(original.id);
    expect(caseFile.request.codes.map((c) => [c.code, c.units])).toEqual([['G0299', 10], ['G0151', 12], ['G0156', 16]]);
    expect(pasSourceOf(caseFile).updates).toEqual([expect.objectContaining({ certificationType: 'S', claimIdentifier: 'TRN-HHC-0001-U1', changes })]);
  });

  it('cancellation: every item withdrawn, the request shows it and has nothing left to review', () => {
    const original = caseFrom(read(medicalServicesBundle()));
    const update = read(cancellationBundle());
    expect(errorsOf(update)).toEqual([]);
    expect(update.certificationType).toBe('3');
    const { caseFile, changes } = applyPasUpdate(original, update, new Date('2026-09-30T14:02:00Z'));
    expect(changes).toEqual(['Cancelled 72148 ×1 (item 1).']);
    expect(caseFile.request.codes).toEqual([]);
    expect(pasSourceOf(caseFile).items?.map((i) => [i.code, i.cancelled])).toEqual([['72148', true]]);
  });

  it('modification: fewer units, a cancelled code and a new admission date change the request and the draft determinations', () => {
    const original = caseFrom(read(surgicalBundle()));
    original.determination = {
      createdAt: '2026-09-29T10:00:00Z',
      updatedAt: '2026-09-29T10:00:00Z',
      determinations: [
        { code: '63650', requestedUnits: 2, outcome: 'approved', approvedUnits: 2, reasons: [], clinicalRationale: '' },
        { code: '63685', requestedUnits: 1, outcome: 'approved', approvedUnits: 1, reasons: [], clinicalRationale: '' },
      ],
    };
    const { caseFile, changes } = applyPasUpdate(original, read(modificationBundle()), new Date('2026-09-30T14:02:00Z'));
    expect(changes).toEqual(['Changed 63650 (item 1): units 2 → 1.', 'Cancelled 63685 ×1 (item 2).', 'Date of service 2026-10-12 → 2026-10-19.']);
    expect(caseFile.request.codes.map((c) => [c.code, c.units, c.modifiers])).toEqual([['63650', 1, ['LT']]]);
    expect(caseFile.request.dateOfService).toBe('2026-10-19');
    expect(caseFile.determination?.determinations.map((d) => [d.code, d.requestedUnits])).toEqual([['63650', 1]]);
  });

  it('refuses only what cannot become a case: not a Bundle, no Claim, not a prior authorization, no patient, no member id, no requested service', () => {
    expect(errorsOf(read({ resourceType: 'Patient' }))[0]?.message).toBe('This file is not a FHIR Bundle.');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const b = surgicalBundle() as Record<string, any>;
    expect(errorsOf(read({ ...b, entry: b.entry.slice(1) }))[0]?.message).toMatch(/no Claim/);
    const notPa = structuredClone(b);
    notPa.entry[0].resource.use = 'claim';
    expect(errorsOf(read(notPa))[0]?.message).toMatch(/not a prior-authorization request/);
    const noPatient = { ...b, entry: b.entry.filter((e: { resource: { resourceType: string } }) => e.resource.resourceType !== 'Patient') };
    expect(errorsOf(read(noPatient))[0]?.message).toMatch(/patient is not in the Bundle/);
    const noMember = structuredClone(b);
    noMember.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'Coverage').resource.identifier = [];
    expect(errorsOf(read(noMember)).map((p) => p.message)).toEqual([expect.stringMatching(/No member id: PASCoverage requires the memberid identifier/)]);
    const noItems = structuredClone(b);
    noItems.entry[0].resource.item = [];
    expect(errorsOf(read(noItems)).map((p) => p.message)).toEqual(['The Claim requests no service.']);
  });
});
