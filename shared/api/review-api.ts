/** The review itself: opening a case, marks, findings, the evaluation. */
import { z } from 'zod';
import { CaseFile, CaseSummary, CheckAnswer, ClinicalIndication, FindingStatus, Finding, Mark, MarkAnchor } from '../case/schema';
import { Evaluation } from '../rules/evaluation';
import { CheckKind, SourceRef } from '../rules/schema';

import { caseIdParam as caseId, factNameParam, idParam as id, Ok, sha256Param } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';

/** A document of an open case, with the relative URL its bytes are served from. */
export const OpenDocument = z.object({
  sha256: z.string(),
  name: z.string(),
  pageCount: z.number().int(),
  url: z.string(),
});
export type OpenDocument = z.infer<typeof OpenDocument>;

export const OpenCase = z.object({
  caseFile: CaseFile,
  documents: z.array(OpenDocument),
  /** Who is reviewing: the signed-in director's display name, recorded on marks and findings. */
  reviewer: z.string(),
});
export type OpenCase = z.infer<typeof OpenCase>;

/** What the side panel needs beyond the evaluation: each leaf's documentation, source and search terms. */
export const CriterionDetail = z.object({
  ruleId: z.string(),
  proves: z.string(),
  searchTerms: z.array(z.string()),
  notMetSentence: z.string(),
  remedy: z.string().optional(),
  source: SourceRef,
});
export type CriterionDetail = z.infer<typeof CriterionDetail>;

export const ReviewEvaluation = z.object({
  evaluation: Evaluation,
  criteria: z.record(z.string(), CriterionDetail),
});
export type ReviewEvaluation = z.infer<typeof ReviewEvaluation>;

export const reviewApi = {
  'cases.list': {
    request: z.strictObject({}),
    response: z.array(CaseSummary),
  },
  'cases.open': {
    request: z.strictObject({ caseId }),
    response: OpenCase,
  },
  /** Creates the built-in demo case if the store does not have it; returns its id. */
  'cases.loadDemo': {
    request: z.strictObject({}),
    response: z.strictObject({ caseId }),
  },
  'cases.setPosition': {
    request: z.strictObject({ caseId, idempotencyKey, docSha256: sha256Param, page: z.number().int().min(1).max(100000) }),
    response: Ok,
  },
  /** The criteria that apply on the date of service, with the reviewer's findings evaluated. */
  'review.evaluate': {
    request: z.strictObject({ caseId }),
    response: ReviewEvaluation,
  },
  'marks.add': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      anchor: MarkAnchor,
      criterionIds: z.array(id).max(50),
      note: z.string().max(5000).default(''),
    }),
    response: Mark,
  },
  'marks.update': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      markId: id,
      criterionIds: z.array(id).max(50).optional(),
      note: z.string().max(5000).optional(),
    }),
    response: Mark,
  },
  'marks.remove': {
    request: z.strictObject({ caseId, idempotencyKey, markId: id, reason: z.string().max(1000).default('') }),
    response: Mark,
  },
  'findings.set': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      criterionId: id,
      status: FindingStatus.optional(),
      facts: z.record(factNameParam, z.number().finite()).optional(),
      /** For each fact, the marks that show its value. */
      factMarkIds: z.record(factNameParam, z.array(id).max(20)).optional(),
      note: z.string().max(5000).optional(),
    }),
    response: Finding,
  },
  /** Records the clinical indication (one of the guideline's, or "not-covered"); null clears it. */
  'indication.set': {
    request: z.strictObject({ caseId, idempotencyKey, indicationId: z.string().min(1).max(80).nullable(), note: z.string().max(2000).optional() }),
    response: z.object({ indication: ClinicalIndication.nullable() }),
  },
  /** Answers a determination check (per code for contingency-codes and units-levels); answer null clears it. */
  'checks.set': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      kind: CheckKind,
      code: z.string().max(10).optional(),
      answer: z.enum(['yes', 'no']).nullable(),
      supportedUnits: z.number().int().min(0).max(999).optional(),
      note: z.string().max(2000).optional(),
    }),
    response: z.object({ checks: z.array(CheckAnswer) }),
  },
} as const;
