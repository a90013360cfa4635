/** Intake and the queue: new cases, their attachments, PAS import/export, related requests, the 10,000-case list. */
import { z } from 'zod';
import { CaseQuery, CaseQueryResult } from '../intake/query-cases';
import { RelatedRequest } from '../intake/find-related-requests';
import { RuleVersion } from '../intake/date-of-service-in-effect';
import { caseIdParam as caseId, sha256Param } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';

/**
 * PDFs dropped on the form reach the renderer as File objects, so their bytes cross IPC once,
 * base64, for intake only (the review itself serves PDFs by URL). 200 MB per file bounds the
 * main process's memory; base64 is 4/3 of the bytes.
 */
export const MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024;
const base64 = z
  .string()
  .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4, 'The file is larger than 200 MB.')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file data is not base64.');

export const AttachmentProblem = z.enum(['not-pdf', 'encrypted', 'no-pages', 'corrupt', 'too-large', 'empty']);
export type AttachmentProblem = z.infer<typeof AttachmentProblem>;

/** The verdict on one file: taken (held in main by its SHA-256 until the case is created), or why not. */
export const AttachmentCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  sha256: z.string().optional(),
  pageCount: z.number().int().optional(),
  sizeBytes: z.number().int(),
  problem: AttachmentProblem.optional(),
  message: z.string(),
});
export type AttachmentCheck = z.infer<typeof AttachmentCheck>;

export const FieldProblem = z.object({ field: z.string(), message: z.string() });

export const ImportProblem = z.object({ severity: z.enum(['error', 'warning']), where: z.string(), message: z.string() });

export const GuidelineChoice = z.object({ id: z.string(), title: z.string(), encoded: z.boolean() });

export const intakeApi = {
  /** A page of the queue, sorted, filtered and searched in main. */
  'cases.query': {
    request: CaseQuery,
    response: CaseQueryResult,
  },
  /** Checks one file and holds it (by content hash) for cases.create. */
  'cases.validateAttachment': {
    request: z.strictObject({ name: z.string().min(1).max(255), data: base64 }),
    response: AttachmentCheck,
  },
  /** Validates the form and creates the case with its held attachments, all or nothing. */
  'cases.create': {
    request: z.strictObject({
      idempotencyKey,
      /** The form as typed; checked by shared/intake/validate-new-case.ts in main, field by field. */
      request: z.unknown(),
      attachments: z.array(z.strictObject({ sha256: sha256Param, name: z.string().min(1).max(255) })).max(200),
    }),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), caseId }),
      z.object({ ok: z.literal(false), problems: z.array(FieldProblem) }),
    ]),
  },
  /**
   * Adds checked files (held by cases.validateAttachment) to an open case as new records, e.g. an
   * addendum sent after signing: all or nothing; a file already in the case is not added twice.
   * A signed case stays signed: the answer says so, and the reviewer amends to use the new record.
   */
  'cases.addRecords': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      attachments: z.array(z.strictObject({ sha256: sha256Param, name: z.string().min(1).max(255) })).min(1).max(50),
    }),
    response: z.object({
      added: z.array(z.object({ sha256: z.string(), name: z.string(), pageCount: z.number().int() })),
      alreadyInCase: z.array(z.object({ name: z.string(), existingName: z.string() })),
      signed: z.boolean(),
      /** The records answered the case's open request for information, and the case resumed where it was. */
      resumed: z.boolean(),
    }),
  },
  /**
   * Reads a PAS request Bundle. A new request: the form's prefill, the PDFs it carried (checked and
   * held), and what could not be read. A PASClaimUpdate of a request already in the workbench:
   * applied to that case at once (audited), never a second case; `update` says what changed.
   */
  'cases.importFhir': {
    request: z.strictObject({ idempotencyKey, bundleJson: z.string().min(2).max(400 * 1024 * 1024) }),
    response: z.object({
      kind: z.enum(['request', 'update']).default('request'),
      draft: z.record(z.string(), z.unknown()),
      problems: z.array(ImportProblem),
      attachments: z.array(AttachmentCheck),
      /** Set when an update was applied: the case it changed and how. */
      caseId: caseId.optional(),
      update: z.object({ changes: z.array(z.string()), documentsAdded: z.number().int(), resumed: z.boolean() }).optional(),
    }),
  },
    'cases.fillGaps': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      dateOfBirth: z.iso.date().optional(),
      lineOfBusiness: z.enum(['commercial', 'medicare-advantage', 'medicare', 'medicaid']).optional(),
      dateOfService: z.iso.date().optional(),
      diagnoses: z.array(z.string().max(10)).max(12).optional(),
      guidelineId: z.string().min(1).max(40).optional(),
      units: z.record(z.string().max(10), z.number().int().min(1).max(999)).optional(),
    }),
    response: z.object({ ok: z.literal(true), filled: z.array(z.string()), remaining: z.array(z.string()) }),
  },
  /** Earlier requests of the same member for the same or same-family codes, within the window. */
  'cases.related': {
    request: z.union([
      z.strictObject({ caseId, windowDays: z.number().int().min(1).max(3650).optional() }),
      z.strictObject({
        memberId: z.string().min(1).max(40),
        codes: z.array(z.string().max(10)).min(1).max(50),
        dateOfService: z.iso.date(),
        windowDays: z.number().int().min(1).max(3650).optional(),
      }),
    ]),
    response: z.object({ windowDays: z.number().int(), related: z.array(RelatedRequest) }),
  },
  /** Saves the PAS response (as cases.exportFhir gives it) where the reviewer chooses; saved false when the dialog is cancelled. */
  'cases.saveFhirResponse': {
    request: z.strictObject({ caseId, idempotencyKey, informationRequestId: z.string().regex(/^rfi-[a-f0-9-]{8,40}$/).optional() }),
    response: z.object({ saved: z.boolean(), fileName: z.string(), outcome: z.string().optional() }),
  },
  /** What the new-case form offers: guidelines (encoded ones first), the related-requests window, the rule versions' dates. */
  'intake.options': {
    request: z.strictObject({}),
    response: z.object({
      guidelines: z.array(GuidelineChoice),
      defaultWindowDays: z.number().int(),
      /** When each encoded rule file is in effect, so the form flags a date of service no version covers as it is typed. */
      ruleVersions: z.array(RuleVersion),
    }),
  },
  /** The signed determination as a PAS response Bundle (JSON text); before signing, an open request for information as the pend response. */
  'cases.exportFhir': {
    request: z.strictObject({ caseId, informationRequestId: z.string().regex(/^rfi-[a-f0-9-]{8,40}$/).optional() }),
    response: z.object({ fileName: z.string(), json: z.string() }),
  },
} as const;
