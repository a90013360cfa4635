/**
 * PAS request Bundles built the way the profiles describe them (HL7/davinci-pas input/fsh:
 * PASRequestBundle, PASClaim, PASBeneficiary, PASCoverage, PASInsurer, PASPractitionerRole,
 * PASDocumentReference), with knobs to take parts away for the problem tests.
 */
import { PROFILE, SYSTEM, EXT } from '../../../shared/fhir/pas-profiles';

type Json = Record<string, unknown>;

export interface BundleOptions {
  items?: { code: string; system?: string; units?: number; modifiers?: string[]; date?: string }[];
  diagnoses?: string[];
  pdfs?: { title: string; bytes: Uint8Array; contentType?: string }[];
  urlOnlyDocument?: boolean;
  sopt?: string | null;
  levelOfService?: string | null;
  priority?: string | null;
  providerNpi?: string;
  servicingNpi?: string | null;
  memberId?: string | null;
  birthDate?: string | null;
  timestamp?: string;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function pasRequestBundle(o: BundleOptions = {}): Json {
  const items = o.items ?? [
    { code: '63650', units: 2, date: '2026-10-05' },
  ];
  const diagnoses = o.diagnoses ?? ['M96.1', 'G89.4'];
  const pdfs = o.pdfs ?? [];
  const docs: Json[] = pdfs.map((p, i) => ({
    fullUrl: `http://provider.example.org/fhir/DocumentReference/doc-${i + 1}`,
    resource: {
      resourceType: 'DocumentReference',
      id: `doc-${i + 1}`,
      status: 'current',
      subject: { reference: 'Patient/member-1' },
      description: p.title,
      content: [{ attachment: { contentType: p.contentType ?? 'application/pdf', title: p.title, data: b64(p.bytes) } }],
    },
  }));
  if (o.urlOnlyDocument) {
    docs.push({
      fullUrl: 'http://provider.example.org/fhir/DocumentReference/doc-url',
      resource: { resourceType: 'DocumentReference', id: 'doc-url', status: 'current', content: [{ attachment: { contentType: 'application/pdf', title: 'Operative plan', url: 'https://provider.example.org/plan.pdf' } }] },
    });
  }
  const claimExtension: Json[] = [];
  if (o.levelOfService !== null) {
    claimExtension.push({ url: EXT.levelOfServiceCode, valueCodeableConcept: { coding: [{ system: SYSTEM.x12LevelOfService, code: o.levelOfService ?? 'E' }] } });
  }
  const claim: Json = {
    resourceType: 'Claim',
    id: 'pa-claim-1',
    meta: { profile: [PROFILE.claim] },
    ...(claimExtension.length ? { extension: claimExtension } : {}),
    identifier: [{ system: 'urn:trnorg:1234567890', value: 'TRN-2026-000117' }],
    status: 'active',
    type: { coding: [{ system: SYSTEM.claimType, code: 'professional' }] },
    use: 'preauthorization',
    patient: { reference: 'Patient/member-1' },
    created: '2026-09-28T14:05:00-05:00',
    insurer: { reference: 'Organization/insurer-1' },
    provider: { reference: 'PractitionerRole/requestor-1' },
    ...(o.priority !== null ? { priority: { coding: [{ system: SYSTEM.processPriority, code: o.priority ?? 'normal' }] } } : {}),
    ...(o.servicingNpi !== null
      ? { careTeam: [{ sequence: 1, provider: { reference: 'Practitioner/servicing-1' }, role: { coding: [{ system: SYSTEM.x12EntityIdentifier, code: 'SJ' }] } }] }
      : {}),
    supportingInfo: docs.map((d, i) => ({
      sequence: i + 1,
      category: { coding: [{ system: SYSTEM.pasTempCodes, code: 'additionalInformation' }] },
      valueReference: { reference: `DocumentReference/${(d.resource as Json).id as string}` },
    })),
    diagnosis: diagnoses.map((code, i) => ({ sequence: i + 1, diagnosisCodeableConcept: { coding: [{ system: SYSTEM.icd10cm[0], code }] } })),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/coverage-1' } }],
    item: items.map((it, i) => ({
      sequence: i + 1,
      productOrService: { coding: [{ system: it.system ?? SYSTEM.cpt, code: it.code }] },
      ...(it.modifiers ? { modifier: it.modifiers.map((m) => ({ coding: [{ system: SYSTEM.cpt, code: m }] })) } : {}),
      ...(it.date ? { servicedDate: it.date } : {}),
      ...(it.units !== undefined ? { quantity: { value: it.units } } : {}),
    })),
  };
  const entry = (fullUrl: string, resource: Json) => ({ fullUrl, resource });
  return {
    resourceType: 'Bundle',
    meta: { profile: [PROFILE.requestBundle] },
    identifier: { system: 'urn:trnorg:1234567890', value: 'BUNDLE-2026-000117' },
    type: 'collection',
    timestamp: o.timestamp ?? '2026-09-28T14:06:00-05:00',
    entry: [
      entry('http://provider.example.org/fhir/Claim/pa-claim-1', claim),
      entry('http://provider.example.org/fhir/Patient/member-1', {
        resourceType: 'Patient',
        id: 'member-1',
        meta: { profile: [PROFILE.beneficiary] },
        identifier: o.memberId === null ? [] : [{ type: { coding: [{ system: SYSTEM.identifierType, code: 'MB' }] }, system: 'http://payer.example.org/member', value: o.memberId ?? 'W998877665' }],
        name: [{ family: 'Sample', given: ['Morgan', 'T'] }],
        gender: 'female',
        ...(o.birthDate === null ? {} : { birthDate: o.birthDate ?? '1968-02-11' }),
      }),
      entry('http://provider.example.org/fhir/Coverage/coverage-1', {
        resourceType: 'Coverage',
        id: 'coverage-1',
        status: 'active',
        ...(o.sopt === null ? {} : { type: { coding: [{ system: SYSTEM.sopt, code: o.sopt ?? '51' }] } }),
        beneficiary: { reference: 'Patient/member-1' },
        payor: [{ reference: 'Organization/insurer-1' }],
        class: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: 'OAP-100', name: 'Open Access Plus' }],
      }),
      entry('http://provider.example.org/fhir/Organization/insurer-1', { resourceType: 'Organization', id: 'insurer-1', meta: { profile: [PROFILE.insurer] }, name: 'Example Health Insurance' }),
      entry('http://provider.example.org/fhir/PractitionerRole/requestor-1', {
        resourceType: 'PractitionerRole',
        id: 'requestor-1',
        practitioner: { reference: 'Practitioner/requesting-1' },
        organization: { reference: 'Organization/clinic-1' },
      }),
      entry('http://provider.example.org/fhir/Practitioner/requesting-1', {
        resourceType: 'Practitioner',
        id: 'requesting-1',
        identifier: [{ system: SYSTEM.npi, value: o.providerNpi ?? '1234567893' }],
        name: [{ family: 'Rivera', given: ['Alex'], prefix: ['Dr.'] }],
      }),
      entry('http://provider.example.org/fhir/Organization/clinic-1', { resourceType: 'Organization', id: 'clinic-1', name: 'Riverside Pain Center', identifier: [{ system: SYSTEM.npi, value: '1234567802' }] }),
      ...(o.servicingNpi !== null
        ? [entry('http://provider.example.org/fhir/Practitioner/servicing-1', { resourceType: 'Practitioner', id: 'servicing-1', identifier: [{ system: SYSTEM.npi, value: o.servicingNpi ?? '1234567810' }], name: [{ text: 'Dr. Casey Lin' }] })]
        : []),
      ...docs,
    ],
  };
}
