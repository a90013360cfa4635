/**
 * Determinations: what the medical director decides for each requested code, the
 * draft being edited, and the signed revisions that letters are made from.
 * A signed revision is never changed; an amendment is a new draft that names the
 * revision it replaces, and signing it adds a new revision beside the old one.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

export const DeterminationOutcome = z.enum([
  'approved',
  'partially-approved',
  'denied-not-medically-necessary',
  'denied-experimental',
  /** Not medically necessary for a coding reason (unbundled, add-on without primary, units...). */
  'denied-coding',
  /** Records insufficient or illegible: medical necessity cannot be established. */
  'cannot-establish',
  /** Out of the guidelines' scope: sent back to the health plan. */
  'redirected',
  'pending-information',
]);
export type DeterminationOutcome = z.infer<typeof DeterminationOutcome>;

/** Outcomes that are adverse to the member and so need cited reasons, appeal rights and a letter that explains. */
export const ADVERSE_OUTCOMES: ReadonlySet<DeterminationOutcome> = new Set([
  'partially-approved',
  'denied-not-medically-necessary',
  'denied-experimental',
  'denied-coding',
  'cannot-establish',
]);
export const APPROVING_OUTCOMES: ReadonlySet<DeterminationOutcome> = new Set(['approved', 'partially-approved']);

export const DeterminationReason = z.looseObject({
  /** The plain-language sentence the letter prints. */
  text: z.string().trim().min(1),
  guidelineId: z.string().optional(),
  /** Title of the guideline, for a letter that names it in words. */
  guidelineTitle: z.string().optional(),
  ruleId: z.string().optional(),
  version: z.string().optional(),
  criterionId: z.string().optional(),
  /** The criterion as the guideline words it, for the provider section of the letter. */
  criterionText: z.string().optional(),
  /** Where the reason comes from when it is not a guideline criterion (a regulation, the benefit plan...). */
  source: z.string().optional(),
  /** The section of the guideline relied on, e.g. "Prior Authorization Requirements": the member's letter names it in words. */
  section: z.string().optional(),
});
export type DeterminationReason = z.infer<typeof DeterminationReason>;

export const AuthorizationPeriod = z
  .looseObject({ start: isoDate, end: isoDate })
  .refine((p) => p.start <= p.end, { message: 'the authorization period ends before it starts' });
export type AuthorizationPeriod = z.infer<typeof AuthorizationPeriod>;

/** What the evaluation said when the draft was prefilled: kept so the checks can tell an exception from a plain approval. */
export const DeterminationBasis = z.looseObject({
  recommendation: z.string(),
  unmetCriterionIds: z.array(z.string()).default([]),
});

export const CodeDetermination = z.looseObject({
  code: z.string().min(1),
  requestedUnits: z.number().int().min(1),
  /** The service in the member's words (rule data), e.g. "spinal cord stimulator trial"; letters print it. */
  service: z.string().optional(),
  outcome: DeterminationOutcome,
  /** Approved units (all of them for an approval; fewer for a partial approval). */
  approvedUnits: z.number().int().min(0).optional(),
  authorization: AuthorizationPeriod.optional(),
  reasons: z.array(DeterminationReason).default([]),
  /** The director's clinical judgment applied to this member's circumstances. */
  clinicalRationale: z.string().default(''),
  /** Why the request is approved although a criterion is not met. */
  exceptionRationale: z.string().optional(),
  /** What information would change the outcome, in plain language. */
  whatWouldChange: z.string().optional(),
  basis: DeterminationBasis.optional(),
  /** Given when an approving determination is signed; the approval letter prints it. */
  authorizationNumber: z.string().optional(),
});
export type CodeDetermination = z.infer<typeof CodeDetermination>;

export const DeterminationDraft = z.looseObject({
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  /** Set on an amendment: the revision this draft will supersede once signed. */
  amends: z.string().optional(),
  determinations: z.array(CodeDetermination).default([]),
  /** For Medicare and Medicare Advantage members: when the director confirmed CMS coverage policy was applied. */
  cmsPolicyAcknowledgedAt: isoDateTime.optional(),
});
export type DeterminationDraft = z.infer<typeof DeterminationDraft>;

export const RevisionSigner = z.looseObject({
  name: z.string().min(1),
  credentials: z.string().min(1),
  title: z.string().optional(),
  /** The reviewing doctor's specialty, which letters state (absent on revisions signed before it was asked). */
  specialty: z.string().optional(),
  peerToPeerPhone: z.string().optional(),
  /** The signing reviewer's NPI, when the profile has one (sent in PAS responses). */
  npi: z.string().regex(/^\d{10}$/).optional(),
});
export type RevisionSigner = z.infer<typeof RevisionSigner>;

export const SignedRevision = z.looseObject({
  id: z.string().min(1),
  number: z.number().int().min(1),
  supersedes: z.string().optional(),
  signedAt: isoDateTime,
  signer: RevisionSigner,
  determinations: z.array(CodeDetermination).min(1),
  cmsPolicyAcknowledgedAt: isoDateTime.optional(),
  /** SHA-256 of the first letter exported from this revision. */
  letterSha256: z.string().regex(/^[a-f0-9]{64}$/).optional(),
});
export type SignedRevision = z.infer<typeof SignedRevision>;
