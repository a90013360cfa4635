/**
 * The result of evaluating a case against the guidelines in effect on its date of service.
 * It crosses IPC (main computes, the renderer shows it), so it is a zod schema too.
 */
import { z } from 'zod';
import { CheckKind, FactSpec, Role, RuleFile, SourceRef } from './schema';

export const CriterionStatus = z.enum(['met', 'not-met', 'not-documented', 'not-applicable', 'unreviewed']);
export type CriterionStatus = z.infer<typeof CriterionStatus>;

/** How a node's status was reached, so the panel can say why. */
/** `indication`: not applicable because the reviewer recorded another indication. */
export const DecidedBy = z.enum(['fact', 'reviewer', 'children', 'request', 'default', 'imaging', 'indication']);
export type DecidedBy = z.infer<typeof DecidedBy>;

export interface NodeResult {
  id: string;
  kind: 'all' | 'any' | 'atLeast' | 'leaf';
  n?: number | undefined;
  text: string;
  status: CriterionStatus;
  decidedBy: DecidedBy;
  indication?: string | undefined;
  /** Leaf with a structured fact: the spec and the value the reviewer entered, if any. */
  fact?: (FactSpec & { value?: number | undefined }) | undefined;
  /** Why a leaf decided outside the finding (the imaging studies) has its status, one sentence each. */
  detail?: string[] | undefined;
  /** The letter's sentence for this leaf when it is not met, in place of the rule's generic one. */
  letterSentence?: string | undefined;
  /** What would change the outcome, in place of the rule's generic remedy (e.g. naming the study). */
  remedy?: string | undefined;
  /** `value-missing`: marked met without the value its threshold needs; it counts as not reviewed and blocks signing. */
  problem?: 'value-missing' | undefined;
  children?: NodeResult[] | undefined;
}

export const NodeResult: z.ZodType<NodeResult> = z.object({
  id: z.string(),
  kind: z.enum(['all', 'any', 'atLeast', 'leaf']),
  n: z.number().int().optional(),
  text: z.string(),
  status: CriterionStatus,
  decidedBy: DecidedBy,
  indication: z.string().optional(),
  fact: FactSpec.extend({ value: z.number().optional() }).optional(),
  detail: z.array(z.string()).optional(),
  letterSentence: z.string().optional(),
  remedy: z.string().optional(),
  problem: z.literal('value-missing').optional(),
  get children(): z.ZodOptional<z.ZodArray<z.ZodType<NodeResult>>> {
    return z.array(NodeResult).optional();
  },
});

export const Recommendation = z.enum([
  'approve',
  /** Criteria met, but the records support fewer units or levels than requested (CodeEvaluation.approvedUnits). */
  'partially-approve',
  'not-medically-necessary',
  'cannot-establish',
  'experimental',
  'out-of-scope',
  'coding',
  'cms-policy-supersedes',
  /** A benefit plan term, coverage policy or eligibility issue takes precedence: the health plan decides. */
  'benefit-plan-decides',
  'incomplete',
]);
export type Recommendation = z.infer<typeof Recommendation>;

/** One reason behind a code's recommendation, citable in a letter. */
export const Reason = z.object({
  guidelineId: z.string(),
  ruleId: z.string(),
  version: z.string(),
  /** The criterion, experimental use, coding entry or determination rule relied on. */
  criterionId: z.string(),
  text: z.string(),
  letterSentence: z.string(),
  /** What would change the outcome, one plain sentence (rule data: the leaf's remedy). */
  remedy: z.string().optional(),
  source: SourceRef,
});
export type Reason = z.infer<typeof Reason>;

/** Something still open that the recommendation did not need: listed as "also not reviewed". */
export const OpenItem = z.object({
  /** Criterion id, experimental use id, or the check kind. */
  id: z.string(),
  ruleId: z.string(),
  text: z.string(),
  /** Why it is open when it is more than "not reviewed", e.g. "marked met without the value". */
  why: z.string().optional(),
});
export type OpenItem = z.infer<typeof OpenItem>;

export const CodeEvaluation = z.object({
  code: z.string(),
  units: z.number().int(),
  recommendation: Recommendation,
  /** Rule files that decided this code (id@version). */
  decidedUnder: z.array(z.string()),
  /** The service in the member's words, from the rule file that decides the code. */
  service: z.string().optional(),
  /** partially-approve: the units the records support. */
  approvedUnits: z.number().int().optional(),
  reasons: z.array(Reason),
  /** Criteria still open that did not change this recommendation (it was decided without them). */
  alsoNotReviewed: z.array(OpenItem),
});
export type CodeEvaluation = z.infer<typeof CodeEvaluation>;

export const CodingFindingKind = z.enum([
  'add-on-without-primary',
  'add-on-primary-not-approved',
  'mutually-exclusive',
  'bundled',
  'separate-procedure',
  'units-exceed-limit',
  'unlisted-code',
]);
export type CodingFindingKind = z.infer<typeof CodingFindingKind>;

export const CodingFinding = z.object({
  kind: CodingFindingKind,
  /** 'denies': the code is not medically necessary as requested; 'advisory': for the reviewer to weigh. */
  severity: z.enum(['denies', 'advisory']),
  /** The code the finding is about (the one that would not be approved). */
  code: z.string(),
  relatedCodes: z.array(z.string()),
  message: z.string(),
  letterSentence: z.string(),
  source: SourceRef,
});
export type CodingFinding = z.infer<typeof CodingFinding>;

export const Notice = z.object({
  kind: z.enum([
    'criteria-not-encoded',
    'cms-policy-supersedes',
    'catalogue-version-not-encoded',
    'exception-requested',
    'experimental-suspected',
    'out-of-scope',
    'scope-note',
    'coding-advisory',
    'determination-rule',
    'rule-not-yet-in-effect',
    'related-request',
    'clinical-trial',
    'legislative-mandate',
    'indication',
  ]),
  message: z.string(),
  source: SourceRef.optional(),
});
export type Notice = z.infer<typeof Notice>;

export const EvaluationError = z.object({
  kind: z.enum(['no-version-in-effect', 'unknown-guideline', 'invalid-case']),
  message: z.string(),
});
export type EvaluationError = z.infer<typeof EvaluationError>;

/**
 * A problem in what the case names or records, for the reviewer to fix: an id, fact name, code or
 * indication the rules in effect do not know (with the nearest known one), or a threshold criterion
 * marked met without its value. `blocksSigning` ones stop signing.
 */
export const ReviewProblem = z.object({
  kind: z.enum(['unknown-criterion', 'unknown-fact', 'unknown-code', 'unknown-indication', 'unknown-check', 'unknown-mark', 'value-missing', 'check-note-missing']),
  /** Where in the case file, as a JSON path: "findings.CMM-211.trial.conservative-care.facts.conservativeCareMonth". */
  where: z.string(),
  message: z.string(),
  expected: z.string().optional(),
  nearest: z.string().optional(),
  blocksSigning: z.boolean(),
});
export type ReviewProblem = z.infer<typeof ReviewProblem>;

/** One determination check the panel asks: the question (rule data), the answer recorded, what it does. */
export const CheckResult = z.object({
  kind: CheckKind,
  code: z.string().optional(),
  question: z.string(),
  help: z.string().optional(),
  answer: z.enum(['yes', 'no', 'unanswered']),
  supportedUnits: z.number().int().optional(),
  note: z.string(),
  /** What the answer does to the recommendation, in a sentence. */
  effect: z.string(),
  source: SourceRef,
});
export type CheckResult = z.infer<typeof CheckResult>;

/** The clinical indication: the guideline's choices, what the reviewer recorded, what the diagnoses propose. */
export const IndicationResult = z.object({
  options: z.array(z.object({ id: z.string(), label: z.string() })),
  recorded: z.string().optional(),
  /** Indication ids the request's ICD-10 codes suggest (hints only; the reviewer decides). */
  proposed: z.array(z.string()),
  /** The Preface's out-of-scope rule in effect: "will be" (2024) or "may be" (v1.0.2026) re-directed. */
  notCoveredMeans: z.string().optional(),
});
export type IndicationResult = z.infer<typeof IndicationResult>;

export const ExperimentalCheck = z.object({
  id: z.string(),
  text: z.string(),
  /** flagged: a diagnosis suggests it and the reviewer has not ruled it out; confirmed: the reviewer marked it. */
  status: z.enum(['confirmed', 'flagged', 'ruled-out', 'not-flagged']),
  matchedDiagnoses: z.array(z.string()),
});
export type ExperimentalCheck = z.infer<typeof ExperimentalCheck>;

export const RuleResult = z.object({
  ruleId: z.string(),
  guidelineId: z.string(),
  role: Role,
  title: z.string(),
  version: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().optional(),
  source: SourceRef,
  /** Codes of the request this rule file decides (empty for the Preface, which applies to all). */
  codes: z.array(z.string()),
  status: CriterionStatus,
  tree: NodeResult,
  experimental: z.array(ExperimentalCheck),
  suggestedIndications: z.array(z.string()),
});
export type RuleResult = z.infer<typeof RuleResult>;

export const Evaluation = z.object({
  caseId: z.string(),
  guidelineId: z.string(),
  dateOfService: z.string(),
  rules: z.array(RuleResult),
  codes: z.array(CodeEvaluation),
  codingFindings: z.array(CodingFinding),
  notices: z.array(Notice),
  errors: z.array(EvaluationError),
  problems: z.array(ReviewProblem),
  checks: z.array(CheckResult),
  indication: IndicationResult,
});
export type Evaluation = z.infer<typeof Evaluation>;

/** The guideline versions that apply to a case, with their trees: what the criteria panel shows. */
export const CaseCriteria = z.object({
  guidelineId: z.string(),
  guidelineTitle: z.string().optional(),
  dateOfService: z.string(),
  /** Whether the guideline's own criteria are encoded (otherwise the reviewer adds free-text criteria). */
  encoded: z.boolean(),
  rules: z.array(z.object({ rule: RuleFile, codes: z.array(z.string()) })),
  /** Requested codes no applicable rule file decides, and the guideline that does review them, if any. */
  outOfScope: z.array(z.object({ code: z.string(), reviewedUnder: z.string().optional() })),
  notices: z.array(Notice),
  errors: z.array(EvaluationError),
});
export type CaseCriteria = z.infer<typeof CaseCriteria>;
