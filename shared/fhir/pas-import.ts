/**
 * A Da Vinci PAS 2.2.1 request Bundle (FHIR R4 JSON) → the request of a case, the PDFs it
 * carries, and what the director should know about it. The mapping follows PASClaim and
 * PASClaimUpdate (../shared/fhir/davinci-pas-2.2.1).
 *
 * Whatever the profiles allow is taken. A Bundle is refused (an error) only when it cannot become a
 * case: not a Bundle, no Claim, a Claim that is not a prior-authorization request, no patient, no
 * member id (PASCoverage requires the memberid identifier), no requesting provider with a name and
 * an NPI, or no requested service. What the profiles leave optional but a review needs (date of
 * birth, the line of business when Coverage.type carries no payment typology code, units, date of
 * service, diagnoses, the guideline) is left absent: a gap the case shows and the evaluation waits
 * for (shared/case/request-gaps.ts). Nothing is guessed; where the workbench reads something in one
 * of several ways allowed, a warning says which.
 */
import { CaseRequest, ICD10_CM, PROCEDURE_CODE, type LineOfBusiness, type OtherService, type Urgency } from '../case/schema';
import { isValidNpi, normalizeIcd10 } from '../intake/validate-new-case';
import { arr, codeOfExtension, codings, EXT, extensionsOf, isObject, REPORT_TYPE, str, SYSTEM, TRANSMISSION, type Json } from './pas-profiles';

export interface ImportProblem {
  severity: 'error' | 'warning';
  /** Where in the Bundle, FHIRPath-like: "Claim.item[2].quantity". */
  where: string;
  message: string;
}

export interface PasAttachment {
  contentType: string;
  /** Base64, as FHIR's Attachment.data carries it. */
  data: string;
  title: string;
  /** The supportingInfo sequence it came with, to tie it to its document information. */
  supportingInfoSequence?: number;
}

/** One Claim.item as sent, kept so the response answers each item by its sequence and trace numbers. */
export interface PasItem {
  sequence: number;
  system: string;
  code: string;
  display?: string;
  /** 'procedure': a CPT/HCPCS code the workbench reviews; 'other': kept and shown as not reviewed. */
  reviewed: boolean;
  units?: number;
  /** No quantity was sent, so one unit is counted. */
  unitsAssumed?: boolean;
  unitText?: string;
  modifiers: string[];
  date?: string;
  dateEnd?: string;
  /** itemTraceNumber identifiers (2000F TRN), echoed in the response. */
  traceNumbers: Json[];
  certificationType?: string;
  requestType?: string;
  category?: string;
  cancelled: boolean;
  changeMode?: 'added' | 'changed';
}

/** A document the request names (supportingInfo with documentInformation), attached or sent another way. */
export interface PasDocumentInfo {
  sequence: number;
  title: string;
  reportType?: string;
  reportTypeLabel?: string;
  transmission?: string;
  transmissionLabel?: string;
  controlNumber?: string;
  description?: string;
  /** 'attached': a PDF in the Bundle (imported); otherwise why it is not in the case. */
  status: 'attached' | 'not-a-pdf' | 'by-reference' | 'sent-separately' | 'not-a-document' | 'cancelled';
  note?: string;
}

export interface PasMessage {
  text: string;
  receivedAt: string;
  sequence?: number;
}

/** What the case keeps of its FHIR origin, so the response answers the same Claim with the same resources. */
export interface PasSource {
  kind: 'fhir-pas';
  bundleIdentifier?: Json;
  claimIdentifier?: { system?: string; value: string };
  claimIdentifiers?: Json[];
  /** Identifiers of the Claims this request replaced (the original request, earlier updates), so later updates still find the case. */
  priorClaimIdentifiers?: Json[];
  claimFullUrl?: string;
  claimType?: string;
  insurerName?: string;
  levelOfService?: string;
  items: PasItem[];
  /** Claim.item.sequence for each requested code, in the order of request.codes (older case files have only this). */
  itemSequences: number[];
  /** The request's Patient, insurer, requestor, care team and Coverage, verbatim with their fullUrls, for the response to echo. */
  resources: { fullUrl: string; role: string; resource: Json }[];
  messages: PasMessage[];
  documents: PasDocumentInfo[];
  /** Import warnings worth keeping with the case (units counted, dates chosen). */
  notes: string[];
  updates: { receivedAt: string; claimIdentifier?: string; certificationType?: string; changes: string[] }[];
}

export interface PasImport {
  /** 'update': a PASClaimUpdate, to apply to the case of the Claim it names (shared/fhir/pas-update.ts). */
  kind: 'request' | 'update';
  /** The request, when the Bundle can become a case (it may have gaps). */
  request: CaseRequest | null;
  /** Whatever was read, for the new-case form to prefill even when something blocks. */
  draft: Record<string, unknown>;
  attachments: PasAttachment[];
  problems: ImportProblem[];
  source: PasSource;
  /** For an update: the identifier of the Claim it updates, and its certification type (3 cancel, S revised…). */
  relatedClaim?: { system?: string; value?: string; reference?: string };
  certificationType?: string;
}

export interface PasImportOptions {
  /** Guideline ids whose rule files list all these codes (main knows the rules; this module does not). */
  guidelinesForCodes?: (codes: string[]) => string[];
  /** When the request was received, if the caller knows better than Bundle.timestamp. */
  receivedAt?: string;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** Resolves a reference against the Bundle's entries: by fullUrl, by "Type/id", or by an absolute URL ending in it. */
function resolver(entries: Json[]) {
  return (ref: unknown): { resource: Json; fullUrl: string } | undefined => {
    const r = isObject(ref) ? str(ref.reference) : undefined;
    if (!r) return undefined;
    for (const e of entries) {
      const res = e.resource as Json;
      const typeId = `${String(res.resourceType)}/${String(res.id)}`;
      const fullUrl = String(e.fullUrl ?? '');
      if (fullUrl === r || typeId === r || (fullUrl && fullUrl.endsWith(`/${r}`)) || r.endsWith(`/${typeId}`)) return { resource: res, fullUrl };
    }
    return undefined;
  };
}

function humanName(names: unknown): string | undefined {
  const all = arr(names).filter(isObject) as Json[];
  const n = all.find((x) => x.use === 'official') ?? all.find((x) => x.use !== 'old') ?? all[0];
  if (!n) return undefined;
  const parts = [...arr(n.prefix), ...arr(n.given), n.family, ...arr(n.suffix)].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  if (parts.length) return parts.join(' ');
  return str(n.text)?.trim();
}

function npiOf(resource: Json | undefined): string | undefined {
  const id = arr(resource?.identifier).find((i) => isObject(i) && i.system === SYSTEM.npi) as Json | undefined;
  return str(id?.value)?.trim();
}

function identifierOf(v: unknown): { system?: string; value: string } | undefined {
  if (!isObject(v) || !str(v.value)) return undefined;
  return { ...(str(v.system) ? { system: String(v.system) } : {}), value: String(v.value) };
}

/** SOPT (US Core Coverage.type): 11x Medicare managed care (Medicare Advantage), 12x traditional Medicare, 2x Medicaid, 5x/6x private. */
function lineOfBusinessFrom(coverage: Json | undefined): { lob?: LineOfBusiness; note: string } {
  const sopt = codings(coverage?.type).find((c) => c.system === SYSTEM.sopt);
  const code = str(sopt?.code);
  if (!code) return { note: 'Coverage.type carries no Source of Payment Typology code, so the line of business is not stated: enter it.' };
  if (code.startsWith('11')) return { lob: 'medicare-advantage', note: '' };
  if (code.startsWith('12')) return { lob: 'medicare', note: '' };
  if (code.startsWith('2')) return { lob: 'medicaid', note: '' };
  if (code.startsWith('5') || code.startsWith('6')) return { lob: 'commercial', note: '' };
  return { note: `Coverage.type SOPT ${code} does not say whether the plan is commercial, Medicare, Medicare Advantage or Medicaid: enter the line of business.` };
}

interface ProviderRead {
  name?: string;
  npi?: string;
  organization?: string;
  /** The resources read, with their fullUrls, for the response to echo. */
  resources: { fullUrl: string; resource: Json }[];
}

function readProvider(ref: unknown, resolve: ReturnType<typeof resolver>): ProviderRead | undefined {
  const hit = resolve(ref);
  if (!hit) return undefined;
  const res = hit.resource;
  const resources = [{ fullUrl: hit.fullUrl, resource: res }];
  if (res.resourceType === 'PractitionerRole') {
    const pract = resolve(res.practitioner);
    const org = resolve(res.organization);
    if (pract) resources.push({ fullUrl: pract.fullUrl, resource: pract.resource });
    if (org) resources.push({ fullUrl: org.fullUrl, resource: org.resource });
    const name = humanName(pract?.resource.name) ?? str(org?.resource.name);
    const npi = npiOf(pract?.resource) ?? npiOf(org?.resource);
    const orgName = str(org?.resource.name);
    return { ...(name ? { name } : {}), ...(npi ? { npi } : {}), ...(orgName && orgName !== name ? { organization: orgName } : {}), resources };
  }
  if (res.resourceType === 'Practitioner') {
    const name = humanName(res.name);
    return { ...(name ? { name } : {}), ...(npiOf(res) ? { npi: npiOf(res)! } : {}), resources };
  }
  if (res.resourceType === 'Organization') {
    return { ...(str(res.name) ? { name: str(res.name)! } : {}), ...(npiOf(res) ? { npi: npiOf(res)! } : {}), resources };
  }
  return { resources };
}

const isCategory = (s: Json, code: string) => codings(s.category).some((c) => c.code === code && (c.system === SYSTEM.pasTempCodes || c.system === SYSTEM.supportingInfoTypeLegacy || c.system === undefined));
const cancelledFlag = (r: Json) => arr(r.modifierExtension).some((e) => isObject(e) && e.url === EXT.infoCancelled && e.valueBoolean === true);
const dateOf = (v: unknown) => (typeof v === 'string' && DATE.test(v) ? v.slice(0, 10) : undefined);

function otherKind(system: string): string {
  if (system === SYSTEM.x12ServiceType) return 'X12 service type';
  if (system === SYSTEM.icd10pcs) return 'ICD-10-PCS procedure';
  if (system === SYSTEM.ndc) return 'NDC drug';
  if (system === SYSTEM.icd9cm) return 'ICD-9-CM procedure';
  if (system === SYSTEM.dataAbsentReason) return 'no code';
  if (system === 'http://www.nubc.org/RevenueCode' || system.includes('nubc')) return 'revenue code';
  return `code from ${system || 'no system'}`;
}

/** Which Claim is the request: the update (PASClaimUpdate, with Claim.related) if there is one, else the only Claim. */
function pickClaims(claims: { resource: Json; fullUrl: string }[]): { main: { resource: Json; fullUrl: string }; prior?: { resource: Json; fullUrl: string } } {
  const isUpdate = (c: Json) => arr(c.related).length > 0 || arr((c.meta as Json | undefined)?.profile).some((p) => String(p).includes('profile-claim-update'));
  const update = claims.find((c) => isUpdate(c.resource));
  if (update) return { main: update, ...(claims.find((c) => c !== update) ? { prior: claims.find((c) => c !== update)! } : {}) };
  return { main: claims[0]! };
}

export function importPasBundle(bundle: unknown, opts: PasImportOptions = {}): PasImport {
  const problems: ImportProblem[] = [];
  const error = (where: string, message: string) => problems.push({ severity: 'error', where, message });
  const warn = (where: string, message: string) => problems.push({ severity: 'warning', where, message });
  const source: PasSource = { kind: 'fhir-pas', items: [], itemSequences: [], resources: [], messages: [], documents: [], notes: [], updates: [] };
  const attachments: PasAttachment[] = [];
  const refuse = (): PasImport => ({ kind: 'request', request: null, draft: {}, attachments, problems, source });

  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    error('Bundle', 'This file is not a FHIR Bundle.');
    return refuse();
  }
  const entries = arr(bundle.entry).filter((e): e is Json => isObject(e) && isObject(e.resource));
  const resolve = resolver(entries);
  const claims = entries.filter((e) => (e.resource as Json).resourceType === 'Claim').map((e) => ({ resource: e.resource as Json, fullUrl: String(e.fullUrl ?? '') }));
  if (claims.length === 0) {
    error('Bundle.entry', 'The Bundle has no Claim, so it is not a prior-authorization request.');
    return refuse();
  }
  if (claims.length > 2) warn('Bundle.entry', `The Bundle has ${claims.length} Claims; PAS allows two (an update and the Claim it updates). The first update, or else the first Claim, is read.`);
  const { main, prior } = pickClaims(claims);
  const claim = main.resource;
  const kind: PasImport['kind'] = arr(claim.related).length > 0 ? 'update' : 'request';
  if (claim.use !== 'preauthorization') {
    error('Claim.use', `Claim.use is "${String(claim.use)}", not "preauthorization": this is not a prior-authorization request.`);
    return refuse();
  }
  if (isObject(bundle.identifier)) source.bundleIdentifier = bundle.identifier;
  source.claimFullUrl = main.fullUrl;
  source.claimIdentifiers = arr(claim.identifier).filter(isObject) as Json[];
  const claimId = identifierOf(source.claimIdentifiers[0]);
  if (claimId) source.claimIdentifier = claimId;
  const claimType = str(codings(claim.type)[0]?.code);
  if (claimType) source.claimType = claimType;

  let relatedClaim: PasImport['relatedClaim'];
  if (kind === 'update') {
    const rel = (arr(claim.related).filter(isObject) as Json[])[0]!;
    const ref = isObject(rel.claim) ? rel.claim : {};
    const byIdentifier = identifierOf(ref.identifier);
    const target = resolve(ref)?.resource ?? prior?.resource;
    const targetId = identifierOf(arr(target?.identifier)[0]);
    relatedClaim = { ...(byIdentifier ?? targetId ?? {}), ...(str(ref.reference) ? { reference: String(ref.reference) } : {}) };
    if (!relatedClaim.value && !relatedClaim.reference) error('Claim.related.claim', 'The update does not say which request it updates (Claim.related.claim has no identifier and names no Claim in the Bundle).');
  }
  const certificationType = codeOfExtension(claim, EXT.certificationType);

  // Member
  const patientHit = resolve(claim.patient);
  const patient = patientHit?.resource;
  if (!patient) {
    error('Claim.patient', 'The Claim\'s patient is not in the Bundle.');
    return refuse();
  }
  source.resources.push({ fullUrl: patientHit.fullUrl, role: 'patient', resource: patient });
  const insurance = arr(claim.insurance).filter(isObject) as Json[];
  const coverageRef = insurance.find((i) => i.focal === true) ?? insurance[0];
  const coverageHit = resolve(coverageRef?.coverage);
  const coverage = coverageHit?.resource;
  if (coverageHit) source.resources.push({ fullUrl: coverageHit.fullUrl, role: 'coverage', resource: coverage! });
  const typed = (ids: unknown) => (arr(ids).filter(isObject) as Json[]).find((i) => codings(i.type).some((c) => c.code === 'MB'));
  const memberId = str(typed(coverage?.identifier)?.value) ?? str(coverage?.subscriberId) ?? str(typed(patient.identifier)?.value);
  if (!memberId) {
    error('Coverage.identifier', 'No member id: PASCoverage requires the memberid identifier (type MB), and neither the Coverage nor the Patient has one.');
  } else if (!str(typed(coverage?.identifier)?.value)) {
    warn('Coverage.identifier', `The member id ${memberId} is read from ${str(coverage?.subscriberId) ? 'Coverage.subscriberId' : 'the Patient'}: the Coverage has no memberid identifier.`);
  }
  const memberName = humanName(patient.name);
  if (!memberName) error('Patient.name', 'The patient has no name.');
  const birthDate = dateOf(patient.birthDate);
  if (!birthDate) warn('Patient.birthDate', 'The patient\'s date of birth is not in the request: enter it.');
  const gender = str(patient.gender);
  const sex = gender && ['female', 'male', 'other', 'unknown'].includes(gender) ? (gender as 'female' | 'male' | 'other' | 'unknown') : undefined;

  // Plan
  const insurerHit = resolve(claim.insurer);
  const insurerName = str(insurerHit?.resource.name);
  if (insurerHit) source.resources.push({ fullUrl: insurerHit.fullUrl, role: 'insurer', resource: insurerHit.resource });
  if (insurerName) source.insurerName = insurerName;
  if (!insurerHit) warn('Claim.insurer', 'The Claim\'s insurer is not in the Bundle.');
  if (!coverage) warn('Claim.insurance.coverage', 'The Claim\'s Coverage is not in the Bundle.');
  const { lob, note } = lineOfBusinessFrom(coverage);
  if (!lob) warn('Coverage.type', note);
  const classes = arr(coverage?.class).filter(isObject) as Json[];
  const planClass = classes.find((c) => codings(c.type).some((x) => x.code === 'plan')) ?? classes.find((c) => codings(c.type).some((x) => x.code === 'group'));
  let planName = str(planClass?.name) ?? str(planClass?.value);
  if (!planName && insurerName) {
    planName = insurerName;
    warn('Coverage.class', 'The Coverage names no plan; the insurer\'s name is shown as the plan.');
  }
  if (!planName) {
    planName = 'Not stated';
    warn('Coverage.class', 'Neither a plan nor an insurer name is given.');
  }

  // Providers
  const requesting = readProvider(claim.provider, resolve);
  if (!requesting) error('Claim.provider', 'The requesting provider is not in the Bundle.');
  else {
    requesting.resources.forEach((r, i) => source.resources.push({ ...r, role: i === 0 ? 'requestor' : 'requestor-part' }));
    if (!requesting.name) error('Claim.provider', 'The requesting provider has no name.');
    if (!requesting.npi) error('Claim.provider', 'The requesting provider has no NPI (identifier system http://hl7.org/fhir/sid/us-npi); the workbench identifies providers by NPI.');
    else if (!isValidNpi(requesting.npi)) error('Claim.provider', `The requesting provider's NPI ${requesting.npi} fails its check digit.`);
  }
  let servicing: ProviderRead | undefined;
  const careTeam = arr(claim.careTeam).filter(isObject) as Json[];
  careTeam.forEach((ct, i) => {
    const role = codings(ct.role).map((c) => str(c.code)).find(Boolean);
    const p = readProvider(ct.provider, resolve);
    p?.resources.forEach((r) => source.resources.push({ ...r, role: `careTeam-${role ?? 'none'}` }));
    if (!servicing && (role === 'SJ' || role === 'FA' || role === '71' || role === '72') && p) {
      if (!p.npi || !p.name) warn(`Claim.careTeam[${i}]`, 'The servicing provider has no name or no NPI; it is not shown.');
      else if (!isValidNpi(p.npi)) warn(`Claim.careTeam[${i}]`, `The servicing provider's NPI ${p.npi} fails its check digit; it is not shown.`);
      else servicing = p;
    }
  });

  // Requested services
  const items = arr(claim.item).filter(isObject) as Json[];
  const procedureSystems: string[] = [SYSTEM.cpt, ...SYSTEM.hcpcs];
  items.forEach((item, i) => {
    const where = `Claim.item[${i}]`;
    const sequence = typeof item.sequence === 'number' ? item.sequence : i + 1;
    const all = codings(item.productOrService);
    const coding = all.find((c) => procedureSystems.includes(String(c.system)) && PROCEDURE_CODE.test(String(c.code ?? '').trim().toUpperCase())) ?? all[0];
    const system = String(coding?.system ?? '');
    let code = String(coding?.code ?? '').trim();
    const rangeEnd = str(codings(extensionsOf(item, EXT.productOrServiceCodeEnd)[0]?.valueCodeableConcept)[0]?.code);
    const reviewed = !rangeEnd && procedureSystems.includes(system) && PROCEDURE_CODE.test(code.toUpperCase());
    if (reviewed) code = code.toUpperCase();
    else if (!code && str(codings(item.revenue)[0]?.code)) code = String(codings(item.revenue)[0]!.code);
    const qty = isObject(item.quantity) ? item.quantity : undefined;
    const qtyValue = typeof qty?.value === 'number' ? qty.value : undefined;
    const modifiers = (arr(item.modifier) as unknown[]).flatMap((m) => codings(m).map((c) => String(c.code ?? '').trim().toUpperCase())).filter(Boolean);
    const period = isObject(item.servicedPeriod) ? item.servicedPeriod : undefined;
    const date = dateOf(item.servicedDate) ?? dateOf(period?.start);
    const dateEnd = dateOf(period?.end);
    const cancelled = cancelledFlag(item) || codeOfExtension(item, EXT.certificationType) === '3';
    const changeMode = codeOfExtension(item, EXT.infoChanged) as PasItem['changeMode'] | undefined;
    const pasItem: PasItem = {
      sequence,
      system,
      code: rangeEnd ? `${code}–${rangeEnd}` : code || '(no code)',
      ...(str(coding?.display) ? { display: String(coding!.display) } : {}),
      reviewed,
      modifiers,
      ...(date ? { date } : {}),
      ...(dateEnd ? { dateEnd } : {}),
      traceNumbers: extensionsOf(item, EXT.itemTraceNumber).map((e) => e.valueIdentifier).filter(isObject) as Json[],
      ...(codeOfExtension(item, EXT.certificationType) ? { certificationType: codeOfExtension(item, EXT.certificationType)! } : {}),
      ...(codeOfExtension(item, EXT.serviceItemRequestType) ? { requestType: codeOfExtension(item, EXT.serviceItemRequestType)! } : {}),
      ...(str(codings(item.category)[0]?.code) ? { category: String(codings(item.category)[0]!.code) } : {}),
      cancelled,
      ...(changeMode === 'added' || changeMode === 'changed' ? { changeMode } : {}),
    };
    if (reviewed) {
      if (qtyValue === undefined) {
        pasItem.units = 1;
        pasItem.unitsAssumed = true;
        if (!cancelled) warn(`${where}.quantity`, `${code}: the request gives no quantity; 1 unit is counted.`);
      } else if (Number.isInteger(qtyValue) && qtyValue >= 1 && qtyValue <= 999) pasItem.units = qtyValue;
      else if (!cancelled) warn(`${where}.quantity`, `${code}: the quantity ${qtyValue} is not a whole number of units from 1 to 999: enter the units.`);
      const bad = modifiers.filter((m) => !/^[A-Z0-9]{2}$/.test(m));
      if (bad.length) warn(`${where}.modifier`, `${code}: modifier ${bad.join(', ')} is not two letters or digits and is not shown.`);
      pasItem.modifiers = modifiers.filter((m) => !bad.includes(m));
    } else {
      if (qtyValue !== undefined) pasItem.units = qtyValue;
      const unit = str(qty?.unit) ?? str(qty?.code);
      if (unit) pasItem.unitText = unit;
      if (!cancelled) {
        warn(`${where}.productOrService`, rangeEnd
          ? `Item ${sequence} requests the range ${code}–${rangeEnd}: the workbench reviews single CPT/HCPCS codes, so it is shown as not reviewed here.`
          : `Item ${sequence} (${otherKind(system)} ${code || '(none)'}) is not a CPT or HCPCS code: it is kept and shown as not reviewed by the workbench.`);
      }
    }
    source.items.push(pasItem);
  });
  const live = source.items.filter((it) => !it.cancelled);
  if (items.length === 0) error('Claim.item', 'The Claim requests no service.');
  else if (live.length === 0 && kind === 'request') error('Claim.item', 'Every item of the Claim is cancelled: there is no service to review.');

  const { codes, otherServices, itemSequences } = requestLinesFrom(live, warn);
  source.itemSequences = itemSequences;

  // Diagnoses (principal first, as sent otherwise)
  const diagnoses: CaseRequest['diagnoses'] = [];
  const dx = (arr(claim.diagnosis).filter(isObject) as Json[]).slice().sort((a, b) => Number(codings(b.type).some((c) => c.code === 'principal')) - Number(codings(a.type).some((c) => c.code === 'principal')));
  dx.forEach((d, i) => {
    const where = `Claim.diagnosis[${i}]`;
    const cc = d.diagnosisCodeableConcept ?? resolve(d.diagnosisReference)?.resource.code;
    const coding = codings(cc).find((c) => (SYSTEM.icd10cm as readonly string[]).includes(String(c.system)));
    if (!coding) {
      warn(where, `Diagnosis ${i + 1} has no ICD-10-CM code (${codings(cc).map((c) => `${String(c.system)} ${String(c.code)}`).join(', ') || 'none'}); it is not shown.`);
      return;
    }
    const code = normalizeIcd10(String(coding.code ?? ''));
    if (!ICD10_CM.test(code)) {
      warn(where, `"${String(coding.code)}" is not an ICD-10-CM code; it is not shown.`);
      return;
    }
    if (!diagnoses.some((x) => x.code === code)) diagnoses.push({ code, ...(str(coding.display) ? { description: String(coding.display) } : {}) });
  });
  if (diagnoses.length === 0) warn('Claim.diagnosis', 'The request gives no ICD-10-CM diagnosis: enter the diagnoses.');

  // Supporting information: documents, messages, event and admission dates
  const receivedAt = opts.receivedAt ?? str(bundle.timestamp) ?? str(claim.created);
  let eventDate: string | undefined;
  (arr(claim.supportingInfo).filter(isObject) as Json[]).forEach((s, i) => {
    const where = `Claim.supportingInfo[${i}]`;
    const sequence = typeof s.sequence === 'number' ? s.sequence : i + 1;
    const cancelled = cancelledFlag(s);
    if (isCategory(s, 'additionalInformation')) {
      readDocument(s, sequence, where, cancelled);
    } else if (isCategory(s, 'freeFormMessage')) {
      if (str(s.valueString) && !cancelled) source.messages.push({ text: String(s.valueString), receivedAt: receivedAt ?? '', sequence });
    } else if (isCategory(s, 'patientEvent') || isCategory(s, 'admissionDates')) {
      const d = dateOf(s.timingDate) ?? dateOf(isObject(s.timingPeriod) ? s.timingPeriod.start : undefined);
      if (d && !cancelled) eventDate = eventDate && eventDate < d ? eventDate : d;
    } else if (!isCategory(s, 'dischargeDates')) {
      warn(where, `Supporting information "${String(codings(s.category)[0]?.code ?? '(no category)')}" is not read.`);
    }
  });
  const homeHealthStart = dateOf(extensionsOf(extensionsOf(claim, EXT.homeHealthCareInformation)[0], 'date')[0]?.valueDate);

  function readDocument(s: Json, sequence: number, where: string, cancelled: boolean) {
    const info = extensionsOf(s, EXT.documentInformation)[0];
    const sub = (url: string) => extensionsOf(info, url)[0];
    const reportType = str(codings(sub('reportTypeCode')?.valueCodeableConcept)[0]?.code);
    const transmission = str(codings(sub('transmissionMethod')?.valueCodeableConcept)[0]?.code);
    const base: Omit<PasDocumentInfo, 'status' | 'title'> = {
      sequence,
      ...(reportType ? { reportType, ...(REPORT_TYPE[reportType] ? { reportTypeLabel: REPORT_TYPE[reportType] } : {}) } : {}),
      ...(transmission ? { transmission, ...(TRANSMISSION[transmission] ? { transmissionLabel: TRANSMISSION[transmission] } : {}) } : {}),
      ...(str(sub('controlNumber')?.valueString) ? { controlNumber: String(sub('controlNumber')!.valueString) } : {}),
      ...(str(sub('description')?.valueString) ? { description: String(sub('description')!.valueString) } : {}),
    };
    const label = base.description ?? base.reportTypeLabel ?? (reportType ? `Report type ${reportType}` : `Supporting document ${sequence}`);
    if (cancelled) {
      source.documents.push({ ...base, title: label, status: 'cancelled', note: 'The provider withdrew it (infoCancelledFlag).' });
      return;
    }
    const target = resolve(s.valueReference);
    if (!target) {
      const separately = transmission && transmission !== 'EL';
      source.documents.push({ ...base, title: label, status: 'sent-separately', note: separately ? `Sent ${TRANSMISSION[transmission] ?? `by method ${transmission}`}, not in the Bundle.` : 'Not in the Bundle.' });
      if (!separately) warn(where, `The document "${label}" it points to is not in the Bundle.`);
      return;
    }
    const doc = target.resource;
    if (doc.resourceType !== 'DocumentReference') {
      source.documents.push({ ...base, title: label, status: 'not-a-document', note: `A ${String(doc.resourceType)} was sent; the workbench shows PDFs only.` });
      warn(where, `Supporting information of type ${String(doc.resourceType)} is listed but not shown; the workbench reads PDFs from DocumentReferences.`);
      return;
    }
    const contents = arr(doc.content).filter(isObject) as Json[];
    contents.forEach((c, j) => {
      const att = isObject(c.attachment) ? c.attachment : undefined;
      if (!att) return;
      const title = (str(att.title) ?? str(doc.description) ?? str(codings(doc.type)[0]?.display) ?? label).trim();
      if (att.contentType !== 'application/pdf') {
        source.documents.push({ ...base, title, status: 'not-a-pdf', note: String(att.contentType ?? 'no stated type') });
        warn(`${where}.content[${j}]`, `"${title}" is ${String(att.contentType ?? 'of no stated type')}, not a PDF; it was not imported.`);
      } else if (!str(att.data)) {
        source.documents.push({ ...base, title, status: 'by-reference', note: 'Referenced by URL, not carried in the Bundle: not fetched.' });
        warn(`${where}.content[${j}]`, `"${title}" is referenced by URL, not carried in the Bundle; it was not fetched.`);
      } else {
        source.documents.push({ ...base, title, status: 'attached' });
        attachments.push({ contentType: 'application/pdf', data: String(att.data), title: title.toLowerCase().endsWith('.pdf') ? title : `${title}.pdf`, supportingInfoSequence: sequence });
      }
    });
  }

  // Date of service: the reviewed items' dates, else the patient event, admission or home health start
  const itemDates = [...new Set(live.filter((it) => it.reviewed && it.date).map((it) => it.date!))].sort();
  let dateOfService = itemDates[0];
  if (!dateOfService) {
    const fallback = [eventDate, homeHealthStart, ...live.map((it) => it.date)].filter((d): d is string => Boolean(d)).sort()[0];
    if (fallback) {
      dateOfService = fallback;
      const from = fallback === eventDate ? 'the patient event or admission dates' : fallback === homeHealthStart ? 'the home health start date' : 'the items not reviewed here';
      warn('Claim.item.serviced[x]', `The requested codes carry no date of service; ${fallback} is taken from ${from}.`);
    } else warn('Claim.item.serviced[x]', 'No date of service: neither the items nor a patient event, admission or home health start give one: enter it.');
  }
  if (itemDates.length > 1) warn('Claim.item.serviced[x]', `The items have different dates of service (${itemDates.join(', ')}); the case uses the earliest.`);

  // Urgency: the level of service (UM06) is the urgency; Claim.priority only when it is absent
  const levelCode = codeOfExtension(claim, EXT.levelOfServiceCode);
  if (levelCode) source.levelOfService = levelCode;
  const fromLevel: Urgency | undefined = levelCode === 'U' || levelCode === '03' ? 'expedited' : levelCode === 'E' ? 'standard' : undefined;
  if (levelCode && !fromLevel) warn('Claim.extension[levelOfServiceType]', `Level of service ${levelCode} is not urgent (U), emergency (03) or elective (E).`);
  const priority = str(codings(claim.priority)[0]?.code);
  const fromPriority: Urgency | undefined = priority === 'stat' ? 'expedited' : priority === 'normal' || priority === 'deferred' ? 'standard' : undefined;
  let urgency = fromLevel ?? fromPriority;
  if (fromLevel && fromPriority && fromLevel !== fromPriority) {
    warn('Claim.priority', `Claim.priority says ${priority}, the level of service ${levelCode}: the level of service decides (${fromLevel}).`);
  }
  if (!urgency) {
    urgency = 'standard';
    warn('Claim.extension[levelOfServiceType]', 'Neither a level of service nor Claim.priority is given: the request is handled as standard (not urgent), as a request that asks for no expedited review is.');
  }

  if (!receivedAt || !WITH_OFFSET.test(receivedAt)) error('Bundle.timestamp', 'No time of receipt with a time zone: neither Bundle.timestamp nor Claim.created gives one.');

  // Guideline: from the rule files that cover the codes, when exactly one does
  let guidelineId: string | undefined;
  if (codes.length > 0) {
    const found = opts.guidelinesForCodes?.(codes.map((c) => c.code)) ?? [];
    if (found.length === 1) guidelineId = found[0];
    else if (found.length === 0) warn('Claim.item', `No guideline on file covers ${codes.map((c) => c.code).join(', ')}: choose the guideline.`);
    else warn('Claim.item', `The codes fall under several guidelines (${found.join(', ')}): choose one.`);
  }

  for (const p of problems) if (p.severity === 'warning' && /counted|taken from|decides/.test(p.message)) source.notes.push(p.message);

  const draft: Record<string, unknown> = {
    member: { id: memberId, name: memberName, ...(birthDate ? { dateOfBirth: birthDate } : {}), ...(sex ? { sex } : {}) },
    plan: { name: planName, ...(lob ? { lineOfBusiness: lob } : {}) },
    requestingProvider: { name: requesting?.name, npi: requesting?.npi, ...(requesting?.organization ? { organization: requesting.organization } : {}) },
    ...(servicing ? { servicingProvider: { name: servicing.name, npi: servicing.npi, ...(servicing.organization ? { organization: servicing.organization } : {}) } } : {}),
    codes,
    otherServices,
    diagnoses,
    ...(dateOfService ? { dateOfService } : {}),
    receivedAt,
    urgency,
    ...(guidelineId ? { guidelineId } : {}),
    priorRequests: [],
    exceptionRequested: false,
    pasSource: source,
  };
  const result = (request: CaseRequest | null): PasImport => ({
    kind,
    request,
    draft,
    attachments,
    problems,
    source,
    ...(relatedClaim ? { relatedClaim } : {}),
    ...(certificationType ? { certificationType } : {}),
  });
  if (problems.some((p) => p.severity === 'error')) return result(null);
  const parsed = CaseRequest.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) error(issue.path.join('.'), issue.message);
    return result(null);
  }
  return result(parsed.data);
}

/** The live items → the case's requested codes (CPT/HCPCS lines of one code merged) and the services it does not review. */
export function requestLinesFrom(
  live: PasItem[],
  warn: (where: string, message: string) => void = () => {},
): { codes: CaseRequest['codes']; otherServices: OtherService[]; itemSequences: number[] } {
  const codes: CaseRequest['codes'] = [];
  const itemSequences: number[] = [];
  const otherServices: OtherService[] = [];
  for (const it of live) {
    if (!it.reviewed) {
      otherServices.push({
        system: it.system,
        code: it.code,
        kind: otherKind(it.system),
        ...(it.display ? { display: it.display } : {}),
        ...(it.units !== undefined ? { units: it.units } : {}),
        ...(it.unitText ? { unitText: it.unitText } : {}),
        ...(it.date ? { date: it.date } : {}),
      });
      continue;
    }
    const same = codes.find((c) => c.code === it.code);
    if (same) {
      // Determinations are per code: two lines of one code are one requested code with their units added.
      if (same.units !== undefined && it.units !== undefined) same.units += it.units;
      else delete same.units;
      warn('Claim.item', `${it.code} is requested on more than one item (sequence ${it.sequence} too): the units are added up and decided together.`);
      continue;
    }
    codes.push({
      code: it.code,
      ...(it.units !== undefined ? { units: it.units } : {}),
      ...(it.unitsAssumed ? { unitsAssumed: true } : {}),
      modifiers: it.modifiers,
      ...(it.display ? { description: it.display } : {}),
    });
    itemSequences.push(it.sequence);
  }
  return { codes, otherServices, itemSequences };
}
