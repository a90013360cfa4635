/**
 * Responses for every kind of determination, each validated against the PAS 2.2.1 profiles with
 * no error: approve, modified (fewer units), partial, deny, pend (a request for information) and
 * redirect; the request's identifiers and resources echoed.
 */
import { describe, expect, it } from 'vitest';
import { importPasBundle } from '../../../shared/fhir/pas-import';
import { exportClaimResponse, exportInformationRequest } from '../../../shared/fhir/pas-export';
import { CaseFile } from '../../../shared/case/schema';
import type { CodeDetermination } from '../../../shared/determination/schema';
import type { InformationRequest } from '../../../shared/information-request/schema';
import { validateFhirBundle } from '../../../main/fhir/validate-fhir';
import { surgicalBundle, medicalServicesBundle } from './pas-scenarios';

// Hand-built FHIR JSON is read by path in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const now = new Date('2026-10-01T15:00:00Z');
const period = { start: '2026-10-12', end: '2027-01-09' };

function pasCase(bundle: unknown = surgicalBundle()): CaseFile {
  const r = importPasBundle(bundle, { guidelinesForCodes: () => ['CMM-211'] });
  if (!r.request) throw new Error(JSON.stringify(r.problems));
  return CaseFile.parse({ schemaVersion: 1, id: 'PA-20260928-abcdef01', createdAt: '2026-09-28T19:06:00Z', updatedAt: '2026-09-28T19:06:00Z', request: r.request });
}

function signed(c: CaseFile, determinations: CodeDetermination[], npi?: string): CaseFile {
  return { ...c, status: 'signed', revisions: [{ id: 'rev-1', number: 1, signedAt: '2026-10-01T14:30:00Z', signer: { name: 'Dana Whitfield', credentials: 'MD', ...(npi ? { npi } : {}) }, determinations }] };
}

const approve = (code: string, units: number, approvedUnits = units): CodeDetermination => ({ code, requestedUnits: units, outcome: 'approved', approvedUnits, authorization: period, reasons: [], clinicalRationale: approvedUnits < units ? 'One lead array is enough for the trial.' : '' });
const deny = (code: string, units: number): CodeDetermination => ({
  code,
  requestedUnits: units,
  outcome: 'denied-not-medically-necessary',
  reasons: [{ text: 'The records do not show a successful stimulator trial.', guidelineId: 'CMM-211' }],
  clinicalRationale: 'No trial documented.',
  whatWouldChange: 'Records of a trial with at least 50% pain relief.',
});

function crOf(bundle: Json): Json {
  return bundle.entry[0].resource;
}
function actionsOf(cr: Json): Record<number, string> {
  return Object.fromEntries(cr.item.map((i: Json) => [i.itemSequence, i.adjudication[0].extension[0].extension[0].valueCodeableConcept.coding[0].code]));
}
function expectValid(bundle: Json) {
  expect(validateFhirBundle(bundle).filter((i) => i.severity === 'error').map((i) => `${i.where}: ${i.message} (${i.against})`)).toEqual([]);
}

describe('PAS response export', () => {
  it('approve: A1 with preAuthRef, issue date and period on every certified item, trace numbers and identifiers echoed, the reviewer NPI sent', { timeout: 60_000 }, () => {
    const bundle: Json = exportClaimResponse(signed(pasCase(), [approve('63650', 2), approve('63685', 1)], '1234567893'), { newUuid: uuid, now }).bundle;
    expectValid(bundle);
    const cr = crOf(bundle);
    expect(cr.outcome).toBe('partial'); // the ICD-10-PCS line is answered as pended: the workbench did not review it
    expect(actionsOf(cr)).toEqual({ 1: 'A1', 2: 'A1', 3: 'A4' });
    for (const item of cr.item.slice(0, 2)) {
      expect(item.extension.map((e: Json) => e.url.split('/').pop())).toEqual(['extension-itemTraceNumber', 'extension-itemPreAuthIssueDate', 'extension-itemPreAuthPeriod']);
      expect(item.adjudication[0].extension[0].extension[1]).toEqual({ url: 'number', valueString: 'PA-20260928-abcdef01-R1' });
    }
    expect(cr.item[0].extension[0].valueIdentifier).toEqual({ system: 'urn:trnorg:1234567890', value: 'SCS-ITEM-1' });
    expect(cr.preAuthRef).toBe('PA-20260928-abcdef01-R1');
    expect(cr.request).toEqual({ identifier: { system: 'urn:trnorg:1234567890', value: 'TRN-SCS-0001' } });
    expect(bundle.identifier).toEqual({ system: 'urn:trnorg:1234567890', value: 'B-surgical' });
    expect(cr.extension[0].extension).toEqual([{ url: 'wasHumanReviewedFlag', valueBoolean: true }, { url: 'reviewerNPI', valueIdentifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } }]);
    // The request's own resources, with their fullUrls: the requestor is the PractitionerRole it sent, the insurer its Organization.
    const byUrl = Object.fromEntries(bundle.entry.map((e: Json) => [e.fullUrl, e.resource]));
    expect(byUrl[cr.patient.reference].id).toBe('pat-1');
    expect(byUrl[cr.insurer.reference]).toMatchObject({ resourceType: 'Organization', id: 'payer-1' });
    expect(byUrl[cr.requestor.reference]).toMatchObject({ resourceType: 'PractitionerRole', id: 'role-surgeon' });
    expect(cr.requestor.reference).toBe('http://ehr.example.org/fhir/PractitionerRole/role-surgeon');
  });

  it('modified: fewer units than requested is A6 with the authorized quantity and the reason', () => {
    const { bundle } = exportClaimResponse(signed(pasCase(), [approve('63650', 2, 1), approve('63685', 1)]), { newUuid: uuid, now });
    expectValid(bundle);
    const cr = crOf(bundle);
    expect(actionsOf(cr)[1]).toBe('A6');
    const detail = cr.item[0].extension.find((e: Json) => e.url.endsWith('itemAuthorizedDetail'));
    expect(detail.extension).toEqual([{ url: 'productOrServiceCode', valueCodeableConcept: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '63650' }] } }, { url: 'quantity', valueQuantity: { value: 1 } }]);
    expect(cr.processNote[cr.item[0].noteNumber[0] - 1].text).toBe('63650: Authorized 1 of the 2 units requested. One lead array is enough for the trial.');
    expect(cr.item[0].extension.some((e: Json) => e.url.endsWith('itemPreAuthPeriod'))).toBe(true);
  });

  it('partial and deny: a partial approval is A6 with its detail, a denial A3 with its reasons; no preAuthRef on the denied item', () => {
    const partial: CodeDetermination = { ...approve('63650', 2, 1), outcome: 'partially-approved', reasons: [{ text: 'Only one array is supported.' }] };
    const { bundle } = exportClaimResponse(signed(pasCase(), [partial, deny('63685', 1)]), { newUuid: uuid, now });
    expectValid(bundle);
    const cr = crOf(bundle);
    expect(actionsOf(cr)).toEqual({ 1: 'A6', 2: 'A3', 3: 'A4' });
    expect(cr.item[1].adjudication[0].extension[0].extension).toHaveLength(1);
    expect(cr.processNote.map((p: Json) => p.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^63685: The records do not show a successful stimulator trial\. No trial documented\. What would change the outcome/)]));

    const denied = exportClaimResponse(signed(pasCase(medicalServicesBundle()), [deny('72148', 1)]), { newUuid: uuid, now }).bundle;
    expectValid(denied);
    expect(crOf(denied)).toMatchObject({ outcome: 'complete' });
    expect(crOf(denied).preAuthRef).toBeUndefined();
  });

  it('redirect: CT (contact payer)', () => {
    const redirected: CodeDetermination = { code: '72148', requestedUnits: 1, outcome: 'redirected', reasons: [{ text: 'Imaging is reviewed by the health plan.' }], clinicalRationale: '' };
    const { bundle } = exportClaimResponse(signed(pasCase(medicalServicesBundle()), [redirected]), { newUuid: uuid, now });
    expectValid(bundle);
    expect(actionsOf(crOf(bundle))).toEqual({ 1: 'CT' });
  });

  it('pend: outcome partial, every item A4, a PAS CommunicationRequest per document naming its LOINC code and report type', () => {
    const c = pasCase();
    const rfi: InformationRequest = {
      id: 'rfi-0a1b2c3d-0000-4000-8000-000000000001',
      requestedAt: '2026-09-29T15:00:00Z',
      requestedBy: 'Dana Whitfield',
      respondBy: '2026-10-06T22:00:00Z',
      items: [
        { kindId: 'psychology-records', loinc: '11518-8', label: 'Psychological evaluation', reportType: 'M1', detail: 'The pre-implant psychological evaluation.', codes: ['63650'] },
        { kindId: 'procedure-note', loinc: '28570-0', label: 'Procedure note (e.g. the stimulator trial)', reportType: 'OB', detail: '', codes: [] },
      ],
      note: '',
      resumeStatus: 'in-review',
      dueAtBefore: '2026-10-13T19:06:00Z',
      clockRule: { effect: 'toll', source: '29 CFR 2560.503-1(f)(4) tolling while information is missing' },
    };
    const { bundle, claimResponse }: { bundle: Json; claimResponse: Json } = exportInformationRequest({ ...c, informationRequests: [rfi] }, rfi, { newUuid: uuid, now, reviewerNpi: '1234567893' });
    expectValid(bundle);
    expect(claimResponse.outcome).toBe('partial');
    expect(actionsOf(claimResponse)).toEqual({ 1: 'A4', 2: 'A4', 3: 'A4' });
    expect(claimResponse.preAuthRef).toBeUndefined();
    const comms = (bundle.entry as Json[]).filter((e) => e.resource.resourceType === 'CommunicationRequest');
    expect(comms.map((e) => [e.resource.payload[0].contentString, e.resource.category[0].coding[0].code])).toEqual([['11518-8', 'M1'], ['28570-0', 'OB']]);
    expect(comms[0]!.resource.extension).toEqual([{ url: 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-serviceLineNumber', valuePositiveInt: 1 }]);
    expect((claimResponse.communicationRequest as Json[]).map((r) => r.reference)).toEqual(comms.map((e) => e.fullUrl));
    const recipient = bundle.entry.find((e: Json) => e.fullUrl === comms[0]!.resource.recipient[0].reference).resource;
    expect(recipient).toMatchObject({ resourceType: 'Practitioner', id: 'surgeon' });
  });

  it('a case typed in the form (no PAS origin) exports resources built to the profiles', () => {
    const c = pasCase(medicalServicesBundle());
    delete (c.request as Json).pasSource;
    c.request.plan.lineOfBusiness = 'commercial';
    const bundle: Json = exportClaimResponse(signed(c, [approve('72148', 1)]), { newUuid: uuid, now }).bundle;
    expectValid(bundle);
    expect(bundle.entry.map((e: Json) => e.resource.resourceType)).toEqual(['ClaimResponse', 'Patient', 'Organization', 'Organization']);
  });
});
