/**
 * Da Vinci PAS 2.2.1 request Bundles for the IG's scenarios, written from the profiles
 * (../shared/fhir/davinci-pas-2.2.1: PASRequestBundle, PASClaim, PASClaimUpdate, PASBeneficiary,
 * PASCoverage, PASInsurer, PASRequestor, PASPractitionerRole, PASPractitioner, PASOrganization,
 * PASDocumentReference and the extensions they name), not from the importer: every must-support
 * element a sender fills, the slices with their fixed codes, X12 codes in the systems the bindings
 * name. Each Bundle validates with no error against the profiles (pas-scenarios.test.ts proves it).
 *
 * Literal resources on purpose: a reader checks them against the profile tables, not against code.
 */
type Json = Record<string, unknown>;

const P = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
const X12 = 'https://codesystem.x12.org/005010';
const TEMP = 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes';
const NPI = 'http://hl7.org/fhir/sid/us-npi';
const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const BASE = 'http://ehr.example.org/fhir';

/** A one-page PDF's bytes, base64; tests that read the PDF pass a real one. */
const TINY_PDF = Buffer.from('%PDF-1.4\n% scenario placeholder\n').toString('base64');

export interface ScenarioOptions {
  pdfBase64?: string;
}

const ext = (url: string, value: Json) => ({ url, ...value });
const cc = (system: string, code: string, display?: string) => ({ coding: [{ system, code, ...(display ? { display } : {}) }] });
const itemExtensions = (requestType: string, certificationType: string, trace?: string, more: Json[] = []) => [
  ...(trace ? [ext(`${P}/extension-itemTraceNumber`, { valueIdentifier: { system: 'urn:trnorg:1234567890', value: trace } })] : []),
  ext(`${P}/extension-serviceItemRequestType`, { valueCodeableConcept: cc(`${X12}/1525`, requestType) }),
  ext(`${P}/extension-certificationType`, { valueCodeableConcept: cc(`${X12}/1322`, certificationType) }),
  ...more,
];
const careTeamMember = (sequence: number, reference: string, role: string) => ({
  extension: [ext(`${P}/extension-careTeamClaimScope`, { valueBoolean: true })],
  sequence,
  provider: { reference },
  role: cc(`${X12}/98`, role),
});
const documentInfo = (reportType: string, description: string, transmission = 'EL') =>
  ext(`${P}/extension-documentInformation`, {
    extension: [
      { url: 'reportTypeCode', valueCodeableConcept: cc(`${X12}/755`, reportType) },
      { url: 'transmissionMethod', valueCodeableConcept: cc(`${X12}/756`, transmission) },
      { url: 'description', valueString: description },
    ],
  });
const levelOfService = (code: string) => ext(`${P}/extension-levelOfServiceCode`, { valueCodeableConcept: cc(`${X12}/1338`, code) });

/** The member (PASBeneficiary on US Core Patient: identifier with system, name with family, gender; birthDate optional). */
function patient(o: { birthDate?: string | null } = {}): Json {
  return {
    resourceType: 'Patient',
    id: 'pat-1',
    meta: { profile: [`${P}/profile-beneficiary`] },
    identifier: [{ system: 'http://ehr.example.org/mrn', value: 'MRN-448812' }],
    name: [{ use: 'official', family: 'Sample', given: ['Morgan', 'T'] }],
    gender: 'female',
    ...(o.birthDate === null ? {} : { birthDate: o.birthDate ?? '1968-02-11' }),
    address: [{ line: ['12 Elm Street'], city: 'Springfield', state: 'IL', postalCode: '62704', country: 'US' }],
  };
}

/** PASCoverage: the memberid identifier (type MB), relationship self (X12 18), payor, plan class, SOPT type when given. */
function coverage(o: { sopt?: string | null } = {}): Json {
  return {
    resourceType: 'Coverage',
    id: 'cov-1',
    meta: { profile: [`${P}/profile-coverage`] },
    identifier: [{ type: cc('http://terminology.hl7.org/CodeSystem/v2-0203', 'MB'), system: 'http://payer.example.org/member', value: 'W998877665' }],
    status: 'active',
    ...(o.sopt === null ? {} : { type: cc('https://nahdo.org/sopt', o.sopt ?? '511', 'Commercial Managed Care - HMO') }),
    beneficiary: { reference: 'Patient/pat-1' },
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }, { system: `${X12}/1069`, code: '18' }] },
    period: { start: '2026-01-01' },
    payor: [{ reference: 'Organization/payer-1' }],
    class: [{ type: cc('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan'), value: 'OAP-100', name: 'Open Access Plus' }],
  };
}

/** PASInsurer: an active Organization with its payer id. */
function insurer(): Json {
  return {
    resourceType: 'Organization',
    id: 'payer-1',
    meta: { profile: [`${P}/profile-insurer`] },
    identifier: [{ type: cc('http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType', 'payerid'), system: 'urn:oid:2.16.840.1.113883.3.221.5', value: '60054' }],
    active: true,
    type: [cc(`${X12}/98`, 'PR')],
    name: 'Example Health Insurance',
  };
}

/** The requesting physician: PASPractitionerRole (US Core: practitioner, telecom for pd-1), PASPractitioner with NPI and family name, PASOrganization. */
function physician(id: string, npi: string, family: string, given: string, org: { id: string; npi: string; name: string }): Json[] {
  return [
    {
      resourceType: 'PractitionerRole',
      id: `role-${id}`,
      meta: { profile: [`${P}/profile-practitionerrole`] },
      practitioner: { reference: `Practitioner/${id}` },
      organization: { reference: `Organization/${org.id}` },
      telecom: [{ system: 'phone', value: '217-555-0142', use: 'work' }],
    },
    {
      resourceType: 'Practitioner',
      id,
      meta: { profile: [`${P}/profile-practitioner`] },
      identifier: [{ system: NPI, value: npi }],
      name: [{ family, given: [given], prefix: ['Dr.'] }],
    },
    {
      resourceType: 'Organization',
      id: org.id,
      meta: { profile: [`${P}/profile-organization`] },
      identifier: [{ system: NPI, value: org.npi }],
      active: true,
      name: org.name,
    },
  ];
}

const riverside = { id: 'org-riverside', npi: '1234567802', name: 'Riverside Pain Center' };

function documentReference(id: string, title: string, loinc: string, contentType = 'application/pdf', data = TINY_PDF): Json {
  return {
    resourceType: 'DocumentReference',
    id,
    meta: { profile: [`${P}/profile-documentreference`] },
    status: 'current',
    type: cc('http://loinc.org', loinc),
    category: [cc('http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', 'clinical-note')],
    subject: { reference: 'Patient/pat-1' },
    date: '2026-09-25T10:00:00-05:00',
    description: title,
    content: [{ attachment: { contentType, title, data } }],
  };
}

function bundle(id: string, claim: Json, others: Json[]): Json {
  return {
    resourceType: 'Bundle',
    id,
    meta: { profile: [`${P}/profile-pas-request-bundle`] },
    identifier: { system: 'urn:trnorg:1234567890', value: `B-${id}` },
    type: 'collection',
    timestamp: '2026-09-28T14:06:00-05:00',
    entry: [claim, ...others].map((r) => ({ fullUrl: `${BASE}/${String(r.resourceType)}/${String(r.id)}`, resource: r })),
  };
}

function claimBase(id: string, trn: string, o: { type?: string; provider: string; level?: string; priority?: string; created?: string }): Json {
  return {
    resourceType: 'Claim',
    id,
    meta: { profile: [`${P}/profile-claim`] },
    extension: [...(o.level ? [levelOfService(o.level)] : [])],
    identifier: [{ system: 'urn:trnorg:1234567890', value: trn }],
    status: 'active',
    type: cc('http://terminology.hl7.org/CodeSystem/claim-type', o.type ?? 'professional'),
    use: 'preauthorization',
    patient: { reference: 'Patient/pat-1' },
    created: o.created ?? '2026-09-28T14:05:00-05:00',
    insurer: { reference: 'Organization/payer-1' },
    provider: { reference: o.provider },
    priority: cc('http://terminology.hl7.org/CodeSystem/processpriority', o.priority ?? 'normal'),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/cov-1' } }],
  };
}

/** Referral to a specialist: an X12 service type (3, consultation) for three visits; the date of birth is not sent. */
export function referralBundle(): Json {
  const claim = {
    ...claimBase('claim-referral', 'TRN-REF-0001', { provider: 'PractitionerRole/role-pcp', level: 'E' }),
    careTeam: [careTeamMember(1, 'PractitionerRole/role-spec', 'SJ')],
    diagnosis: [{ sequence: 1, diagnosisCodeableConcept: cc(ICD10CM, 'M54.16', 'Radiculopathy, lumbar region') }],
    item: [
      {
        extension: itemExtensions('SC', 'I', 'REF-ITEM-1'),
        sequence: 1,
        careTeamSequence: [1],
        diagnosisSequence: [1],
        category: cc(`${X12}/1365`, '3', 'Consultation'),
        productOrService: cc(`${X12}/1365`, '3', 'Consultation'),
        servicedPeriod: { start: '2026-10-05', end: '2027-01-05' },
        locationCodeableConcept: cc(POS, '11', 'Office'),
        quantity: { value: 3, unit: 'visits', code: 'VS' },
      },
    ],
  };
  return bundle('referral', claim, [
    patient({ birthDate: null }),
    coverage(),
    insurer(),
    ...physician('pcp', '1234567893', 'Rivera', 'Alex', riverside),
    ...physician('spec', '1234567810', 'Lin', 'Casey', { id: 'org-spine', npi: '1245319599', name: 'Spine Specialists of Springfield' }),
  ]);
}

/** Home health care: a home health agency (PASRequestor) asks for nursing and therapy visits; homeHealthCareInformation gives the start. */
export function homeCareBundle(o: ScenarioOptions = {}): Json {
  const agency = {
    resourceType: 'Organization',
    id: 'org-hha',
    meta: { profile: [`${P}/profile-requestor`] },
    identifier: [{ system: NPI, value: '1306849450' }],
    active: true,
    type: [cc(`${X12}/98`, '1P')],
    name: 'Prairie Home Health',
    contact: [{ name: { text: 'Intake nurse' }, telecom: [{ system: 'phone', value: '217-555-0199' }] }],
  };
  const claim = {
    ...claimBase('claim-home', 'TRN-HHC-0001', { provider: 'Organization/org-hha', level: 'E', type: 'institutional' }),
    extension: [
      levelOfService('E'),
      ext(`${P}/extension-homeHealthCareInformation`, {
        extension: [
          { url: 'prognosis', valueCodeableConcept: cc(`${X12}/923`, '3', 'Fair') },
          { url: 'date', valueDate: '2026-10-01' },
        ],
      }),
    ],
    careTeam: [careTeamMember(1, 'PractitionerRole/role-pcp', 'P3')],
    supportingInfo: [
      { extension: [documentInfo('08', 'Home health plan of care')], sequence: 1, category: cc(TEMP, 'additionalInformation'), valueReference: { reference: 'DocumentReference/doc-poc' } },
      { sequence: 2, category: cc(TEMP, 'freeFormMessage'), valueString: 'Patient discharged 9/26 after lumbar fusion; wound check needed at first visit.' },
    ],
    diagnosis: [
      { sequence: 1, diagnosisCodeableConcept: cc(ICD10CM, 'Z48.811', 'Encounter for surgical aftercare following surgery on the nervous system'), type: [cc(TEMP, 'principal')] },
      { sequence: 2, diagnosisCodeableConcept: cc(ICD10CM, 'M48.062') },
    ],
    item: [
      {
        extension: itemExtensions('HS', 'I', 'HHC-ITEM-1'),
        sequence: 1,
        category: cc(`${X12}/1365`, '42', 'Home Health Care'),
        productOrService: cc(HCPCS, 'G0299', 'Direct skilled nursing services of a registered nurse (RN) in the home health setting'),
        servicedPeriod: { start: '2026-10-01', end: '2026-11-29' },
        locationCodeableConcept: cc(POS, '12', 'Home'),
        quantity: { value: 8, unit: 'visits', code: 'VS' },
      },
      {
        extension: itemExtensions('HS', 'I', 'HHC-ITEM-2'),
        sequence: 2,
        category: cc(`${X12}/1365`, '42', 'Home Health Care'),
        productOrService: cc(HCPCS, 'G0151', 'Services performed by a qualified physical therapist in the home health setting'),
        servicedPeriod: { start: '2026-10-01', end: '2026-11-29' },
        locationCodeableConcept: cc(POS, '12', 'Home'),
        quantity: { value: 12, unit: 'visits', code: 'VS' },
      },
    ],
  };
  return bundle('home-care', claim, [
    patient(),
    { ...coverage({ sopt: '111' }), class: [{ type: cc('http://terminology.hl7.org/CodeSystem/coverage-class', 'plan'), value: 'MA-HMO-7', name: 'Medicare Advantage HMO' }] },
    insurer(),
    agency,
    ...physician('pcp', '1234567893', 'Rivera', 'Alex', riverside),
    documentReference('doc-poc', 'Home health plan of care', '18776-5', 'application/pdf', o.pdfBase64 ?? TINY_PDF),
  ]);
}

/**
 * Medical services: an urgent (level U) lumbar MRI whose Claim.priority says "normal"; no payment
 * typology code (line of business not stated), no quantity (one unit), a progress note as PDF and
 * a photograph that is not a PDF.
 */
export function medicalServicesBundle(o: ScenarioOptions = {}): Json {
  const claim = {
    ...claimBase('claim-mri', 'TRN-MRI-0001', { provider: 'PractitionerRole/role-pcp', level: 'U', priority: 'normal' }),
    careTeam: [careTeamMember(1, 'Organization/org-imaging', 'SJ')],
    supportingInfo: [
      { extension: [documentInfo('09', 'Progress note, 9/24')], sequence: 1, category: cc(TEMP, 'additionalInformation'), valueReference: { reference: 'DocumentReference/doc-note' } },
      { extension: [documentInfo('XP', 'Photo of the gait test')], sequence: 2, category: cc(TEMP, 'additionalInformation'), valueReference: { reference: 'DocumentReference/doc-photo' } },
      { sequence: 3, category: cc(TEMP, 'freeFormMessage'), valueString: 'New foot drop since Tuesday; please expedite.' },
    ],
    diagnosis: [{ sequence: 1, diagnosisCodeableConcept: cc(ICD10CM, 'M5416') }, { sequence: 2, diagnosisCodeableConcept: cc(ICD10CM, 'M21.371') }],
    item: [
      {
        extension: itemExtensions('HS', 'I', 'MRI-ITEM-1'),
        sequence: 1,
        category: cc(`${X12}/1365`, '4', 'Diagnostic X-Ray'),
        productOrService: cc(CPT, '72148', 'MRI lumbar spine without contrast'),
        servicedDate: '2026-10-02',
        locationCodeableConcept: cc(POS, '22', 'On Campus-Outpatient Hospital'),
      },
    ],
  };
  return bundle('medical-services', claim, [
    patient(),
    coverage({ sopt: null }),
    insurer(),
    ...physician('pcp', '1234567893', 'Rivera', 'Alex', riverside),
    { resourceType: 'Organization', id: 'org-imaging', meta: { profile: [`${P}/profile-organization`] }, identifier: [{ system: NPI, value: '1215930367' }], active: true, name: 'Springfield Imaging Center' },
    documentReference('doc-note', 'Progress note 2026-09-24', '11506-3', 'application/pdf', o.pdfBase64 ?? TINY_PDF),
    documentReference('doc-photo', 'Gait test photo', '72170-4', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64')),
  ]);
}

/**
 * Surgical (institutional, inpatient): a spinal cord stimulator (63650 ×2 leads with modifier, 63685
 * generator) with the ICD-10-PCS procedure alongside; the items carry no date, the admission dates do.
 */
export function surgicalBundle(o: ScenarioOptions = {}): Json {
  const hospital = { resourceType: 'Organization', id: 'org-hospital', meta: { profile: [`${P}/profile-organization`] }, identifier: [{ system: NPI, value: '1336169986' }], active: true, name: 'Springfield General Hospital' };
  const claim = {
    ...claimBase('claim-scs', 'TRN-SCS-0001', { provider: 'PractitionerRole/role-surgeon', level: 'E', type: 'institutional' }),
    careTeam: [careTeamMember(1, 'PractitionerRole/role-surgeon', '72'), careTeamMember(2, 'Organization/org-hospital', 'FA')],
    supportingInfo: [
      { sequence: 1, category: cc(TEMP, 'admissionDates'), timingPeriod: { start: '2026-10-12', end: '2026-10-13' } },
      { extension: [documentInfo('OB', 'Operative plan and trial results')], sequence: 2, category: cc(TEMP, 'additionalInformation'), valueReference: { reference: 'DocumentReference/doc-plan' } },
    ],
    diagnosis: [
      { sequence: 1, diagnosisCodeableConcept: cc(ICD10CM, 'G89.4', 'Chronic pain syndrome'), type: [cc(TEMP, 'principal')] },
      { sequence: 2, diagnosisCodeableConcept: cc(ICD10CM, 'M96.1', 'Postlaminectomy syndrome') },
    ],
    item: [
      {
        extension: itemExtensions('AR', 'I', 'SCS-ITEM-1'),
        sequence: 1,
        category: cc(`${X12}/1365`, '2', 'Surgical'),
        productOrService: cc(CPT, '63650', 'Percutaneous implantation of neurostimulator electrode array, epidural'),
        modifier: [cc(CPT, 'LT')],
        locationCodeableConcept: cc(POS, '21', 'Inpatient Hospital'),
        quantity: { value: 2 },
      },
      {
        extension: itemExtensions('AR', 'I', 'SCS-ITEM-2'),
        sequence: 2,
        category: cc(`${X12}/1365`, '2', 'Surgical'),
        productOrService: cc(CPT, '63685', 'Insertion or replacement of spinal neurostimulator pulse generator'),
        locationCodeableConcept: cc(POS, '21', 'Inpatient Hospital'),
        quantity: { value: 1 },
      },
      {
        extension: itemExtensions('AR', 'I', 'SCS-ITEM-3'),
        sequence: 3,
        category: cc(`${X12}/1365`, '2', 'Surgical'),
        productOrService: cc('http://www.cms.gov/Medicare/Coding/ICD10', '0JH60DZ', 'Insertion of multiple array stimulator generator into chest subcutaneous tissue'),
        locationCodeableConcept: cc(POS, '21', 'Inpatient Hospital'),
        quantity: { value: 1 },
      },
    ],
  };
  return bundle('surgical', claim, [
    patient(),
    coverage({ sopt: '51' }),
    insurer(),
    ...physician('surgeon', '1003865023', 'Okafor', 'Ngozi', { id: 'org-neuro', npi: '1578619599', name: 'Springfield Neurosurgery' }),
    hospital,
    documentReference('doc-plan', 'Operative plan and trial results', '11504-8', 'application/pdf', o.pdfBase64 ?? TINY_PDF),
  ]);
}

/** A PASClaimUpdate Bundle: the update first (ClaimFirst), then the Claim it updates and the rest of the original request. */
function updateBundle(id: string, original: Json, change: (claim: Json) => Json, certificationType: string): Json {
  const entries = (original.entry as { fullUrl: string; resource: Json }[]).map((e) => e.resource);
  const prior = entries[0]!;
  const priorId = (prior.identifier as Json[])[0]!;
  const update = change({
    ...structuredClone(prior),
    id: `${String(prior.id)}-u1`,
    meta: { profile: [`${P}/profile-claim-update`] },
    extension: [...((prior.extension as Json[] | undefined) ?? []), ext(`${P}/extension-certificationType`, { valueCodeableConcept: cc(`${X12}/1322`, certificationType) })],
    identifier: [{ system: 'urn:trnorg:1234567890', value: `${String(priorId.value)}-U1` }],
    created: '2026-09-30T09:00:00-05:00',
    related: [{ claim: { reference: `Claim/${String(prior.id)}`, identifier: priorId }, relationship: cc('http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', 'prior') }],
  });
  const b = bundle(id, update, entries);
  b.timestamp = '2026-09-30T09:01:00-05:00';
  return b;
}

const withItemChange = (item: Json, mode: 'changed' | 'added') => ({ ...item, extension: [...(item.extension as Json[]), ext(`${P}/extension-infoChanged`, { valueCode: mode })] });
const cancelled = (item: Json) => ({
  ...item,
  modifierExtension: [ext(`${P}/modifierextension-infoCancelled`, { valueBoolean: true })],
  extension: [
    ...(item.extension as Json[]).filter((e) => e.url !== `${P}/extension-certificationType`),
    ext(`${P}/extension-certificationType`, { valueCodeableConcept: cc(`${X12}/1322`, '3') }),
    ext(`${P}/extension-infoChanged`, { valueCode: 'changed' }),
  ],
});

/** Home-care update (revised, S): nursing visits 8 → 10, and home health aide visits added; the physical therapy line unchanged. */
export function homeCareUpdateBundle(o: ScenarioOptions = {}): Json {
  return updateBundle('home-care-update', homeCareBundle(o), (claim) => {
    const items = claim.item as Json[];
    claim.item = [
      withItemChange({ ...items[0]!, quantity: { value: 10, unit: 'visits', code: 'VS' } }, 'changed'),
      items[1],
      withItemChange(
        {
          extension: itemExtensions('HS', 'I', 'HHC-ITEM-3'),
          sequence: 3,
          category: cc(`${X12}/1365`, '42', 'Home Health Care'),
          productOrService: cc(HCPCS, 'G0156', 'Services of home health/hospice aide in home health or hospice settings'),
          servicedPeriod: { start: '2026-10-01', end: '2026-11-29' },
          locationCodeableConcept: cc(POS, '12', 'Home'),
          quantity: { value: 16, unit: 'visits', code: 'VS' },
        },
        'added',
      ),
    ];
    claim.supportingInfo = [
      ...(claim.supportingInfo as Json[]),
      { extension: [ext(`${P}/extension-infoChanged`, { valueCode: 'added' })], sequence: 3, category: cc(TEMP, 'freeFormMessage'), valueString: 'Aide visits added: patient cannot bathe without help.' },
    ];
    return claim;
  }, 'S');
}

/** Cancellation (3): the provider withdraws the MRI request. */
export function cancellationBundle(o: ScenarioOptions = {}): Json {
  return updateBundle('cancellation', medicalServicesBundle(o), (claim) => {
    claim.item = (claim.item as Json[]).map(cancelled);
    return claim;
  }, '3');
}

/** Modification (S, revised): the surgical request drops the generator (63685 cancelled), asks for one lead array instead of two and moves the admission. */
export function modificationBundle(o: ScenarioOptions = {}): Json {
  return updateBundle('modification', surgicalBundle(o), (claim) => {
    const items = claim.item as Json[];
    claim.item = [withItemChange({ ...items[0]!, quantity: { value: 1 } }, 'changed'), cancelled(items[1]!), items[2]];
    claim.supportingInfo = (claim.supportingInfo as Json[]).map((s) =>
      (s.category as { coding: Json[] }).coding[0]!.code === 'admissionDates'
        ? { ...s, extension: [ext(`${P}/extension-infoChanged`, { valueCode: 'changed' })], timingPeriod: { start: '2026-10-19', end: '2026-10-20' } }
        : s,
    );
    return claim;
  }, 'S');
}

export const SCENARIOS = {
  referral: referralBundle,
  'home care': homeCareBundle,
  'medical services': medicalServicesBundle,
  surgical: surgicalBundle,
  'home-care update': homeCareUpdateBundle,
  cancellation: cancellationBundle,
  modification: modificationBundle,
} as const;
