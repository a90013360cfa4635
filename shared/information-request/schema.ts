/**
 * A request for additional information (a "pend"): what the director asks the provider to send,
 * by when, and what happened to the clock. Recorded on the case (`informationRequests`), audited
 * through the API, answered by a notice to the provider (PDF) and, for a PAS request, a
 * ClaimResponse with review action A4 and a PAS CommunicationRequest per document.
 */
import { z } from 'zod';
import { InformationRequestRule } from '../turnaround/information-request-rule';

const isoDateTime = z.iso.datetime({ offset: true });

/** rules/information-requests.json: the kinds of document a director can ask for. */
export const InformationKind = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** LOINC attachment code from PAS's pas-loinc-attachment-codes. */
  loinc: z.string().regex(/^\d{1,6}-\d$/),
  loincDisplay: z.string().min(1),
  /** What the notice calls it. */
  label: z.string().min(1),
  /** X12 755 report type (PWK01). */
  reportType: z.string().regex(/^[A-Z0-9]{2}$/),
});
export type InformationKind = z.infer<typeof InformationKind>;

export const InformationKinds = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().min(1),
  kinds: z.array(InformationKind).min(1),
});
export type InformationKinds = z.infer<typeof InformationKinds>;

export const RequestedInformation = z.looseObject({
  kindId: z.string(),
  loinc: z.string(),
  label: z.string(),
  reportType: z.string(),
  /** What exactly is needed, in the director's words ("PT notes from March to August 2026 with visit dates"). */
  detail: z.string().max(2000).default(''),
  /** The requested codes it is needed for; empty: the whole request. */
  codes: z.array(z.string()).default([]),
});
export type RequestedInformation = z.infer<typeof RequestedInformation>;

export const InformationReceived = z.looseObject({
  at: isoDateTime,
  /** How it came: a PAS update, a document added to the case, or the director saying so (fax, portal…). */
  via: z.enum(['claim-update', 'document-added', 'reviewer']),
  by: z.string(),
  note: z.string().max(2000).default(''),
});

export const InformationRequest = z.looseObject({
  id: z.string().regex(/^rfi-[a-f0-9-]{8,40}$/),
  requestedAt: isoDateTime,
  requestedBy: z.string(),
  /** The date and time the provider is asked to send it by. */
  respondBy: isoDateTime,
  items: z.array(RequestedInformation).min(1).max(20),
  note: z.string().max(5000).default(''),
  /** The case's status when it was pended, so it resumes there. */
  resumeStatus: z.enum(['new', 'in-review', 'signed']),
  /** The due date before the request, and the row of rules/turnaround.json that says what the request does to it. */
  dueAtBefore: isoDateTime,
  clockRule: InformationRequestRule,
  /** SHA-256 of the notice PDF kept with the case. */
  noticeSha256: z.string().regex(/^[a-f0-9]{64}$/).optional(),
  received: InformationReceived.optional(),
});
export type InformationRequest = z.infer<typeof InformationRequest>;

/** The request still waiting for its information, if any. */
export function openInformationRequest(requests: readonly InformationRequest[]): InformationRequest | undefined {
  return requests.find((r) => !r.received);
}
