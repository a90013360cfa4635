/** Deciding and signing: the determination draft, signed revisions, letters, the reviewer's profile, the audit trail, the clock. */
import { z } from 'zod';
import { CaseStatus } from '../case/schema';
import { CodeDetermination, DeterminationDraft, SignedRevision } from '../determination/schema';
import { ReviewerProfile } from '../settings/profile';
import { AuditEvent } from '../audit/audit-event';
import { TimeframeUnit } from '../turnaround/turnaround-table';
import { OpenItem } from '../rules/evaluation';
import { caseIdParam as caseId } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';

/** A signed revision's id, e.g. "demo-scs-trial-r2". */
export const revisionIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'a revision id is letters, digits, - and _');

export const SigningProblemInfo = z.object({
  kind: z.string(),
  code: z.string().optional(),
  message: z.string(),
});
export type SigningProblemInfo = z.infer<typeof SigningProblemInfo>;

export const DecisionState = z.object({
  status: CaseStatus,
  /** The draft being decided: the saved one, or (draftSaved false) one prefilled from the evaluation. Null on a signed case. */
  draft: DeterminationDraft.nullable(),
  draftSaved: z.boolean(),
  /** What the current evaluation would prefill now, for "start again from the evaluation". */
  suggested: z.array(CodeDetermination),
  /** Every signed revision, oldest first. */
  revisions: z.array(SignedRevision),
  /** What stops signing now, each a plain sentence; empty when the draft can be signed. */
  problems: z.array(SigningProblemInfo),
  /** Criteria the current evaluation finds not met, per code: an approval against one needs an exception rationale. */
  unmetCriteriaByCode: z.record(z.string(), z.array(z.string())),
  /** Criteria still not reviewed per code that the recommendation did not need (a denial can be signed without them). */
  alsoNotReviewed: z.record(z.string(), z.array(OpenItem)),
  /** Things to know before signing that do not stop it (e.g. no mailing address for the member). */
  notes: z.array(z.string()),
  /** Medicare or Medicare Advantage member: CMS coverage policy supersedes the guidelines. */
  cmsPolicyApplies: z.boolean(),
  profile: ReviewerProfile.nullable(),
});
export type DecisionState = z.infer<typeof DecisionState>;

export const LetterPreview = z.object({
  revisionId: z.string(),
  /** Relative URL the renderer's pdf.js viewer loads the letter from. */
  url: z.string(),
  sha256: z.string(),
  pageCount: z.number().int().min(1),
});
export type LetterPreview = z.infer<typeof LetterPreview>;

export const LetterExport = z.object({
  /** False when the reviewer cancelled the save dialog. */
  saved: z.boolean(),
  revisionId: z.string(),
  fileName: z.string().optional(),
  sha256: z.string().optional(),
  /** The folder the letter was saved in, for the director to find it. */
  folder: z.string().optional(),
  /** Whether letter.showInFolder can open that folder here (the desktop app can; a browser harness cannot). */
  canShowInFolder: z.boolean().optional(),
});
export type LetterExport = z.infer<typeof LetterExport>;

export const AuditChainStatus = z.union([
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({ ok: z.literal(false), firstBad: z.object({ seq: z.number().int(), reason: z.enum(['altered', 'removed', 'reordered', 'unparseable']) }) }),
]);

export const TurnaroundInfo = z.object({
  /** ISO instant the decision is due; the renderer counts down to it. */
  dueAt: z.string(),
  amount: z.number().int(),
  unit: TimeframeUnit,
  source: z.string(),
  /** When the latest revision was signed; the clock stops there. */
  decidedAt: z.string().optional(),
  /** Set while a request for information has stopped the clock (tolled): since when. */
  stoppedSince: z.string().optional(),
  /** What a request for information did to the clock, with its regulation. */
  informationRequest: z.string().optional(),
});
export type TurnaroundInfo = z.infer<typeof TurnaroundInfo>;

export const decisionApi = {
  /** The draft (prefilled from the evaluation if none is saved), the revisions and the checks before signing. */
  'decision.get': {
    request: z.strictObject({ caseId }),
    response: DecisionState,
  },
  /** Saves the draft's determinations; refused on a signed case. */
  'decision.edit': {
    request: z.strictObject({ caseId, idempotencyKey, determinations: z.array(CodeDetermination).min(1).max(100) }),
    response: DecisionState,
  },
  /** Medicare and Medicare Advantage members: the director confirms CMS coverage policy was applied. */
  'decision.acknowledgeCms': {
    request: z.strictObject({ caseId, idempotencyKey }),
    response: DecisionState,
  },
  /** Signs the draft with the reviewer's profile; refused with the checks' messages while any fails. */
  'decision.sign': {
    request: z.strictObject({ caseId, idempotencyKey }),
    response: DecisionState,
  },
  /** Opens a new draft that will supersede the latest revision; every revision is kept. */
  'decision.amend': {
    request: z.strictObject({ caseId, idempotencyKey }),
    response: DecisionState,
  },
  /** Renders a signed revision's letter and keeps a copy with the case. */
  'letter.preview': {
    request: z.strictObject({ caseId, revisionId: revisionIdParam }),
    response: LetterPreview,
  },
  /** Saves the letter where the reviewer chooses and records its hash on the revision. */
  'letter.export': {
    request: z.strictObject({ caseId, idempotencyKey, revisionId: revisionIdParam }),
    response: LetterExport,
  },
  /** Shows the exported letter in its folder (the OS file manager); only a file this session exported. */
  'letter.showInFolder': {
    request: z.strictObject({ caseId, revisionId: revisionIdParam }),
    response: z.object({ ok: z.literal(true) }),
  },
  'settings.getProfile': {
    request: z.strictObject({}),
    response: z.object({ profile: ReviewerProfile.nullable() }),
  },
  'settings.setProfile': {
    request: z.strictObject({ profile: ReviewerProfile }),
    response: z.object({ profile: ReviewerProfile }),
  },
  /** The case's audit trail and whether its hash chain is intact. */
  'audit.list': {
    request: z.strictObject({ caseId }),
    response: z.object({ events: z.array(AuditEvent), chain: AuditChainStatus, problem: z.string().optional() }),
  },
  /** When the decision is due, from rules/turnaround.json. */
  'turnaround.get': {
    request: z.strictObject({ caseId }),
    response: TurnaroundInfo,
  },
} as const;
