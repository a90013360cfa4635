/**
 * A Da Vinci PAS request Bundle (FHIR R4 JSON) → the request of a new case, the PDFs it carries,
 * and what could not be read. Nothing is guessed: a part that is missing, unknown or ambiguous is
 * a problem the reviewer sees (an error blocks creating the case until the form fixes it), never
 * a default. The mapping follows PASClaim (HL7/davinci-pas input/fsh/Claim.fsh).
 */
import { CaseRequest, ICD10_CM, PROCEDURE_CODE, type LineOfBusiness, type Urgency } from '../case/schema';
import { isValidNpi, normalizeIcd10 } from '../intake/validate-new-case';
import { arr, checkPasRequestBundle, isObject, str, SYSTEM, EXT, type Json } from './pas-profiles';

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
}

/** What the case keeps of its FHIR origin, so the export can answer the same Claim. */
export interface PasSource {
  kind: 'fhir-pas';
  bundleIdentifier?: { system?: string; value: string };
  claimIdentifier?: { system?: string; value: string };
  claimType?: string;
  insurerName?: string;
  /** Claim.item.sequence for each requested code, in the order of request.codes. */
  itemSequences: number[];
  messages: string[];
}

export interface PasImport {
  /** The request, when nothing blocking is missing. */
  request: CaseRequest | null;
  /** Whatever was read, for the new-case form to prefill even when something blocks. */
  draft: Record<string, unknown>;
  attachments: PasAttachment[];
  problems: ImportProblem[];
  source: PasSource;
}

export interface PasImportOptions {
  /** Guideline ids whose rule files list all these codes (main knows the rules; this module does not). */
  guidelinesForCodes?: (codes: string[]) => string[];
  /** When the request was received, if the caller knows better than Bundle.timestamp. */
  receivedAt?: string;
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Resolves a reference against the Bundle's entries: by fullUrl, by "Type/id", or by an absolute URL ending in it. */
function resolver(entries: Json[]) {
  return (ref: unknown): Json | undefined => {
    const r = isObject(ref) ? str(ref.reference) : undefined;
    if (!r) return undefined;
    for (const e of entries) {
      const res = e.resource as Json;
      const typeId = `${String(res.resourceType)}/${String(res.id)}`;
      if (e.fullUrl === r || typeId === r || (typeof e.fullUrl === 'string' && e.fullUrl.endsWith(`/${r}`)) || r.endsWith(`/${typeId}`)) return res;
    }
    return undefined;
  };
}

function codings(cc: unknown): Json[] {
  return isObject(cc) ? (arr(cc.coding).filter(isObject) as Json[]) : [];
}

function humanName(names: unknown): string | undefined {
  const n = arr(names).find(isObject) as Json | undefined;
  if (!n) return undefined;
  const text = str(n.text);
  if (text) return text.trim();
  const parts = [...arr(n.prefix), ...arr(n.given), n.family, ...arr(n.suffix)].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length ? parts.join(' ') : undefined;
}

function npiOf(resource: Json | undefined): string | undefined {
  const id = arr(resource?.identifier).find((i) => isObject(i) && i.system === SYSTEM.npi) as Json | undefined;
  return str(id?.value);
}

/** SOPT (US Core Coverage.type): 11x Medicare managed care (Medicare Advantage), 12x traditional Medicare, 2x Medicaid, 5x/6x private. */
function lineOfBusinessFrom(coverage: Json | undefined): { lob?: LineOfBusiness; note?: string } {
  const sopt = codings(coverage?.type).find((c) => c.system === SYSTEM.sopt);
  const code = str(sopt?.code);
  if (!code) return { note: 'Coverage.type has no Source of Payment Typology code, so the line of business is unknown.' };
  if (code.startsWith('11')) return { lob: 'medicare-advantage' };
  if (code.startsWith('12')) return { lob: 'medicare' };
  if (code.startsWith('2')) return { lob: 'medicaid' };
  if (code.startsWith('5') || code.startsWith('6')) return { lob: 'commercial' };
  return { note: `Coverage.type SOPT ${code} does not say whether the plan is commercial, Medicare Advantage or Medicaid.` };
}

function provider(res: Json | undefined, resolve: (r: unknown) => Json | undefined): { name?: string; npi?: string; organization?: string } {
  if (!res) return {};
  if (res.resourceType === 'PractitionerRole') {
    const pract = resolve(res.practitioner);
    const org = resolve(res.organization);
    const name = humanName(pract?.name) ?? str(org?.name);
    const orgName = str(org?.name);
    return { ...(name ? { name } : {}), ...((npiOf(pract) ?? npiOf(org)) ? { npi: npiOf(pract) ?? npiOf(org)! } : {}), ...(orgName ? { organization: orgName } : {}) };
  }
  if (res.resourceType === 'Practitioner') return { ...(humanName(res.name) ? { name: humanName(res.name)! } : {}), ...(npiOf(res) ? { npi: npiOf(res)! } : {}) };
  if (res.resourceType === 'Organization') return { ...(str(res.name) ? { name: str(res.name)! } : {}), ...(npiOf(res) ? { npi: npiOf(res)! } : {}) };
  return {};
}

export function importPasBundle(bundle: unknown, opts: PasImportOptions = {}): PasImport {
  const problems: ImportProblem[] = [];
  const error = (where: string, message: string) => problems.push({ severity: 'error', where, message });
  const warn = (where: string, message: string) => problems.push({ severity: 'warning', where, message });
  const source: PasSource = { kind: 'fhir-pas', itemSequences: [], messages: [] };
  const attachments: PasAttachment[] = [];
  const empty = (): PasImport => ({ request: null, draft: {}, attachments, problems, source });

  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    error('Bundle', 'This file is not a FHIR Bundle.');
    return empty();
  }
  for (const missing of checkPasRequestBundle(bundle)) {
    // The profile's structural rules are reported; the mapping below says what each gap costs.
    warn(missing.split(':')[0] ?? missing, `The PAS request Bundle profile requires ${missing}.`);
  }
  const entries = arr(bundle.entry).filter((e): e is Json => isObject(e) && isObject(e.resource));
  const resolve = resolver(entries);
  const claims = entries.map((e) => e.resource as Json).filter((r) => r.resourceType === 'Claim');
  if (claims.length !== 1) {
    error('Bundle.entry', claims.length === 0 ? 'The Bundle has no Claim.' : `The Bundle has ${claims.length} Claims; a PAS request carries one.`);
    return empty();
  }
  const claim = claims[0]!;
  if (claim.use !== 'preauthorization') error('Claim.use', `Claim.use is "${String(claim.use)}", not "preauthorization": this is not a prior-authorization request.`);
  if (isObject(bundle.identifier) && str(bundle.identifier.value)) {
    source.bundleIdentifier = { ...(str(bundle.identifier.system) ? { system: String(bundle.identifier.system) } : {}), value: String(bundle.identifier.value) };
  }
  const claimId = arr(claim.identifier).find(isObject) as Json | undefined;
  if (claimId && str(claimId.value)) source.claimIdentifier = { ...(str(claimId.system) ? { system: String(claimId.system) } : {}), value: String(claimId.value) };
  const claimType = str(codings(claim.type)[0]?.code);
  if (claimType) source.claimType = claimType;

  // Member
  const patient = resolve(claim.patient);
  const coverageRef = (arr(claim.insurance).filter(isObject) as Json[]).find((i) => i.focal === true) ?? (arr(claim.insurance).find(isObject) as Json | undefined);
  const coverage = resolve(coverageRef?.coverage);
  if (!patient) error('Claim.patient', 'The Claim\'s patient is not in the Bundle.');
  const memberIdent = arr(patient?.identifier).find((i) => isObject(i) && codings(i.type).some((c) => c.code === 'MB')) as Json | undefined;
  const memberId = str(memberIdent?.value) ?? str(coverage?.subscriberId);
  if (patient && !memberId) error('Patient.identifier', 'No member id: the Patient has no identifier of type MB and the Coverage no subscriberId.');
  const memberName = humanName(patient?.name);
  if (patient && !memberName) error('Patient.name', 'The patient has no name.');
  const birthDate = str(patient?.birthDate);
  if (patient && !birthDate) error('Patient.birthDate', 'The patient has no date of birth.');
  const gender = str(patient?.gender);
  const sex = gender && ['female', 'male', 'other', 'unknown'].includes(gender) ? gender : undefined;

  // Plan
  const insurer = resolve(claim.insurer);
  const insurerName = str(insurer?.name);
  if (insurerName) source.insurerName = insurerName;
  if (!insurer) error('Claim.insurer', 'The Claim\'s insurer is not in the Bundle.');
  if (!coverage) error('Claim.insurance.coverage', 'The Claim\'s coverage is not in the Bundle, so the line of business is unknown.');
  const { lob, note } = lineOfBusinessFrom(coverage);
  if (coverage && !lob) error('Coverage.type', note!);
  const planClass = (arr(coverage?.class).filter(isObject) as Json[]).find((c) => codings(c.type).some((x) => x.code === 'plan'));
  let planName = str(planClass?.name) ?? str(planClass?.value);
  if (!planName && insurerName) {
    planName = insurerName;
    warn('Coverage.class', 'The Coverage names no plan; the insurer\'s name is shown as the plan.');
  }
  if (!planName) error('Coverage.class', 'Neither a plan nor an insurer name is given.');

  // Providers
  const requesting = provider(resolve(claim.provider), resolve);
  if (!resolve(claim.provider)) error('Claim.provider', 'The requesting provider is not in the Bundle.');
  else {
    if (!requesting.name) error('Claim.provider', 'The requesting provider has no name.');
    if (!requesting.npi) error('Claim.provider', 'The requesting provider has no NPI.');
    else if (!isValidNpi(requesting.npi)) error('Claim.provider', `The requesting provider's NPI ${requesting.npi} fails its check digit.`);
  }
  let servicing: ReturnType<typeof provider> | undefined;
  (arr(claim.careTeam).filter(isObject) as Json[]).forEach((ct, i) => {
    const role = codings(ct.role).map((c) => str(c.code)).find(Boolean);
    if (role === 'SJ') {
      servicing = provider(resolve(ct.provider), resolve);
      if (!servicing.npi || !servicing.name) error(`Claim.careTeam[${i}]`, 'The servicing provider needs a name and an NPI.');
      else if (!isValidNpi(servicing.npi)) error(`Claim.careTeam[${i}]`, `The servicing provider's NPI ${servicing.npi} fails its check digit.`);
    } else warn(`Claim.careTeam[${i}]`, `Care team role ${role ?? '(none)'} is not read; only the servicing provider (SJ) is.`);
  });

  // Requested codes
  const codes: CaseRequest['codes'] = [];
  const dates: string[] = [];
  const items = arr(claim.item).filter(isObject) as Json[];
  if (items.length === 0) error('Claim.item', 'The Claim requests no service.');
  const knownSystems: string[] = [SYSTEM.cpt, ...SYSTEM.hcpcs];
  items.forEach((item, i) => {
    const where = `Claim.item[${i}]`;
    if (arr(item.extension).some((e) => isObject(e) && String(e.url).endsWith('extension-productOrServiceCodeEnd'))) {
      error(where, 'The item requests a range of codes (productOrServiceCodeEnd); list each code instead.');
      return;
    }
    const all = codings(item.productOrService);
    const coding = all.find((c) => knownSystems.includes(String(c.system)));
    if (!coding) {
      error(`${where}.productOrService`, `No CPT or HCPCS code (systems given: ${all.map((c) => String(c.system)).join(', ') || 'none'}).`);
      return;
    }
    const code = String(coding.code ?? '').trim().toUpperCase();
    if (!PROCEDURE_CODE.test(code)) {
      error(`${where}.productOrService`, `"${code}" is not a CPT or HCPCS code.`);
      return;
    }
    const qty = isObject(item.quantity) ? item.quantity.value : undefined;
    if (typeof qty !== 'number' || !Number.isInteger(qty) || qty < 1) {
      error(`${where}.quantity`, `${code}: the units are ${qty === undefined ? 'missing' : `"${String(qty)}", not a whole number of 1 or more`}.`);
      return;
    }
    const modifiers = (arr(item.modifier) as unknown[]).flatMap((m) => codings(m).map((c) => String(c.code ?? '').toUpperCase())).filter(Boolean);
    const bad = modifiers.filter((m) => !/^[A-Z0-9]{2}$/.test(m));
    if (bad.length) error(`${where}.modifier`, `${code}: modifier ${bad.join(', ')} is not two letters or digits.`);
    const date = str(item.servicedDate) ?? (isObject(item.servicedPeriod) ? str(item.servicedPeriod.start) : undefined);
    if (date) dates.push(date.slice(0, 10));
    codes.push({ code, units: qty, modifiers: modifiers.filter((m) => !bad.includes(m)), ...(str(coding.display) ? { description: String(coding.display) } : {}) });
    source.itemSequences.push(typeof item.sequence === 'number' ? item.sequence : i + 1);
  });

  // Diagnoses
  const diagnoses: CaseRequest['diagnoses'] = [];
  (arr(claim.diagnosis).filter(isObject) as Json[]).forEach((d, i) => {
    const where = `Claim.diagnosis[${i}]`;
    if (d.diagnosisReference) {
      error(where, 'The diagnosis is a reference to a Condition; PAS sends the ICD-10-CM code itself.');
      return;
    }
    const coding = codings(d.diagnosisCodeableConcept).find((c) => (SYSTEM.icd10cm as readonly string[]).includes(String(c.system)));
    if (!coding) {
      error(where, 'No ICD-10-CM code.');
      return;
    }
    const code = normalizeIcd10(String(coding.code ?? ''));
    if (!ICD10_CM.test(code)) {
      error(where, `"${String(coding.code)}" is not an ICD-10-CM code.`);
      return;
    }
    diagnoses.push({ code, ...(str(coding.display) ? { description: String(coding.display) } : {}) });
  });
  if (diagnoses.length === 0 && problems.every((p) => !p.where.startsWith('Claim.diagnosis'))) error('Claim.diagnosis', 'The Claim gives no diagnosis.');

  // Supporting information: documents, messages, the event date
  let eventDate: string | undefined;
  (arr(claim.supportingInfo).filter(isObject) as Json[]).forEach((s, i) => {
    const where = `Claim.supportingInfo[${i}]`;
    const category = str(codings(s.category)[0]?.code);
    if (category === 'additionalInformation') {
      const doc = resolve(s.valueReference);
      if (!doc) {
        error(where, 'The supporting document it points to is not in the Bundle.');
        return;
      }
      if (doc.resourceType !== 'DocumentReference') {
        warn(where, `Supporting information of type ${String(doc.resourceType)} is not read; only DocumentReferences are.`);
        return;
      }
      (arr(doc.content).filter(isObject) as Json[]).forEach((c, j) => {
        const att = isObject(c.attachment) ? c.attachment : undefined;
        const title = str(att?.title) ?? str(doc.description) ?? `Supporting document ${i + 1}${j > 0 ? `-${j + 1}` : ''}`;
        if (!att) return;
        if (att.contentType !== 'application/pdf') {
          warn(`${where}.content[${j}]`, `"${title}" is ${String(att.contentType ?? 'of no stated type')}, not a PDF; it was not imported.`);
        } else if (!str(att.data)) {
          warn(`${where}.content[${j}]`, `"${title}" is referenced by URL, not carried in the Bundle; it was not fetched.`);
        } else {
          attachments.push({ contentType: 'application/pdf', data: String(att.data), title: title.endsWith('.pdf') ? title : `${title}.pdf` });
        }
      });
    } else if (category === 'freeFormMessage') {
      if (str(s.valueString)) source.messages.push(String(s.valueString));
    } else if (category === 'patientEvent') {
      eventDate = str(s.timingDate) ?? (isObject(s.timingPeriod) ? str(s.timingPeriod.start) : undefined);
    } else {
      warn(where, `Supporting information "${category ?? '(no category)'}" is not read.`);
    }
  });

  // Date of service
  const uniqueDates = [...new Set(dates)].sort();
  let dateOfService = uniqueDates[0] ?? eventDate?.slice(0, 10);
  if (!dateOfService) error('Claim.item.serviced[x]', 'No date of service: neither the items nor a patient event give one.');
  if (uniqueDates.length > 1) warn('Claim.item.serviced[x]', `The items have different dates of service (${uniqueDates.join(', ')}); the case uses the earliest.`);
  if (dateOfService && !/^\d{4}-\d{2}-\d{2}$/.test(dateOfService)) {
    error('Claim.item.serviced[x]', `"${dateOfService}" is not a date.`);
    dateOfService = undefined;
  }

  // Urgency: UM06 level of service, else Claim.priority
  const levelCode = (arr(claim.extension).filter(isObject) as Json[])
    .filter((e) => e.url === EXT.levelOfServiceCode)
    .flatMap((e) => codings(e.valueCodeableConcept))
    .map((c) => str(c.code))
    .find(Boolean);
  const fromLevel: Urgency | undefined = levelCode === 'U' || levelCode === '03' ? 'expedited' : levelCode === 'E' ? 'standard' : undefined;
  if (levelCode && !fromLevel) warn('Claim.extension[levelOfServiceType]', `Level of service ${levelCode} does not say standard or expedited.`);
  const priority = str(codings(claim.priority)[0]?.code);
  const fromPriority: Urgency | undefined = priority === 'stat' ? 'expedited' : priority === 'normal' || priority === 'deferred' ? 'standard' : undefined;
  let urgency = fromLevel ?? fromPriority;
  if (fromLevel && fromPriority && fromLevel !== fromPriority) {
    error('Claim.priority', `The level of service says ${fromLevel} but Claim.priority says ${fromPriority}; choose one.`);
    urgency = undefined;
  } else if (!urgency) error('Claim.priority', 'Neither the level of service nor Claim.priority says whether the request is standard or expedited.');

  // Received
  const receivedAt = opts.receivedAt ?? str(bundle.timestamp) ?? str(claim.created);
  if (!receivedAt || !WITH_OFFSET.test(receivedAt)) error('Bundle.timestamp', 'No time of receipt with a time zone: neither Bundle.timestamp nor Claim.created gives one.');

  // Guideline: from the rule files that cover the codes, when exactly one does
  let guidelineId: string | undefined;
  if (codes.length > 0) {
    const found = opts.guidelinesForCodes?.(codes.map((c) => c.code)) ?? [];
    if (found.length === 1) guidelineId = found[0];
    else if (found.length === 0) error('Claim.item', `No guideline on file covers ${codes.map((c) => c.code).join(', ')}: choose the guideline.`);
    else error('Claim.item', `The codes fall under several guidelines (${found.join(', ')}): choose one.`);
  }

  const draft: Record<string, unknown> = {
    member: { id: memberId, name: memberName, dateOfBirth: birthDate, ...(sex ? { sex } : {}) },
    plan: { name: planName, lineOfBusiness: lob },
    requestingProvider: { name: requesting.name, npi: requesting.npi, ...(requesting.organization ? { organization: requesting.organization } : {}) },
    ...(servicing ? { servicingProvider: { name: servicing.name, npi: servicing.npi, ...(servicing.organization ? { organization: servicing.organization } : {}) } } : {}),
    codes,
    diagnoses,
    dateOfService,
    receivedAt,
    urgency,
    guidelineId,
    priorRequests: [],
    exceptionRequested: false,
    pasSource: source,
  };
  if (problems.some((p) => p.severity === 'error')) return { request: null, draft, attachments, problems, source };
  const parsed = CaseRequest.safeParse(draft);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) error(issue.path.join('.'), issue.message);
    return { request: null, draft, attachments, problems, source };
  }
  return { request: parsed.data, draft, attachments, problems, source };
}
