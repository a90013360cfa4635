/**
 * The case file: the one record of a prior-authorization review.
 * The same shape is stored on disk (one lowdb file per case), carried over IPC,
 * and read by `npm run cli -- evaluate <case.json>`; docs/case-file.schema.json is generated from it.
 *
 * Objects are loose (unknown keys are kept), so a file written by a newer version
 * is never stripped of fields this version does not know.
 */
import { z } from 'zod';
import { DeterminationDraft, SignedRevision } from '../determination/schema';
import { ImagingStudy } from '../imaging/schema';
import { CheckKind } from '../rules/schema';
import { InformationRequest } from '../information-request/schema';
import { requestGaps } from './request-gaps';

export const CASE_SCHEMA_VERSION = 1;

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

export const LineOfBusiness = z.enum(['commercial', 'medicare-advantage', 'medicare', 'medicaid']);
export type LineOfBusiness = z.infer<typeof LineOfBusiness>;

export const Urgency = z.enum(['standard', 'expedited']);
export type Urgency = z.infer<typeof Urgency>;

/** CPT (5 digits), CPT Category III (4 digits + T), or HCPCS Level II (letter + 4 digits). */
export const PROCEDURE_CODE = /^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/;
/** ICD-10-CM: letter, digit, letter-or-digit, then optional dot and up to 4 characters. */
export const ICD10_CM = /^[A-TV-Z]\d[A-Z0-9](\.[A-Z0-9]{1,4})?$/;

export const RequestedCode = z.looseObject({
  code: z.string().regex(PROCEDURE_CODE, 'a CPT code is 5 digits, a Category III code 4 digits and T, a HCPCS code a letter and 4 digits'),
  /** Absent when the request gave units that are not a whole number of 1 or more: a gap (shared/intake/request-gaps.ts). */
  units: z.number().int().min(1).max(999).optional(),
  /** The request gave no quantity, so one unit is counted (PAS: an item without quantity is one service); shown as a warning. */
  unitsAssumed: z.boolean().optional(),
  modifiers: z.array(z.string().regex(/^[A-Z0-9]{2}$/, 'a modifier is two letters or digits')).default([]),
  description: z.string().optional(),
});
export type RequestedCode = z.infer<typeof RequestedCode>;

export const Diagnosis = z.looseObject({
  code: z.string().regex(ICD10_CM, 'an ICD-10-CM code looks like M54.16'),
  description: z.string().optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const Provider = z.looseObject({
  name: z.string().min(1),
  npi: z.string().regex(/^\d{10}$/, 'an NPI is 10 digits'),
  specialty: z.string().optional(),
  organization: z.string().optional(),
});
export type Provider = z.infer<typeof Provider>;

export const Member = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Optional in PAS (PASBeneficiary); absent, it is a gap the case shows and the evaluation waits for. */
  dateOfBirth: isoDate.optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  /** Mailing address, one line per entry ("14 Elm Street", "Rockford, IL 61101"); the letter is mailed there. */
  address: z.array(z.string().trim().min(1).max(120)).min(1).max(6).optional(),
});
export type Member = z.infer<typeof Member>;

export const PriorRequest = z.looseObject({
  caseId: z.string().optional(),
  codes: z.array(z.string()),
  decidedOn: isoDate,
  outcome: z.enum(['approved', 'partially-approved', 'denied', 'withdrawn', 'pending']),
  /** Whether the previously authorized service was performed, when known. */
  performed: z.boolean().optional(),
});
export type PriorRequest = z.infer<typeof PriorRequest>;

/**
 * A requested service the workbench does not review (an X12 service type, ICD-10-PCS, NDC…): kept and
 * shown, so the request is answered as sent, never silently dropped.
 */
export const OtherService = z.looseObject({
  system: z.string(),
  code: z.string().min(1),
  display: z.string().optional(),
  /** What kind of code it is, in words ("X12 service type", "ICD-10-PCS procedure", "NDC drug"). */
  kind: z.string(),
  units: z.number().min(0).optional(),
  unitText: z.string().optional(),
  date: z.string().optional(),
});
export type OtherService = z.infer<typeof OtherService>;

/**
 * The request. Date of birth, line of business, date of service, diagnoses, units and the guideline
 * may be missing from a request that is otherwise valid (PAS leaves them optional): each missing one
 * is a gap (shared/intake/request-gaps.ts) that the case shows and the evaluation waits for.
 */
export const CaseRequest = z.looseObject({
  member: Member,
  plan: z.looseObject({ name: z.string().min(1), lineOfBusiness: LineOfBusiness.optional() }),
  requestingProvider: Provider,
  servicingProvider: Provider.optional(),
  codes: z.array(RequestedCode).default([]),
  /** Requested services outside CPT/HCPCS, shown as not reviewed by the workbench. */
  otherServices: z.array(OtherService).default([]),
  diagnoses: z.array(Diagnosis).default([]),
  dateOfService: isoDate.optional(),
  receivedAt: isoDateTime,
  urgency: Urgency,
  /** Catalogue id of the guideline the request is reviewed under, e.g. "CMM-211"; absent when no guideline covers the codes. */
  guidelineId: z.string().min(1).optional(),
  priorRequests: z.array(PriorRequest).default([]),
  /** The provider asks for an exception to the guideline's criteria. */
  exceptionRequested: z.boolean().default(false),
});
export type CaseRequest = z.infer<typeof CaseRequest>;

export const DocumentRef = z.looseObject({
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  name: z.string().min(1),
  pageCount: z.number().int().min(0),
  addedAt: isoDateTime,
  description: z.string().optional(),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

/** [x0, y0, x1, y1] in PDF user-space units of the page (origin bottom-left, unrotated). */
export const PdfRect = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type PdfRect = z.infer<typeof PdfRect>;

/**
 * An evidence mark, anchored several ways (like a W3C Web Annotation target) so it
 * re-anchors after zoom, rotation, re-render and re-extraction.
 */
export const MarkAnchor = z.looseObject({
  kind: z.enum(['text', 'area']),
  docSha256: z.string().regex(/^[a-f0-9]{64}$/),
  page: z.number().int().min(1),
  /** Last page of a quote that runs onto the following page(s). */
  pageEnd: z.number().int().min(1).optional(),
  rects: z.array(PdfRect).max(500),
  /** Rects on the pages after `page`, when the quote spans pages: keyed by page number. */
  rectsByPage: z.record(z.string(), z.array(PdfRect)).optional(),
  quote: z.string().max(20000).default(''),
  prefix: z.string().max(200).default(''),
  suffix: z.string().max(200).default(''),
  /** Character offsets in the page's extracted text. */
  textStart: z.number().int().min(0).optional(),
  textEnd: z.number().int().min(0).optional(),
});
export type MarkAnchor = z.infer<typeof MarkAnchor>;

export const Mark = MarkAnchor.extend({
  id: z.string().min(1),
  criterionIds: z.array(z.string()).default([]),
  note: z.string().max(5000).default(''),
  createdAt: isoDateTime,
  createdBy: z.string(),
  updatedAt: isoDateTime.optional(),
  /** A removal is recorded, never a silent delete. */
  removed: z.looseObject({ at: isoDateTime, by: z.string(), reason: z.string().default('') }).optional(),
});
export type Mark = z.infer<typeof Mark>;

export const FindingStatus = z.enum(['unreviewed', 'met', 'not-met', 'not-documented', 'not-applicable']);
export type FindingStatus = z.infer<typeof FindingStatus>;

export const Finding = z.looseObject({
  status: FindingStatus.default('unreviewed'),
  /** Structured facts with the unit named by the rule, e.g. { conservativeCareMonths: 7 }. */
  facts: z.record(z.string(), z.number()).default({}),
  /** For each fact, the ids of the marks (marks[]) that show its value, e.g. { conservativeCareMonths: ["mark-…", "mark-…"] }. */
  factMarkIds: z.record(z.string(), z.array(z.string())).optional(),
  note: z.string().max(5000).default(''),
  updatedAt: isoDateTime.optional(),
  updatedBy: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** A criterion the reviewer adds where the guideline's criteria are not encoded. */
export const CustomCriterion = z.looseObject({
  id: z.string().regex(/^custom-/),
  text: z.string().min(1).max(2000),
  createdAt: isoDateTime,
  createdBy: z.string(),
});
export type CustomCriterion = z.infer<typeof CustomCriterion>;

/**
 * The clinical indication the reviewer records: one of the guideline's indications (its id in the rule
 * file's appliesTo.indications), or NOT_COVERED_INDICATION when the request is for an indication the
 * guideline does not review (Preface, "Out of Scope Requests"). ICD-10 codes only propose it.
 */
export const NOT_COVERED_INDICATION = 'not-covered';
export const ClinicalIndication = z.looseObject({
  id: z.string().min(1).max(80),
  note: z.string().max(2000).default(''),
  updatedAt: isoDateTime.optional(),
  updatedBy: z.string().optional(),
});
export type ClinicalIndication = z.infer<typeof ClinicalIndication>;

/**
 * The reviewer's answer to one of the determination checks the rules ask (shared/rules/review-checks.ts):
 * benefit plan precedence, clinical trial, legislative mandate, exception request, and per code a
 * contingency-plan code or units the records do not support.
 */
export const CheckAnswer = z.looseObject({
  kind: CheckKind,
  /** The requested code, for the per-code checks (contingency-codes, units-levels). */
  code: z.string().optional(),
  answer: z.enum(['yes', 'no']),
  /** units-levels answered "no": how many units (or levels) the records support. */
  supportedUnits: z.number().int().min(0).max(999).optional(),
  /** The reviewer's words: which plan term, trial or law; what the records show. */
  note: z.string().max(2000).default(''),
  updatedAt: isoDateTime.optional(),
  updatedBy: z.string().optional(),
});
export type CheckAnswer = z.infer<typeof CheckAnswer>;

export const CaseStatus = z.enum(['new', 'in-review', 'pending-info', 'signed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const ReviewPosition = z.looseObject({ docSha256: z.string(), page: z.number().int().min(1) });

export const CaseFile = z.looseObject({
  schemaVersion: z.literal(CASE_SCHEMA_VERSION),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a case id is letters, digits, - and _'),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  status: CaseStatus.default('new'),
  request: CaseRequest,
  documents: z.array(DocumentRef).default([]),
  marks: z.array(Mark).default([]),
  findings: z.record(z.string(), Finding).default({}),
  customCriteria: z.array(CustomCriterion).default([]),
  /** The imaging studies the director recorded, with both readings and their reconciliation (shared/imaging). */
  imaging: z.array(ImagingStudy).default([]),
  /** The clinical indication the reviewer recorded; absent until recorded (diagnosis codes only propose one). */
  indication: ClinicalIndication.optional(),
  /** The reviewer's answers to the determination checks; a check not answered counts as "no" and the panel says so. */
  checks: z.array(CheckAnswer).default([]),
  /** Where the reviewer left off, so reopening lands there. */
  position: ReviewPosition.optional(),
  /** The determinations being drafted (absent once signed, until an amendment starts). */
  determination: DeterminationDraft.optional(),
  /** Every signed revision, oldest first; never edited or removed. */
  revisions: z.array(SignedRevision).default([]),
  /** Requests for additional information sent to the provider (pends), oldest first (shared/information-request). */
  informationRequests: z.array(InformationRequest).default([]),
});
export type CaseFile = z.infer<typeof CaseFile>;

/** The line in the case list: small, so the index of 10,000 cases stays fast. */
export const CaseSummary = z.looseObject({
  id: z.string(),
  memberName: z.string(),
  memberId: z.string(),
  lineOfBusiness: LineOfBusiness.optional(),
  codes: z.array(z.string()),
  guidelineId: z.string().optional(),
  urgency: Urgency,
  receivedAt: isoDateTime,
  dateOfService: isoDate.optional(),
  status: CaseStatus,
  updatedAt: isoDateTime,
  /** Set when the case file could not be read: what is wrong, for the reviewer. */
  damaged: z.string().optional(),
  /** The first request for information, as far as the queue's clock needs it (shared/information-request). */
  informationRequest: z
    .looseObject({ requestedAt: isoDateTime, respondBy: isoDateTime, dueAtBefore: isoDateTime, clockRule: z.looseObject({ effect: z.string(), source: z.string() }), received: z.looseObject({ at: isoDateTime }).optional() })
    .optional(),
  /** How many gaps the request still has (shared/case/request-gaps.ts). */
  gaps: z.number().int().min(0).optional(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export function summarizeCase(c: CaseFile): CaseSummary {
  return {
    id: c.id,
    memberName: c.request.member.name,
    memberId: c.request.member.id,
    lineOfBusiness: c.request.plan.lineOfBusiness,
    codes: c.request.codes.map((x) => x.code),
    guidelineId: c.request.guidelineId,
    urgency: c.request.urgency,
    receivedAt: c.request.receivedAt,
    dateOfService: c.request.dateOfService,
    status: c.status,
    updatedAt: c.updatedAt,
    ...(c.informationRequests[0] ? { informationRequest: clockPart(c.informationRequests[0]) } : {}),
    ...(requestGaps(c.request).length ? { gaps: requestGaps(c.request).length } : {}),
  };
}

function clockPart(r: InformationRequest): NonNullable<CaseSummary['informationRequest']> {
  return { requestedAt: r.requestedAt, respondBy: r.respondBy, dueAtBefore: r.dueAtBefore, clockRule: r.clockRule, ...(r.received ? { received: { at: r.received.at } } : {}) };
}
