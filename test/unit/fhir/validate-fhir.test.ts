/**
 * The validator against the published PAS 2.2.1 profiles: the scenario Bundles written from the
 * profiles pass with no error, and each rule the workbench adds to @medplum/core (slices in depth,
 * extensions, typed profiles, required bindings, references) bites on a Bundle that breaks it.
 */
import { describe, expect, it } from 'vitest';
import { validateFhirBundle, validateFhirResource, type FhirIssue } from '../../../main/fhir/validate-fhir';
import { SCENARIOS, medicalServicesBundle, surgicalBundle } from './pas-scenarios';

// Hand-built FHIR JSON is read by path in these tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const errors = (issues: FhirIssue[]) => issues.filter((i) => i.severity === 'error');
const claimOf = (b: Json) => b.entry[0].resource as Json;
const P = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';

describe('validate-fhir', () => {
  it.each(Object.entries(SCENARIOS))('the %s Bundle written from the profiles has no error', { timeout: 60_000 }, (_name, make) => {
    expect(errors(validateFhirBundle(make())).map((i) => `${i.where}: ${i.message}`)).toEqual([]);
  });

  it('medplum finds what its validator checks: cardinality, patterns, invariants (Claim.priority, focal, us-core-6, FullDateRule)', () => {
    const b = medicalServicesBundle() as Json;
    delete claimOf(b).priority;
    claimOf(b).insurance[0].focal = false;
    const patient = b.entry.find((e: Json) => e.resource.resourceType === 'Patient').resource;
    patient.name = [{ text: 'Morgan Sample' }];
    patient.birthDate = '1968-02';
    const found = errors(validateFhirBundle(b));
    expect(found.filter((i) => i.by === 'profile').map((i) => i.message)).toEqual(
      expect.arrayContaining(['Missing required property', 'Value did not match expected pattern', expect.stringMatching(/^Constraint us-core-6 not met/), expect.stringMatching(/FullDateRule|Invalid date/)]),
    );
  });

  it('slices in depth: a document without documentInformation, a message with a timing, a careTeam without its scope', () => {
    const b = medicalServicesBundle() as Json;
    const claim = claimOf(b);
    claim.supportingInfo[0].extension = [];
    claim.supportingInfo[2].timingDate = '2026-10-01';
    claim.careTeam[0].extension = [];
    const found = errors(validateFhirBundle(b)).filter((i) => i.by === 'workbench');
    expect(found.map((i) => `${i.where}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        "Bundle.entry[0].resource.supportingInfo[0].extension: Incorrect number of values provided for slice 'documentInformation': expected 1..1, but found 0",
        'Bundle.entry[0].resource.supportingInfo[2].timing: Not allowed here by the profile',
        "Bundle.entry[0].resource.careTeam[0].extension: Incorrect number of values provided for slice 'careTeamClaimScope': expected 1..1, but found 0",
      ]),
    );
    // Medplum alone files sub-slices under the outer element: those false errors are not reported.
    expect(errors(validateFhirBundle(medicalServicesBundle()))).toEqual([]);
  });

  it('extensions against their definitions and typed profiles: the reviewer flag, the PASQuantity value, the trace number system; the outcome value set', () => {
    const b = surgicalBundle() as Json;
    const item = claimOf(b).item[0];
    item.quantity = { unit: 'units' };
    item.extension[0].valueIdentifier = { value: 'SCS-ITEM-1' };
    const found = errors(validateFhirBundle(b)).map((i) => `${i.where}: ${i.message}`);
    expect(found).toEqual(expect.arrayContaining(['Bundle.entry[0].resource.item[0].quantity.value: Missing required property', 'Bundle.entry[0].resource.item[0].extension[0].value.system: Missing required property']));

    const cr = {
      resourceType: 'ClaimResponse',
      meta: { profile: [`${P}/profile-claimresponse`] },
      extension: [{ url: `${P}/extension-claimResponseReviewer`, extension: [{ url: 'reviewerNPI', valueIdentifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } }] }],
      identifier: [{ system: 'urn:trnorg:1', value: '1' }],
      status: 'active',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
      use: 'preauthorization',
      patient: { reference: 'Patient/1' },
      created: '2026-10-01T10:00:00Z',
      insurer: { reference: 'Organization/1' },
      request: { identifier: { system: 'urn:trnorg:1', value: 'x' } },
      outcome: 'queued',
      item: [{ itemSequence: 1, adjudication: [{ category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'submitted' }] }, extension: [{ url: `${P}/extension-reviewAction`, extension: [{ url: 'bogus', valueString: 'x' }] }] }] }],
    };
    const crIssues = errors(validateFhirResource(cr)).map((i) => `${i.where}: ${i.message}`);
    expect(crIssues).toEqual(
      expect.arrayContaining([
        "ClaimResponse.extension[0].extension: Incorrect number of values provided for slice 'wasHumanReviewedFlag': expected 1..1, but found 0",
        expect.stringMatching(/^ClaimResponse\.outcome: "queued" is not in the required value set http:\/\/hl7\.org\/fhir\/us\/davinci-pas\/ValueSet\/ClaimResponseOutcome$/),
      ]),
    );
  });

  it('required bindings: a claim type and a service code outside their value sets; JSON Schema shapes', () => {
    const b = medicalServicesBundle() as Json;
    claimOf(b).type = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'vision' }] };
    claimOf(b).item[0].productOrService = { coding: [{ system: 'http://snomed.info/sct', code: '241650007' }] };
    claimOf(b).bogusField = 1;
    const found = errors(validateFhirBundle(b));
    expect(found.map((i) => `${i.where}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Bundle\.entry\[0\]\.resource\.type: .*claim-type\|vision is not in the required value set .*ClaimTypes$/),
        expect.stringMatching(/^Bundle\.entry\[0\]\.resource\.item\[0\]\.productOrService: http:\/\/snomed\.info\/sct\|241650007 is not in the required value set .*X12278RequestedServiceType$/),
      ]),
    );
    expect(found.some((i) => i.by === 'json-schema' && /bogusField/.test(i.message))).toBe(true);
  });

  it('references in the Bundle: a target checked against the profile the reference names, a type the profile does not allow, a missing target, the entry slices', () => {
    const b = medicalServicesBundle() as Json;
    const coverage = b.entry.find((e: Json) => e.resource.resourceType === 'Coverage').resource;
    delete coverage.meta;
    coverage.identifier = [{ system: 'http://payer.example.org/member', value: 'W1' }];
    claimOf(b).careTeam[0].provider = { reference: 'Practitioner/pcp' };
    claimOf(b).supportingInfo[0].valueReference = { reference: 'DocumentReference/missing' };
    const found = validateFhirBundle(b).map((i) => `${i.severity} ${i.where}: ${i.message} (${i.against})`);
    expect(found).toEqual(
      expect.arrayContaining([
        "error Bundle.entry[2].resource.identifier: Incorrect number of values provided for slice 'memberid': expected 1..1, but found 0 (PASCoverage)",
        'error Bundle.entry[0].resource.careTeam[0].provider: The reference points to a Practitioner; the profile allows Organization (PASOrganization), PractitionerRole (PASPractitionerRole) (PASClaim)',
        'warning Bundle.entry[0].resource.supportingInfo[0].value: The reference DocumentReference/missing is not in the Bundle (PASClaim)',
      ]),
    );
    const noClaim = { ...b, entry: b.entry.slice(1) };
    expect(errors(validateFhirBundle(noClaim)).map((i) => i.message)).toContain('PASRequestBundle needs 1..2 Claim entries; found 0');
  });
});
