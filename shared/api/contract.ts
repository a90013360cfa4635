/**
 * The API between the renderer and the main process: one table, method name → request and
 * response schemas. Electron binds it in main/ipc.ts, the browser test harness binds the very
 * same table with Playwright's exposeBinding; both go through main/api/dispatch.ts.
 */
import { z } from 'zod';
import { CaseFile, CaseSummary, FindingStatus, Finding, Mark, MarkAnchor } from '../case/schema';
import { Evaluation } from '../rules/evaluation';
import { SourceRef } from '../rules/schema';

const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const id = z.string().min(1).max(100);
const Ok = z.object({ ok: z.literal(true) });

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
  source: SourceRef,
});
export type CriterionDetail = z.infer<typeof CriterionDetail>;

export const ReviewEvaluation = z.object({
  evaluation: Evaluation,
  criteria: z.record(z.string(), CriterionDetail),
});
export type ReviewEvaluation = z.infer<typeof ReviewEvaluation>;

export const api = {
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
    request: z.strictObject({ caseId, docSha256: z.string().regex(/^[a-f0-9]{64}$/), page: z.number().int().min(1).max(100000) }),
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
      anchor: MarkAnchor,
      criterionIds: z.array(id).max(50),
      note: z.string().max(5000).default(''),
    }),
    response: Mark,
  },
  'marks.update': {
    request: z.strictObject({
      caseId,
      markId: id,
      criterionIds: z.array(id).max(50).optional(),
      note: z.string().max(5000).optional(),
    }),
    response: Mark,
  },
  'marks.remove': {
    request: z.strictObject({ caseId, markId: id, reason: z.string().max(1000).default('') }),
    response: Mark,
  },
  'findings.set': {
    request: z.strictObject({
      caseId,
      criterionId: id,
      status: FindingStatus.optional(),
      facts: z.record(z.string().max(100), z.number().finite()).optional(),
      note: z.string().max(5000).optional(),
    }),
    response: Finding,
  },
} as const;

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiRequest<M extends ApiMethod> = z.input<Api[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<Api[M]['response']>;
export const apiMethods = Object.keys(api) as ApiMethod[];

/** What the preload puts on window.workbench, and what the harness mirrors. */
export interface WorkbenchBridge {
  invoke(method: string, request: unknown): Promise<unknown>;
}
