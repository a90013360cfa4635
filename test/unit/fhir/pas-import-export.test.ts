import { describe, expect, it } from 'vitest';
import { importPasBundle } from '../../../shared/fhir/pas-import';
import { exportClaimResponse } from '../../../shared/fhir/pas-export';
import { checkPasRequestBundle, checkPasResponseBundle, EXT, SYSTEM } from '../../../shared/fhir/pas-profiles';
import { CaseFile } from '../../../shared/case/schema';
import { pasRequestBundle, type BundleOptions } from './pas-fixtures';

const pdfBytes = new TextEncoder().encode('%PDF-1.4 test bytes');
/** Like main's lookup in the rule files: every guideline that lists any of the codes. */
const guidelines = (codes: string[]) => [...new Set(codes.flatMap((c) => (c.startsWith('636') ? ['CMM-211'] : c.startsWith('623') ? ['CMM-210'] : [])))];
const read = (o: BundleOptions = {}) => importPasBundle(pasRequestBundle(o), { guidelinesForCodes: guidelines });
const errorsOf = (r: ReturnType<typeof read>) => r.problems.filter((p) => p.severity === 'error');

type Json = Record<string, unknown>;

describe('PAS import', () => {
  it('the test bundles carry every element the PAS request profiles require', () => {
    expect(checkPasRequestBundle(pasRequestBundle({ pdfs: [{ title: 'Note', bytes: pdfBytes }] }))).toEqual([]);
    const broken = pasRequestBundle();
    delete broken.timestamp;
    expect(checkPasRequestBundle(broken)).toContain('Bundle.timestamp');
    const noInsurer = pasRequestBundle();
    const claim = (noInsurer.entry as Json[])[0]!.resource as Json;
    delete claim.insurer;
    claim.status = 'draft';
    expect(checkPasRequestBundle(noInsurer)).toEqual(['Claim.status = active', 'Claim.insurer']);
  });

  it('maps the Claim to a case request: member, plan, providers, codes with units and modifiers, diagnoses, date, urgency', () => {
    const r = read({
      items: [
        { code: '63650', units: 2, modifiers: ['lt'], date: '2026-10-05' },
        { code: 'L8680', system: SYSTEM.hcpcs[0], units: 1, date: '2026-10-05' },
      ],
      levelOfService: 'U',
      priority: 'stat',
      sopt: '111',
    });
    expect(errorsOf(r)).toEqual([]);
    const req = r.request!;
    expect(req.member).toMatchObject({ id: 'W998877665', name: 'Morgan T Sample', dateOfBirth: '1968-02-11', sex: 'female' });
    expect(req.plan).toEqual({ name: 'Open Access Plus', lineOfBusiness: 'medicare-advantage' });
    expect(req.requestingProvider).toMatchObject({ name: 'Dr. Alex Rivera', npi: '1234567893', organization: 'Riverside Pain Center' });
    expect(req.servicingProvider).toMatchObject({ name: 'Dr. Casey Lin', npi: '1234567810' });
    expect(req.codes).toEqual([
      { code: '63650', units: 2, modifiers: ['LT'] },
      { code: 'L8680', units: 1, modifiers: [] },
    ]);
    expect(req.diagnoses.map((d) => d.code)).toEqual(['M96.1', 'G89.4']);
    expect(req.dateOfService).toBe('2026-10-05');
    expect(req.urgency).toBe('expedited');
    expect(req.receivedAt).toBe('2026-09-28T14:06:00-05:00');
  });

  it('takes the PDFs attached to the DocumentReferences in supportingInfo, and reports the rest', () => {
    const r = read({
      pdfs: [
        { title: 'Progress note', bytes: pdfBytes },
        { title: 'Photo', bytes: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg' },
      ],
      urlOnlyDocument: true,
    });
    expect(r.attachments).toEqual([{ contentType: 'application/pdf', title: 'Progress note.pdf', data: Buffer.from(pdfBytes).toString('base64') }]);
    const warnings = r.problems.filter((p) => p.severity === 'warning').map((p) => p.message).join('\n');
    expect(warnings).toMatch(/"Photo" is image\/jpeg, not a PDF/);
    expect(warnings).toMatch(/referenced by URL, not carried/);
  });

  it('reports missing or unknown parts as errors and never fills them in', () => {
    const cases: [BundleOptions, string, RegExp][] = [
      [{ memberId: null }, 'Patient.identifier', /member id/],
      [{ birthDate: null }, 'Patient.birthDate', /date of birth/],
      [{ sopt: null }, 'Coverage.type', /line of business is unknown/],
      [{ sopt: '1' }, 'Coverage.type', /SOPT 1/],
      [{ levelOfService: null, priority: null }, 'Claim.priority', /standard or expedited/],
      [{ levelOfService: 'U', priority: 'normal' }, 'Claim.priority', /choose one/],
      [{ items: [{ code: '63650', date: '2026-10-05' }] }, 'Claim.item[0].quantity', /units are missing/],
      [{ items: [{ code: '99999', system: 'http://example.org/local-codes', units: 1, date: '2026-10-05' }] }, 'Claim.item[0].productOrService', /No CPT or HCPCS/],
      [{ items: [{ code: '63650', units: 1 }] }, 'Claim.item.serviced[x]', /No date of service/],
      [{ diagnoses: ['XYZ'] }, 'Claim.diagnosis[0]', /not an ICD-10-CM code/],
      [{ providerNpi: '1234567890' }, 'Claim.provider', /check digit/],
      [{ items: [{ code: '64490', units: 1, date: '2026-10-05' }] }, 'Claim.item', /choose the guideline/],
    ];
    for (const [opts, where, message] of cases) {
      const r = read(opts);
      expect(r.request, where).toBeNull();
      const hit = errorsOf(r).find((p) => p.where === where);
      expect(hit?.message, `${where}: ${JSON.stringify(r.problems)}`).toMatch(message);
    }
  });

  it('refuses what is not a PAS request', () => {
    expect(errorsOf(importPasBundle({ resourceType: 'Patient' }))[0]!.message).toMatch(/not a FHIR Bundle/);
    const noClaim = pasRequestBundle();
    noClaim.entry = (noClaim.entry as Json[]).filter((e) => (e.resource as Json).resourceType !== 'Claim');
    expect(errorsOf(importPasBundle(noClaim))[0]!.message).toMatch(/no Claim/);
    const claimUse = pasRequestBundle();
    ((claimUse.entry as Json[])[0]!.resource as Json).use = 'claim';
    expect(errorsOf(importPasBundle(claimUse, { guidelinesForCodes: guidelines })).map((p) => p.where)).toContain('Claim.use');
  });
});

function signedFrom(request: NonNullable<ReturnType<typeof read>['request']>, determinations: Json[]): CaseFile {
  return CaseFile.parse({
    schemaVersion: 1,
    id: 'PA-20260928-abc12345',
    createdAt: '2026-09-28T19:10:00Z',
    updatedAt: '2026-09-30T15:00:00Z',
    status: 'signed',
    request,
    revisions: [
      {
        id: 'rev-1',
        number: 1,
        signedAt: '2026-09-30T15:00:00Z',
        signer: { name: 'Dana Whitfield', credentials: 'MD', npi: '1234567828' },
        determinations,
      },
    ],
  });
}

describe('PAS export and the round trip', () => {
  const imported = read({
    items: [
      { code: '63650', units: 2, date: '2026-10-05' },
      { code: '63685', units: 1, date: '2026-10-05' },
    ],
  });
  const uuid = (() => {
    let n = 0;
    return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  })();

  it('answers the imported Claim with a ClaimResponse that has every required element', () => {
    expect(imported.request).not.toBeNull();
    const c = signedFrom(imported.request!, [
      { code: '63650', requestedUnits: 2, outcome: 'approved', approvedUnits: 1, authorization: { start: '2026-10-05', end: '2027-01-02' }, reasons: [], clinicalRationale: 'One trial lead suffices.' },
      {
        code: '63685',
        requestedUnits: 1,
        outcome: 'denied-not-medically-necessary',
        reasons: [{ text: 'A permanent implant needs a successful trial first.' }],
        clinicalRationale: 'No trial has been done.',
      },
    ]);
    const { bundle, claimResponse } = exportClaimResponse(c, { newUuid: uuid, now: new Date('2026-09-30T15:05:00Z') });
    expect(checkPasResponseBundle(bundle)).toEqual([]);
    const broken = structuredClone(bundle);
    const response = (broken.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === 'ClaimResponse')!;
    delete response.patient;
    response.use = 'claim';
    expect(checkPasResponseBundle(broken)).toEqual(['ClaimResponse.use = preauthorization', 'ClaimResponse.patient']);
    expect(claimResponse).toMatchObject({ status: 'active', use: 'preauthorization', outcome: 'complete', preAuthRef: 'PA-20260928-abc12345-R1' });
    // The request is the very Claim that was imported, by its business identifier.
    expect(claimResponse.request).toEqual({ type: 'Claim', identifier: { system: 'urn:trnorg:1234567890', value: 'TRN-2026-000117' } });
    const items = claimResponse.item as Json[];
    expect(items.map((i) => i.itemSequence)).toEqual([1, 2]);
    const action = (i: Json) => {
      const ra = ((i.adjudication as Json[])[0]!.extension as Json[]).find((e) => e.url === EXT.reviewAction) as Json;
      const code = (ra.extension as Json[]).find((e) => e.url === EXT.reviewActionCode) as Json;
      return ((code.valueCodeableConcept as Json).coding as Json[])[0]!.code;
    };
    expect(items.map(action)).toEqual(['A1', 'A3']);
    // Approved units fewer than requested travel in the authorized detail.
    expect(JSON.stringify(items[0]!.extension)).toContain('"valueQuantity":{"value":1}');
    const notes = claimResponse.processNote as Json[];
    expect(notes.map((n) => n.text).join('\n')).toMatch(/63685: A permanent implant needs a successful trial first\. No trial has been done\./);
    expect(items[1]!.noteNumber).toEqual([notes.findIndex((n) => String(n.text).startsWith('63685')) + 1]);
    const reviewer = (claimResponse.extension as Json[]).find((e) => e.url === EXT.claimResponseReviewer) as Json;
    expect(reviewer.extension).toEqual([
      { url: 'wasHumanReviewedFlag', valueBoolean: true },
      { url: 'reviewerNPI', valueIdentifier: { system: SYSTEM.npi, value: '1234567828' } },
    ]);
    // The patient in the response is the member of the request.
    const patient = (bundle.entry as Json[]).map((e) => e.resource as Json).find((r) => r.resourceType === 'Patient')!;
    expect(JSON.stringify(patient)).toContain('W998877665');
  });

  it('marks a pended response queued and refuses a case with no signed revision', () => {
    const pended = signedFrom(imported.request!, [
      { code: '63650', requestedUnits: 2, outcome: 'pending-information', reasons: [], clinicalRationale: '' },
      { code: '63685', requestedUnits: 1, outcome: 'pending-information', reasons: [], clinicalRationale: '' },
    ]);
    const { claimResponse } = exportClaimResponse(pended, { newUuid: uuid, now: new Date() });
    expect(claimResponse.outcome).toBe('queued');
    expect(claimResponse.preAuthRef).toBeUndefined();
    expect(() => exportClaimResponse({ ...pended, revisions: [] }, { newUuid: uuid, now: new Date() })).toThrow(/no signed determination/);
  });
});
