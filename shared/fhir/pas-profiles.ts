/**
 * What the Da Vinci Prior Authorization Support IG (PAS, STU 2.x on FHIR R4) requires of the
 * resources this workbench reads and writes: canonical URLs, code systems, and a check of the
 * required elements (cardinality 1..* in the profiles or in base R4 beneath them) used by the
 * import, the export and the tests. It is a check of required elements, not a full FHIR validator.
 *
 * Sources: HL7/davinci-pas input/fsh (Bundle.fsh: PASRequestBundle, PASResponseBundle; Claim.fsh:
 * PASClaim; ClaimResponse.fsh: PASClaimResponse, ReviewAction, ReviewActionCode; the
 * claimResponseReviewer extension with wasHumanReviewedFlag 1..1, added in STU 2.1/2.2).
 */
export const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
export const PROFILE = {
  requestBundle: `${PAS}/profile-pas-request-bundle`,
  responseBundle: `${PAS}/profile-pas-response-bundle`,
  claim: `${PAS}/profile-claim`,
  claimResponse: `${PAS}/profile-claimresponse`,
  beneficiary: `${PAS}/profile-beneficiary`,
  insurer: `${PAS}/profile-insurer`,
  practitioner: `${PAS}/profile-practitioner`,
  practitionerRole: `${PAS}/profile-practitionerrole`,
} as const;

export const EXT = {
  reviewAction: `${PAS}/extension-reviewAction`,
  reviewActionCode: `${PAS}/extension-reviewActionCode`,
  itemPreAuthIssueDate: `${PAS}/extension-itemPreAuthIssueDate`,
  itemPreAuthPeriod: `${PAS}/extension-itemPreAuthPeriod`,
  itemAuthorizedDetail: `${PAS}/extension-itemAuthorizedDetail`,
  levelOfServiceCode: `${PAS}/extension-levelOfServiceCode`,
  claimResponseReviewer: `${PAS}/extension-claimResponseReviewer`,
} as const;

export const SYSTEM = {
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: ['https://bluebutton.cms.gov/resources/codesystem/hcpcs', 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'urn:oid:2.16.840.1.113883.6.285'],
  icd10cm: ['http://hl7.org/fhir/sid/icd-10-cm', 'urn:oid:2.16.840.1.113883.6.90'],
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** X12 306 "Action Code" (HCR01): A1 certified in total, A2 partial, A3 not certified, A4 pended, CT contact payer. */
  x12ReviewAction: 'https://codesystem.x12.org/005010/306',
  /** X12 1338 level of service (UM06): U urgent, 03 emergency, E elective. */
  x12LevelOfService: 'https://codesystem.x12.org/005010/1338',
  /** X12 98 entity identifier (careTeam.role): SJ service provider. */
  x12EntityIdentifier: 'https://codesystem.x12.org/005010/98',
  /** Source of Payment Typology (US Core Coverage.type). */
  sopt: 'https://nahdo.org/sopt',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  supportingInfoType: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASSupportingInfoType',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
} as const;

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

interface Requirement {
  path: string;
  test: (r: Json) => boolean;
}

const present = (key: string) => (r: Json) => r[key] !== undefined && r[key] !== null && !(Array.isArray(r[key]) && (r[key] as unknown[]).length === 0);
const equals = (key: string, value: string) => (r: Json) => r[key] === value;
const hasReference = (key: string) => (r: Json) => isObject(r[key]) && (str((r[key] as Json).reference) !== undefined || isObject((r[key] as Json).identifier));

/** What PASClaim and PASClaimResponse both require of a preauthorization. */
const preauthorization = (type: 'Claim' | 'ClaimResponse'): Requirement[] => [
  { path: `${type}.identifier`, test: present('identifier') },
  { path: `${type}.status = active`, test: equals('status', 'active') },
  { path: `${type}.type`, test: present('type') },
  { path: `${type}.use = preauthorization`, test: equals('use', 'preauthorization') },
  { path: `${type}.patient`, test: hasReference('patient') },
  { path: `${type}.created`, test: present('created') },
  { path: `${type}.insurer`, test: hasReference('insurer') },
];

const CLAIM: Requirement[] = [
  ...preauthorization('Claim'),
  { path: 'Claim.provider', test: hasReference('provider') },
  { path: 'Claim.priority', test: present('priority') },
  { path: 'Claim.insurance', test: present('insurance') },
  { path: 'Claim.item', test: present('item') },
  { path: 'Claim.item.sequence', test: (r) => arr(r.item).every((i) => isObject(i) && typeof i.sequence === 'number') },
  { path: 'Claim.item.productOrService', test: (r) => arr(r.item).every((i) => isObject(i) && isObject(i.productOrService)) },
  { path: 'Claim.diagnosis.sequence', test: (r) => arr(r.diagnosis).every((d) => isObject(d) && typeof d.sequence === 'number') },
  { path: 'Claim.supportingInfo.sequence/category', test: (r) => arr(r.supportingInfo).every((s) => isObject(s) && typeof s.sequence === 'number' && isObject(s.category)) },
];

const CLAIM_RESPONSE: Requirement[] = [
  ...preauthorization('ClaimResponse'),
  { path: 'ClaimResponse.requestor', test: hasReference('requestor') },
  { path: 'ClaimResponse.request', test: hasReference('request') },
  { path: 'ClaimResponse.outcome', test: (r) => ['queued', 'complete', 'error', 'partial'].includes(String(r.outcome)) },
  { path: 'ClaimResponse.item.itemSequence', test: (r) => arr(r.item).every((i) => isObject(i) && typeof i.itemSequence === 'number') },
  { path: 'ClaimResponse.item.adjudication', test: (r) => arr(r.item).every((i) => isObject(i) && arr(i.adjudication).length > 0) },
  {
    path: 'ClaimResponse.item.adjudication.category',
    test: (r) => arr(r.item).every((i) => isObject(i) && arr(i.adjudication).every((a) => isObject(a) && isObject(a.category))),
  },
  { path: 'ClaimResponse.processNote.text', test: (r) => arr(r.processNote).every((n) => isObject(n) && str(n.text) !== undefined) },
  {
    path: 'ClaimResponse.extension[claimResponseReviewer].wasHumanReviewedFlag',
    test: (r) =>
      arr(r.extension)
        .filter((e) => isObject(e) && e.url === EXT.claimResponseReviewer)
        .every((e) => arr((e as Json).extension).some((s) => isObject(s) && s.url === 'wasHumanReviewedFlag' && typeof s.valueBoolean === 'boolean')),
  },
];

function checkBundle(bundle: unknown, kind: 'request' | 'response'): string[] {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return ['Bundle: not a FHIR Bundle'];
  const missing: string[] = [];
  if (kind === 'request' && !isObject(bundle.identifier)) missing.push('Bundle.identifier');
  if (bundle.type !== 'collection') missing.push('Bundle.type = collection');
  if (!str(bundle.timestamp)) missing.push('Bundle.timestamp');
  const entries = arr(bundle.entry);
  if (entries.length === 0) missing.push('Bundle.entry');
  entries.forEach((e, i) => {
    if (!isObject(e) || !str(e.fullUrl)) missing.push(`Bundle.entry[${i}].fullUrl`);
    if (!isObject(e) || !isObject(e.resource)) missing.push(`Bundle.entry[${i}].resource`);
    if (isObject(e) && (e.request || e.response || e.search)) missing.push(`Bundle.entry[${i}]: request/response/search are not allowed`);
  });
  const want = kind === 'request' ? 'Claim' : 'ClaimResponse';
  const main = entries.filter((e) => isObject(e) && isObject(e.resource) && (e.resource as Json).resourceType === want);
  if (main.length !== 1) missing.push(`Bundle.entry[${want}]: exactly one, found ${main.length}`);
  const resource = main[0] ? ((main[0] as Json).resource as Json) : undefined;
  if (resource) missing.push(...(kind === 'request' ? checkClaim(resource) : checkClaimResponse(resource)));
  return missing;
}

export function checkClaim(claim: Json): string[] {
  return CLAIM.filter((r) => !r.test(claim)).map((r) => r.path);
}
export function checkClaimResponse(cr: Json): string[] {
  return CLAIM_RESPONSE.filter((r) => !r.test(cr)).map((r) => r.path);
}
/** Required elements missing from a PAS request Bundle (empty when it has them all). */
export function checkPasRequestBundle(bundle: unknown): string[] {
  return checkBundle(bundle, 'request');
}
/** Required elements missing from a PAS response Bundle. */
export function checkPasResponseBundle(bundle: unknown): string[] {
  return checkBundle(bundle, 'response');
}
