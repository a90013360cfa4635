/**
 * The answer to a PAS request, as a PASResponseBundle holding a PASClaimResponse:
 *
 * - a signed determination (exportClaimResponse): each requested item answered by sequence with
 *   its review action (X12 306): A1 certified in total, A6 modified (fewer units than requested,
 *   or another service, with the authorized detail and the reason), A3 not certified, CT contact
 *   payer (redirected), A4 pended; certified items carry the preAuthRef, issue date and period;
 * - a request for information (exportInformationRequest): outcome "partial", every item A4
 *   pended, and one PASCommunicationRequest per document asked for (LOINC attachment code,
 *   X12 report type, the date it is needed by).
 *
 * The request's identifiers are echoed (Bundle.identifier, Claim.identifier through
 * ClaimResponse.request, each item's itemTraceNumber) and the resources the response names
 * (Patient, insurer, requestor) are re-emitted as they came, with their fullUrls. A case typed in
 * the form (no PAS origin) gets resources built to the same profiles. X12 reason codes (HCR03) are
 * not sent: the workbench records reasons in words, and a code chosen to fit them would be a guess.
 */
import type { CaseFile } from '../case/schema';
import { APPROVING_OUTCOMES, type CodeDetermination, type DeterminationOutcome, type SignedRevision } from '../determination/schema';
import { latestRevision } from '../determination/sign-and-amend';
import type { InformationRequest } from '../information-request/schema';
import { WorkbenchError } from '../api/errors';
import { EXT, PROFILE, SYSTEM, isObject, type Json } from './pas-profiles';
import type { PasItem, PasSource } from './pas-import';
import { pasSourceOf } from './pas-update';

type Action = { code: string; display: string };
const A1: Action = { code: 'A1', display: 'Certified in total' };
const A3: Action = { code: 'A3', display: 'Not Certified' };
const A4: Action = { code: 'A4', display: 'Pended' };
const A6: Action = { code: 'A6', display: 'Modified' };
const CT: Action = { code: 'CT', display: 'Contact Payer' };

const ACTION: Record<DeterminationOutcome, Action> = {
  approved: A1,
  'partially-approved': A6,
  'denied-not-medically-necessary': A3,
  'denied-experimental': A3,
  'denied-coding': A3,
  'cannot-establish': A3,
  'pending-information': A4,
  redirected: CT,
};

/** The review action a determination is sent as: an approval of fewer units (or of another service) is a modification. */
export function reviewActionOf(d: CodeDetermination): Action {
  if (APPROVING_OUTCOMES.has(d.outcome) && (isModified(d))) return A6;
  return ACTION[d.outcome];
}
function isModified(d: CodeDetermination): boolean {
  const other = (d as Record<string, unknown>).authorizedCode;
  return d.outcome === 'partially-approved' || (d.approvedUnits !== undefined && d.approvedUnits < d.requestedUnits) || (typeof other === 'string' && other !== d.code);
}

export interface ExportOptions {
  /** Which signed revision; the latest when absent. */
  revisionId?: string;
  /** A fresh UUID for each new Bundle entry's fullUrl (main passes crypto.randomUUID). */
  newUuid: () => string;
  /** When the Bundle is assembled. */
  now: Date;
}

export interface PasExport {
  bundle: Json;
  claimResponse: Json;
}

interface Party {
  fullUrl: string;
  resource: Json;
}

/** The resources the response names: the request's own when it came as PAS, else built to the PAS profiles. */
function parties(c: CaseFile, source: Partial<PasSource>, url: () => string): { patient: Party; insurer: Party; requestor: Party; extra: Party[]; recipient: Party } {
  // Echoed as they came; an Organization missing `active` gets the true that PASOrganization and PASInsurer fix it to.
  const kept = (source.resources ?? []).map((r) => (r.resource.resourceType === 'Organization' && r.resource.active === undefined ? { ...r, resource: { ...r.resource, active: true } } : r));
  const find = (role: string) => {
    const hit = kept.find((r) => r.role === role);
    // A PractitionerRole without contact or endpoint fails US Core's pd-1: its Organization answers instead, else one built from the case.
    if (hit && role === 'requestor' && hit.resource.resourceType === 'PractitionerRole' && !Array.isArray(hit.resource.telecom) && !Array.isArray(hit.resource.endpoint)) {
      return kept.find((r) => r.role === 'requestor-part' && r.resource.resourceType === 'Organization');
    }
    return hit;
  };
  const m = c.request.member;
  const patient = find('patient') ?? {
    fullUrl: url(),
    resource: {
      resourceType: 'Patient',
      meta: { profile: [PROFILE.beneficiary] },
      identifier: [{ type: { coding: [{ system: SYSTEM.identifierType, code: 'MB' }] }, system: 'urn:workbench:member-id', value: m.id }],
      name: [splitName(m.name)],
      gender: m.sex ?? 'unknown',
      ...(m.dateOfBirth ? { birthDate: m.dateOfBirth } : {}),
    },
  };
  const insurer = find('insurer') ?? {
    fullUrl: url(),
    resource: { resourceType: 'Organization', meta: { profile: [PROFILE.insurer] }, active: true, name: source.insurerName ?? c.request.plan.name },
  };
  const rp = c.request.requestingProvider;
  const requestor = find('requestor') ?? {
    fullUrl: url(),
    resource: {
      resourceType: 'Organization',
      meta: { profile: [PROFILE.requestor] },
      identifier: [{ system: SYSTEM.npi, value: rp.npi }],
      active: true,
      name: rp.organization ?? rp.name,
    },
  };
  const parts = requestor.resource.resourceType === 'PractitionerRole' ? kept.filter((r) => r.role === 'requestor-part') : [];
  // A CommunicationRequest goes to a Practitioner or an Organization (PASPractitioner | PASOrganization), not to a role.
  const recipient = requestor.resource.resourceType === 'PractitionerRole' ? (parts.find((p) => p.resource.resourceType === 'Practitioner') ?? parts[0] ?? requestor) : requestor;
  return { patient: { fullUrl: patient.fullUrl, resource: patient.resource }, insurer: { fullUrl: insurer.fullUrl, resource: insurer.resource }, requestor: { fullUrl: requestor.fullUrl, resource: requestor.resource }, extra: parts.map((p) => ({ fullUrl: p.fullUrl, resource: p.resource })), recipient: { fullUrl: recipient.fullUrl, resource: recipient.resource } };
}

function splitName(name: string): Json {
  const parts = name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.pop()! : parts[0]!;
  return parts.length ? { family, given: parts } : { family };
}

function identifiersOf(source: Partial<PasSource>, c: CaseFile): Json[] {
  const withSystem = (source.claimIdentifiers ?? []).filter((i) => isObject(i) && typeof i.system === 'string' && typeof i.value === 'string');
  return withSystem.length ? withSystem : [{ system: 'urn:workbench:case', value: c.id }];
}

/** The request's items by sequence (live ones), or for a case typed in the form, one per code. */
function itemsOf(c: CaseFile, source: Partial<PasSource>): PasItem[] {
  if (source.items?.length) return source.items.filter((it) => !it.cancelled);
  const seqs = source.itemSequences ?? [];
  return c.request.codes.map((code, i) => ({ sequence: seqs[i] ?? i + 1, system: SYSTEM.cpt, code: code.code, reviewed: true, ...(code.units !== undefined ? { units: code.units } : {}), modifiers: code.modifiers, traceNumbers: [], cancelled: false }));
}

function reasonText(d: CodeDetermination): string {
  const parts = [...d.reasons.map((r) => r.text.trim()), d.clinicalRationale.trim(), d.exceptionRationale?.trim() ?? '', d.whatWouldChange ? `What would change the outcome: ${d.whatWouldChange.trim()}` : ''];
  return parts.filter(Boolean).join(' ');
}

interface Answer {
  action: Action;
  note?: string;
  certified?: { preAuthRef: string; issued: string; period?: { start: string; end: string } };
  authorizedUnits?: number;
  authorizedCode?: string;
}

function responseBundle(
  c: CaseFile,
  opts: ExportOptions,
  answer: (item: PasItem) => Answer,
  head: { created: string; disposition: string; reviewer: Json | undefined; idSuffix: string; extraIdentifier: Json; communicationRequests?: (p: ReturnType<typeof parties>) => Party[] },
): PasExport {
  const source = pasSourceOf(c);
  const url = () => `urn:uuid:${opts.newUuid()}`;
  const p = parties(c, source, url);
  const notes: Json[] = [];
  const items = itemsOf(c, source);
  const answers = items.map((it) => ({ it, a: answer(it) }));
  const certified = answers.map((x) => x.a.certified).filter((x): x is NonNullable<Answer['certified']> => Boolean(x));
  const periods = certified.map((x) => x.period).filter((x): x is { start: string; end: string } => Boolean(x));

  const crItems = answers.map(({ it, a }) => {
    const extension: Json[] = it.traceNumbers.filter((t) => isObject(t) && t.system && t.value).map((t) => ({ url: EXT.itemTraceNumber, valueIdentifier: t }));
    if (a.certified) {
      extension.push({ url: EXT.itemPreAuthIssueDate, valueDate: a.certified.issued });
      if (a.certified.period) extension.push({ url: EXT.itemPreAuthPeriod, valuePeriod: a.certified.period });
    }
    if (a.action.code === 'A6') {
      const detail: Json[] = [];
      const code = a.authorizedCode ?? it.code;
      detail.push({ url: 'productOrServiceCode', valueCodeableConcept: { coding: [{ system: it.system === SYSTEM.cpt || !it.system ? SYSTEM.cpt : it.system, code }] } });
      if (a.authorizedUnits !== undefined) detail.push({ url: 'quantity', valueQuantity: { value: a.authorizedUnits } });
      extension.push({ url: EXT.itemAuthorizedDetail, extension: detail });
    }
    const noteNumber: number[] = [];
    if (a.note) {
      const number = notes.length + 1;
      notes.push({ number, type: 'display', text: a.note });
      noteNumber.push(number);
    }
    return {
      ...(extension.length ? { extension } : {}),
      itemSequence: it.sequence,
      ...(noteNumber.length ? { noteNumber } : {}),
      adjudication: [
        {
          extension: [
            {
              url: EXT.reviewAction,
              extension: [
                { url: EXT.reviewActionCode, valueCodeableConcept: { coding: [{ system: SYSTEM.x12ReviewAction, code: a.action.code, display: a.action.display }] } },
                ...(a.certified ? [{ url: 'number', valueString: a.certified.preAuthRef }] : []),
              ],
            },
          ],
          category: { coding: [{ system: SYSTEM.adjudication, code: 'submitted' }] },
        },
      ],
    };
  });

  const pended = answers.some((x) => x.a.action.code === 'A4');
  const comms = head.communicationRequests?.(p) ?? [];
  const claimResponse: Json = {
    resourceType: 'ClaimResponse',
    id: `${c.id}-${head.idSuffix}`,
    meta: { profile: [PROFILE.claimResponse] },
    ...(head.reviewer ? { extension: [head.reviewer] } : {}),
    identifier: [...identifiersOf(source, c), head.extraIdentifier],
    status: 'active',
    type: { coding: [{ system: SYSTEM.claimType, code: source.claimType ?? 'professional' }] },
    use: 'preauthorization',
    patient: { reference: p.patient.fullUrl },
    created: head.created,
    insurer: { reference: p.insurer.fullUrl },
    requestor: { reference: p.requestor.fullUrl },
    request: { identifier: identifiersOf(source, c)[0] },
    outcome: pended ? 'partial' : 'complete',
    disposition: head.disposition,
    ...(certified.length ? { preAuthRef: certified[0]!.preAuthRef } : {}),
    ...(periods.length ? { preAuthPeriod: { start: periods.map((x) => x.start).sort()[0], end: periods.map((x) => x.end).sort().at(-1) } } : {}),
    item: crItems,
    ...(comms.length ? { communicationRequest: comms.map((x) => ({ reference: x.fullUrl })) } : {}),
    ...(notes.length ? { processNote: notes } : {}),
  };
  const bundleIdentifier = isObject(source.bundleIdentifier) && source.bundleIdentifier.value ? source.bundleIdentifier : { system: 'urn:workbench:case', value: c.id };
  const bundle: Json = {
    resourceType: 'Bundle',
    meta: { profile: [PROFILE.responseBundle] },
    identifier: bundleIdentifier,
    type: 'collection',
    timestamp: opts.now.toISOString(),
    entry: [
      { fullUrl: url(), resource: claimResponse },
      ...[p.patient, p.insurer, p.requestor, ...p.extra, ...comms].map((x) => ({ fullUrl: x.fullUrl, resource: x.resource })),
    ],
  };
  return { bundle, claimResponse };
}

function reviewerExtension(signer: { npi?: string | undefined }): Json {
  return {
    url: EXT.claimResponseReviewer,
    extension: [{ url: 'wasHumanReviewedFlag', valueBoolean: true }, ...(signer.npi ? [{ url: 'reviewerNPI', valueIdentifier: { system: SYSTEM.npi, value: signer.npi } }] : [])],
  };
}

export function exportClaimResponse(c: CaseFile, opts: ExportOptions): PasExport & { revision: SignedRevision } {
  const revision = opts.revisionId ? c.revisions.find((r) => r.id === opts.revisionId) : latestRevision(c);
  if (!revision) {
    throw new WorkbenchError(opts.revisionId ? 'not-found' : 'conflict', opts.revisionId ? `Case ${c.id} has no signed revision ${opts.revisionId}.` : `Case ${c.id} has no signed determination to export.`);
  }
  const issued = revision.signedAt.slice(0, 10);
  const preAuthRef = `${c.id}-R${revision.number}`;
  const answer = (it: PasItem): Answer => {
    if (!it.reviewed) {
      return { action: A4, note: `Item ${it.sequence} (${it.code}) is not a CPT or HCPCS code and was not reviewed by the medical director; the health plan answers it separately.` };
    }
    const d = revision.determinations.find((x) => x.code === it.code);
    if (!d) throw new WorkbenchError('conflict', `The signed revision has no determination for ${it.code}; every requested code needs one before export.`);
    const action = reviewActionOf(d);
    const text = reasonText(d);
    const approving = APPROVING_OUTCOMES.has(d.outcome);
    const authorizedCode = typeof (d as Record<string, unknown>).authorizedCode === 'string' ? String((d as Record<string, unknown>).authorizedCode) : undefined;
    const modified = action.code === 'A6' ? `Authorized ${d.approvedUnits ?? '?'} of the ${d.requestedUnits} units requested${authorizedCode && authorizedCode !== d.code ? `, as ${authorizedCode}` : ''}. ` : '';
    return {
      action,
      ...(modified || text ? { note: `${it.code}: ${modified}${text}`.trim() } : {}),
      ...(approving ? { certified: { preAuthRef, issued, ...(d.authorization ? { period: { start: d.authorization.start, end: d.authorization.end } } : {}) } } : {}),
      ...(action.code === 'A6' && d.approvedUnits !== undefined ? { authorizedUnits: d.approvedUnits } : {}),
      ...(authorizedCode ? { authorizedCode } : {}),
    };
  };
  const describe = revision.determinations.map((d) => `${d.code} ${reviewActionOf(d).display.toLowerCase()}`).join('; ');
  const out = responseBundle(c, opts, answer, {
    created: revision.signedAt,
    disposition: `${describe}. Reviewed and signed by ${revision.signer.name}, ${revision.signer.credentials}.`,
    reviewer: reviewerExtension(revision.signer),
    idSuffix: `r${revision.number}`,
    extraIdentifier: { system: 'urn:workbench:determination', value: revision.id },
  });
  return { ...out, revision };
}

/** The pend: outcome "partial", every item A4, and a PAS CommunicationRequest for each document asked for. */
export function exportInformationRequest(c: CaseFile, request: InformationRequest, opts: ExportOptions & { reviewerNpi?: string | undefined }): PasExport {
  const needed = request.items.map((i) => i.label).join('; ');
  const respondBy = request.respondBy;
  return responseBundle(
    c,
    opts,
    (it) => ({ action: A4, note: `Item ${it.sequence} (${it.code}) is pended for additional information: ${needed}. Please send it by ${respondBy}.` }),
    {
      created: request.requestedAt,
      disposition: `Pended for additional information: ${needed}. Requested ${request.requestedAt}; please send it by ${respondBy}.`,
      reviewer: reviewerExtension({ npi: opts.reviewerNpi }),
      idSuffix: request.id,
      extraIdentifier: { system: 'urn:workbench:information-request', value: request.id },
      communicationRequests: (p) =>
        request.items.map((item, i) => {
          const sequences = item.codes.length ? itemsOf(c, pasSourceOf(c)).filter((it) => item.codes.includes(it.code)).map((it) => it.sequence) : [];
          return {
            fullUrl: `urn:uuid:${opts.newUuid()}`,
            resource: {
              resourceType: 'CommunicationRequest',
              meta: { profile: [PROFILE.communicationRequest] },
              ...(sequences.length === 1 ? { extension: [{ url: EXT.serviceLineNumber, valuePositiveInt: sequences[0] }] } : {}),
              identifier: [{ system: 'urn:workbench:information-request', value: `${request.id}-${i + 1}` }],
              status: 'active',
              category: [{ coding: [{ system: SYSTEM.x12ReportType, code: item.reportType }] }],
              medium: [{ coding: [{ system: SYSTEM.x12TransmissionMethod, code: 'EL', display: 'Electronically Only' }] }],
              subject: { reference: p.patient.fullUrl },
              payload: [{ contentString: item.loinc }],
              occurrenceDateTime: respondBy,
              authoredOn: request.requestedAt,
              requester: { reference: p.insurer.fullUrl },
              recipient: [{ reference: p.recipient.fullUrl }],
              ...(p.requestor.resource.resourceType === 'Organization' ? { sender: { reference: p.requestor.fullUrl } } : {}),
              ...(item.detail ? { note: [{ text: item.detail }] } : {}),
            },
          };
        }),
    },
  );
}
