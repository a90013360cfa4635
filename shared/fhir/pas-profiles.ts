/**
 * The names the Da Vinci PAS 2.2.1 profiles use (../shared/fhir/davinci-pas-2.2.1, CC0): canonical
 * URLs of the profiles and extensions the workbench reads and writes, and the code systems their
 * bindings name. Conformance itself is checked by main/fhir/validate-fhir.ts against the
 * published StructureDefinitions, not by hand here.
 */
export const PAS = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition';
export const PROFILE = {
  requestBundle: `${PAS}/profile-pas-request-bundle`,
  responseBundle: `${PAS}/profile-pas-response-bundle`,
  claim: `${PAS}/profile-claim`,
  claimUpdate: `${PAS}/profile-claim-update`,
  claimResponse: `${PAS}/profile-claimresponse`,
  communicationRequest: `${PAS}/profile-communicationrequest`,
  beneficiary: `${PAS}/profile-beneficiary`,
  coverage: `${PAS}/profile-coverage`,
  insurer: `${PAS}/profile-insurer`,
  requestor: `${PAS}/profile-requestor`,
  organization: `${PAS}/profile-organization`,
  practitioner: `${PAS}/profile-practitioner`,
  practitionerRole: `${PAS}/profile-practitionerrole`,
  documentReference: `${PAS}/profile-documentreference`,
} as const;

export const EXT = {
  reviewAction: `${PAS}/extension-reviewAction`,
  reviewActionCode: `${PAS}/extension-reviewActionCode`,
  itemPreAuthIssueDate: `${PAS}/extension-itemPreAuthIssueDate`,
  itemPreAuthPeriod: `${PAS}/extension-itemPreAuthPeriod`,
  itemAuthorizedDetail: `${PAS}/extension-itemAuthorizedDetail`,
  itemRequestedServiceDate: `${PAS}/extension-itemRequestedServiceDate`,
  itemTraceNumber: `${PAS}/extension-itemTraceNumber`,
  levelOfServiceCode: `${PAS}/extension-levelOfServiceCode`,
  claimResponseReviewer: `${PAS}/extension-claimResponseReviewer`,
  certificationType: `${PAS}/extension-certificationType`,
  serviceItemRequestType: `${PAS}/extension-serviceItemRequestType`,
  productOrServiceCodeEnd: `${PAS}/extension-productOrServiceCodeEnd`,
  careTeamClaimScope: `${PAS}/extension-careTeamClaimScope`,
  documentInformation: `${PAS}/extension-documentInformation`,
  homeHealthCareInformation: `${PAS}/extension-homeHealthCareInformation`,
  requestedService: `${PAS}/extension-requestedService`,
  infoChanged: `${PAS}/extension-infoChanged`,
  infoCancelled: `${PAS}/modifierextension-infoCancelled`,
  serviceLineNumber: `${PAS}/extension-serviceLineNumber`,
} as const;

export const SYSTEM = {
  cpt: 'http://www.ama-assn.org/go/cpt',
  /** HCPCS as PAS's X12278RequestedServiceType names it first; the others are read too. */
  hcpcs: ['http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', 'https://bluebutton.cms.gov/resources/codesystem/hcpcs', 'urn:oid:2.16.840.1.113883.6.285'],
  icd10cm: ['http://hl7.org/fhir/sid/icd-10-cm', 'urn:oid:2.16.840.1.113883.6.90'],
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  icd9cm: 'http://terminology.hl7.org/CodeSystem/icd9cm',
  ndc: 'http://hl7.org/fhir/sid/ndc',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  npi: 'http://hl7.org/fhir/sid/us-npi',
  /** X12 306 action code (HCR01): A1 certified in total, A2 certified partial, A3 not certified, A4 pended, A6 modified, CT contact payer. */
  x12ReviewAction: 'https://codesystem.x12.org/005010/306',
  /** X12 1338 level of service (UM06): U urgent, 03 emergency, E elective. */
  x12LevelOfService: 'https://codesystem.x12.org/005010/1338',
  /** X12 98 entity identifier (careTeam.role): SJ service provider, FA facility, 71 attending. */
  x12EntityIdentifier: 'https://codesystem.x12.org/005010/98',
  /** X12 1365 service type (Claim.item.category, and a productOrService for service-type requests). */
  x12ServiceType: 'https://codesystem.x12.org/005010/1365',
  /** X12 1322 certification type (UM02): I initial, 3 cancel, 4 extension, S revised, R renewal. */
  x12CertificationType: 'https://codesystem.x12.org/005010/1322',
  /** X12 1525 request category (UM01): HS health services review, SC specialty care review, AR admission review. */
  x12RequestCategory: 'https://codesystem.x12.org/005010/1525',
  /** X12 755 report type (PWK01) and 756 transmission method (PWK02). */
  x12ReportType: 'https://codesystem.x12.org/005010/755',
  x12TransmissionMethod: 'https://codesystem.x12.org/005010/756',
  /** X12 1069 individual relationship (INS02): 18 self. */
  x12Relationship: 'https://codesystem.x12.org/005010/1069',
  /** X12 886 review decision reason (HCR03). */
  x12ReviewReason: 'https://codesystem.x12.org/external/886',
  placeOfService: 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set',
  /** Source of Payment Typology (US Core Coverage.type). */
  sopt: 'https://nahdo.org/sopt',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  adjudication: 'http://terminology.hl7.org/CodeSystem/adjudication',
  /** PASTempCodes: supportingInfo categories (additionalInformation, freeFormMessage, patientEvent…), infoChanged modes. */
  pasTempCodes: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASTempCodes',
  /** An older name of the supportingInfo category system, still read. */
  supportingInfoTypeLegacy: 'http://hl7.org/fhir/us/davinci-pas/CodeSystem/PASSupportingInfoType',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/coverage-class',
  relatedClaimRelationship: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship',
  loinc: 'http://loinc.org',
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
export function codings(cc: unknown): Json[] {
  return isObject(cc) ? (arr(cc.coding).filter(isObject) as Json[]) : [];
}
export function extensionsOf(r: unknown, url: string): Json[] {
  return isObject(r) ? (arr(r.extension).filter((e) => isObject(e) && e.url === url) as Json[]) : [];
}
export function codeOfExtension(r: unknown, url: string): string | undefined {
  const e = extensionsOf(r, url)[0];
  if (!e) return undefined;
  return str(e.valueCode) ?? str(codings(e.valueCodeableConcept)[0]?.code);
}

/** X12 755 report types (PWK01) the director sees most, in words; others are shown by code. */
export const REPORT_TYPE: Record<string, string> = {
  '03': 'Report justifying treatment beyond utilization guidelines',
  '04': 'Drugs administered',
  '05': 'Treatment diagnosis',
  '06': 'Initial assessment',
  '07': 'Functional goals',
  '08': 'Plan of treatment',
  '09': 'Progress report',
  '10': 'Continued treatment',
  '15': 'Justification for admission',
  B3: 'Physician order',
  B4: 'Referral form',
  DG: 'Diagnostic report',
  DS: 'Discharge summary',
  LA: 'Laboratory results',
  M1: 'Medical record attachment',
  NN: 'Nursing notes',
  OB: 'Operative note',
  OZ: 'Support data for claim',
  P4: 'Pathology report',
  P5: 'Patient medical history document',
  PN: 'Physical therapy notes',
  PY: "Physician's report",
  RR: 'Radiology reports',
  RB: 'Radiology films',
  XP: 'Photographs',
};

/** X12 756 transmission methods (PWK02): how a document named in the request is sent. */
export const TRANSMISSION: Record<string, string> = {
  AA: 'available on request at the provider',
  BM: 'by mail',
  EL: 'electronically only',
  EM: 'by e-mail',
  FT: 'by file transfer',
  FX: 'by fax',
};
