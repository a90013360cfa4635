/**
 * Turns the criteria evaluation into a first draft of the determinations, so the director
 * starts from the engine's recommendation and its cited reasons and edits, rather than typing.
 *
 * It takes the structural shape below, which `Evaluation` from shared/rules/evaluation.ts satisfies
 * (the unit test passes an `Evaluation` to it), so a draft can also be prefilled from a
 * saved or hand-written evaluation.
 */
import { addDays } from '../case/calendar-date';
import type { CaseFile } from '../case/schema';
import type { AuthorizationPeriod, CodeDetermination, DeterminationDraft, DeterminationOutcome, DeterminationReason } from './schema';

export interface EvaluationReasonInput {
  text: string;
  /** The plain-language sentence for a letter; preferred over `text` for the member. */
  letterSentence?: string | undefined;
  guidelineId?: string | undefined;
  guidelineTitle?: string | undefined;
  ruleId?: string | undefined;
  version?: string | undefined;
  criterionId?: string | undefined;
  source?: string | { file?: string; section?: string } | undefined;
  /** What would change the outcome (rule data); the prefill's "what would change" is made of these. */
  remedy?: string | undefined;
}

export interface CodeEvaluationInput {
  code: string;
  /** The service in the member's words, when the rules name it. */
  service?: string | undefined;
  /** For a partial approval: the units the records support. */
  approvedUnits?: number | undefined;
  /** e.g. 'approve', 'not-medically-necessary', 'cannot-establish', 'experimental', 'out-of-scope', 'coding', 'incomplete'. */
  recommendation: string;
  reasons: EvaluationReasonInput[];
  /** Criteria not met; when absent, the criteria the reasons cite. */
  unmetCriterionIds?: string[] | undefined;
}

export interface EvaluationInput {
  codes: CodeEvaluationInput[];
}

export interface PrefillOptions {
  /** Length of an approved authorization, counted from the date of service (inclusive). Default 90 days. */
  authorizationDays?: number;
}

/**
 * Recommendation words the engine may use, mapped to the outcome the director starts from.
 * Checked in order: the first pattern found in the recommendation wins.
 */
const RECOMMENDATION_TO_OUTCOME: ReadonlyArray<[RegExp, DeterminationOutcome]> = [
  [/out-of-scope|redirect|benefit-plan/, 'redirected'],
  [/experimental|investigational|unproven/, 'denied-experimental'],
  [/coding|unbundl|add-on|units/, 'denied-coding'],
  [/cannot-establish|insufficient|illegible/, 'cannot-establish'],
  [/partial/, 'partially-approved'],
  [/not-approvable|not-medically-necessary|not-met|deny|denied/, 'denied-not-medically-necessary'],
  [/pending|information|needs-review|unreviewed|incomplete/, 'pending-information'],
  [/approvable|approve|met/, 'approved'],
];

export function outcomeForRecommendation(recommendation: string): DeterminationOutcome {
  const r = recommendation.toLowerCase();
  return RECOMMENDATION_TO_OUTCOME.find(([re]) => re.test(r))?.[1] ?? 'pending-information';
}

function sourceText(source: EvaluationReasonInput['source']): string | undefined {
  if (source === undefined) return undefined;
  if (typeof source === 'string') return source;
  return [source.file, source.section].filter(Boolean).join(', ') || undefined;
}

export function reasonFromEvaluation(r: EvaluationReasonInput): DeterminationReason {
  const letter = r.letterSentence?.trim();
  const reason: DeterminationReason = { text: letter || r.text.trim() };
  if (r.guidelineId) reason.guidelineId = r.guidelineId;
  if (r.guidelineTitle) reason.guidelineTitle = r.guidelineTitle;
  if (r.ruleId) reason.ruleId = r.ruleId;
  if (r.version) reason.version = r.version;
  if (r.criterionId) reason.criterionId = r.criterionId;
  if (letter && r.text.trim() !== letter) reason.criterionText = r.text.trim();
  const src = sourceText(r.source);
  if (src) reason.source = src;
  if (typeof r.source === 'object' && r.source.section) reason.section = r.source.section;
  return reason;
}

/** Length of an approved authorization unless the director sets another, counted from the date of service. */
export const DEFAULT_AUTHORIZATION_DAYS = 90;

/** The authorization period of an approval: `days` days from the date of service, both ends inclusive. */
export function authorizationPeriod(dateOfService: string, days: number = DEFAULT_AUTHORIZATION_DAYS): AuthorizationPeriod {
  return { start: dateOfService, end: addDays(dateOfService, days - 1) };
}

/**
 * What would change the outcome: the remedies the rules give for each reason, in order, once each.
 * Only where no reason carries one does it fall back to asking for records that show the reasons.
 */
export function whatWouldChangeFrom(reasons: readonly EvaluationReasonInput[]): string | undefined {
  if (reasons.length === 0) return undefined;
  const remedies = [...new Set(reasons.map((r) => r.remedy?.trim()).filter((x): x is string => Boolean(x)))];
  if (remedies.length > 0) return remedies.map((r) => (/[.!?]$/.test(r) ? r : `${r}.`)).join(' ');
  return `Records showing the following would let us look at this again: ${reasons.map((r) => (r.letterSentence ?? r.text).trim().replace(/\.$/, '')).join('; ')}.`;
}

/** One draft determination per requested code, in the order of the request. */
export function prefillDeterminations(
  caseFile: CaseFile,
  evaluation: EvaluationInput | undefined,
  now: Date,
  options: PrefillOptions = {},
): DeterminationDraft {
  const byCode = new Map((evaluation?.codes ?? []).map((c) => [c.code, c]));
  const determinations = caseFile.request.codes.map((requested): CodeDetermination => {
    const ev = byCode.get(requested.code);
    const units = requested.units ?? 1;
    const outcome = ev ? outcomeForRecommendation(ev.recommendation) : 'pending-information';
    const reasons = (ev?.reasons ?? []).map(reasonFromEvaluation);
    const d: CodeDetermination = {
      code: requested.code,
      // A gap in the units blocks signing (request-incomplete); 1 keeps the draft well-formed until it is filled.
      requestedUnits: units,
      ...(ev?.service ? { service: ev.service } : {}),
      outcome,
      reasons,
      clinicalRationale: '',
    };
    if (ev) {
      const unmet = ev.unmetCriterionIds ?? ev.reasons.flatMap((r) => (r.criterionId ? [r.criterionId] : []));
      d.basis = { recommendation: ev.recommendation, unmetCriterionIds: unmet };
    }
    if (outcome === 'approved' || outcome === 'partially-approved') {
      d.approvedUnits = outcome === 'approved' ? units : Math.min(ev?.approvedUnits ?? units - 1, units - 1);
      if (caseFile.request.dateOfService) d.authorization = authorizationPeriod(caseFile.request.dateOfService, options.authorizationDays);
    }
    if (outcome !== 'approved' && outcome !== 'redirected') {
      const change = whatWouldChangeFrom(ev?.reasons ?? []);
      if (change) d.whatWouldChange = change;
    }
    return d;
  });
  const at = now.toISOString();
  return { createdAt: at, updatedAt: at, determinations };
}
