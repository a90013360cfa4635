/**
 * A signed determination → a Da Vinci PAS response Bundle holding the ClaimResponse
 * (PASClaimResponse, HL7/davinci-pas input/fsh/ClaimResponse.fsh): the outcome, the
 * authorization number, per item an adjudication carrying the review action (X12 306), the
 * narrative reasons in processNote, and the reviewer extension recording that a human reviewed it.
 * X12 reason codes (HCR03) are not sent: the workbench records reasons in words, and a code
 * chosen to fit them would be a guess.
 */
import type { CaseFile } from '../case/schema';
import { APPROVING_OUTCOMES, type CodeDetermination, type DeterminationOutcome, type SignedRevision } from '../determination/schema';
import { latestRevision } from '../determination/sign-and-amend';
import { WorkbenchError } from '../api/errors';
import { EXT, PROFILE, SYSTEM, isObject, type Json } from './pas-profiles';
import type { PasSource } from './pas-import';

const REVIEW_ACTION: Record<DeterminationOutcome, { code: string; display: string }> = {
  approved: { code: 'A1', display: 'Certified in total' },
  'partially-approved': { code: 'A2', display: 'Certified - partial' },
  'denied-not-medically-necessary': { code: 'A3', display: 'Not Certified' },
  'denied-experimental': { code: 'A3', display: 'Not Certified' },
  'denied-coding': { code: 'A3', display: 'Not Certified' },
  'cannot-establish': { code: 'A3', display: 'Not Certified' },
  'pending-information': { code: 'A4', display: 'Pended' },
  redirected: { code: 'CT', display: 'Contact Payer' },
};

export interface ExportOptions {
  /** Which signed revision; the latest when absent. */
  revisionId?: string;
  /** A fresh UUID for each Bundle entry's fullUrl (main passes crypto.randomUUID). */
  newUuid: () => string;
  /** When the Bundle is assembled. */
  now: Date;
}

export interface PasExport {
  bundle: Json;
  claimResponse: Json;
  revision: SignedRevision;
}

function pasSourceOf(c: CaseFile): Partial<PasSource> {
  const s = (c.request as Record<string, unknown>).pasSource;
  return isObject(s) ? (s as Partial<PasSource>) : {};
}

function identifierOf(id: { system?: string | undefined; value: string }): Json {
  return id.system ? { system: id.system, value: id.value } : { value: id.value };
}

function reasonText(d: CodeDetermination): string {
  const parts = [...d.reasons.map((r) => r.text.trim()), d.clinicalRationale.trim(), d.exceptionRationale?.trim() ?? '', d.whatWouldChange ? `What would change the outcome: ${d.whatWouldChange.trim()}` : ''];
  return parts.filter(Boolean).join(' ');
}

export function exportClaimResponse(c: CaseFile, opts: ExportOptions): PasExport {
  const revision = opts.revisionId ? c.revisions.find((r) => r.id === opts.revisionId) : latestRevision(c);
  if (!revision) {
    throw new WorkbenchError(opts.revisionId ? 'not-found' : 'conflict', opts.revisionId ? `Case ${c.id} has no signed revision ${opts.revisionId}.` : `Case ${c.id} has no signed determination to export.`);
  }
  const source = pasSourceOf(c);
  const url = () => `urn:uuid:${opts.newUuid()}`;
  const patientUrl = url();
  const insurerUrl = url();
  const practitionerUrl = url();
  const roleUrl = url();
  const issued = revision.signedAt.slice(0, 10);
  const preAuthRef = `${c.id}-R${revision.number}`;
  const anyApproved = revision.determinations.some((d) => APPROVING_OUTCOMES.has(d.outcome));

  const notes: Json[] = [];
  const items: Json[] = c.request.codes.map((requested, index) => {
    const d = revision.determinations.find((x) => x.code === requested.code);
    const itemSequence = source.itemSequences?.[index] ?? index + 1;
    if (!d) {
      throw new WorkbenchError('conflict', `The signed revision has no determination for ${requested.code}; every requested code needs one before export.`);
    }
    const action = REVIEW_ACTION[d.outcome];
    const approvedOutcome = APPROVING_OUTCOMES.has(d.outcome);
    const extension: Json[] = [];
    if (approvedOutcome) {
      extension.push({ url: EXT.itemPreAuthIssueDate, valueDate: issued });
      if (d.authorization) extension.push({ url: EXT.itemPreAuthPeriod, valuePeriod: { start: d.authorization.start, end: d.authorization.end } });
      if (d.approvedUnits !== undefined && d.approvedUnits !== d.requestedUnits) {
        extension.push({ url: EXT.itemAuthorizedDetail, extension: [{ url: 'quantity', valueQuantity: { value: d.approvedUnits } }] });
      }
    }
    const text = reasonText(d);
    const noteNumber: number[] = [];
    if (text) {
      const number = notes.length + 1;
      notes.push({ number, type: 'display', text: `${requested.code}: ${text}` });
      noteNumber.push(number);
    }
    const reviewAction: Json = {
      url: EXT.reviewAction,
      extension: [
        ...(approvedOutcome ? [{ url: 'number', valueString: preAuthRef }] : []),
        { url: EXT.reviewActionCode, valueCodeableConcept: { coding: [{ system: SYSTEM.x12ReviewAction, code: action.code, display: action.display }], text: d.outcome } },
      ],
    };
    return {
      ...(extension.length ? { extension } : {}),
      itemSequence,
      ...(noteNumber.length ? { noteNumber } : {}),
      adjudication: [
        {
          extension: [reviewAction],
          category: { coding: [{ system: SYSTEM.adjudication, code: 'submitted' }] },
        },
      ],
    };
  });

  const outcomes = revision.determinations.map((d) => d.outcome);
  const pended = outcomes.filter((o) => o === 'pending-information').length;
  const outcome = pended === 0 ? 'complete' : pended === outcomes.length ? 'queued' : 'partial';
  const periods = revision.determinations.filter((d) => d.authorization && APPROVING_OUTCOMES.has(d.outcome)).map((d) => d.authorization!);
  const reviewer: Json = {
    url: EXT.claimResponseReviewer,
    extension: [
      { url: 'wasHumanReviewedFlag', valueBoolean: true },
      ...(typeof (revision.signer as Record<string, unknown>).npi === 'string'
        ? [{ url: 'reviewerNPI', valueIdentifier: { system: SYSTEM.npi, value: (revision.signer as Record<string, unknown>).npi } }]
        : []),
    ],
  };

  const claimResponse: Json = {
    resourceType: 'ClaimResponse',
    id: `${c.id}-r${revision.number}`,
    meta: { profile: [PROFILE.claimResponse] },
    extension: [reviewer],
    identifier: [{ system: 'urn:workbench:determination', value: revision.id }],
    status: 'active',
    type: { coding: [{ system: SYSTEM.claimType, code: source.claimType ?? 'professional' }] },
    use: 'preauthorization',
    patient: { reference: patientUrl },
    created: revision.signedAt,
    insurer: { reference: insurerUrl },
    requestor: { reference: roleUrl },
    request: source.claimIdentifier
      ? { type: 'Claim', identifier: identifierOf(source.claimIdentifier) }
      : { type: 'Claim', identifier: { system: 'urn:workbench:case', value: c.id } },
    outcome,
    disposition: `${revision.determinations.map((d) => `${d.code} ${REVIEW_ACTION[d.outcome].display.toLowerCase()}`).join('; ')}. Reviewed and signed by ${revision.signer.name}, ${revision.signer.credentials}.`,
    ...(anyApproved ? { preAuthRef } : {}),
    ...(periods.length
      ? { preAuthPeriod: { start: periods.map((p) => p.start).sort()[0], end: periods.map((p) => p.end).sort().at(-1) } }
      : {}),
    item: items,
    ...(notes.length ? { processNote: notes } : {}),
  };

  const m = c.request.member;
  const rp = c.request.requestingProvider;
  const bundle: Json = {
    resourceType: 'Bundle',
    meta: { profile: [PROFILE.responseBundle] },
    identifier: { system: 'urn:workbench:determination', value: revision.id },
    type: 'collection',
    timestamp: opts.now.toISOString(),
    entry: [
      { fullUrl: url(), resource: claimResponse },
      {
        fullUrl: patientUrl,
        resource: {
          resourceType: 'Patient',
          meta: { profile: [PROFILE.beneficiary] },
          identifier: [{ type: { coding: [{ system: SYSTEM.identifierType, code: 'MB' }] }, value: m.id }],
          name: [{ text: m.name }],
          birthDate: m.dateOfBirth,
          ...(m.sex ? { gender: m.sex } : {}),
        },
      },
      {
        fullUrl: insurerUrl,
        resource: { resourceType: 'Organization', meta: { profile: [PROFILE.insurer] }, name: source.insurerName ?? c.request.plan.name, active: true },
      },
      {
        fullUrl: practitionerUrl,
        resource: { resourceType: 'Practitioner', meta: { profile: [PROFILE.practitioner] }, identifier: [{ system: SYSTEM.npi, value: rp.npi }], name: [{ text: rp.name }] },
      },
      {
        fullUrl: roleUrl,
        resource: { resourceType: 'PractitionerRole', meta: { profile: [PROFILE.practitionerRole] }, practitioner: { reference: practitionerUrl } },
      },
    ],
  };
  return { bundle, claimResponse, revision };
}
