/**
 * What the Decision tab shows, computed from the case and a fresh evaluation: the draft (the
 * saved one, or one prefilled from the evaluation), the revisions, and what stops signing.
 * The checks use the current evaluation's unmet criteria, not those recorded when the draft was
 * prefilled, so findings changed after prefilling are what an approval is checked against.
 */
import type { CaseFile } from '../../shared/case/schema';
import type { DecisionState } from '../../shared/api/decision-api';
import type { ReviewerProfile } from '../../shared/settings/profile';
import type { RuleSet } from '../../shared/rules/rule-set';
import type { Evaluation } from '../../shared/rules/evaluation';
import { evaluateCase, type EvaluateOptions } from '../../shared/rules/evaluate-case';
import { prefillDeterminations, type EvaluationInput } from '../../shared/determination/prefill-determination';
import { checkBeforeSigning, type AddOnRelation, type SigningCheckInput } from '../../shared/determination/check-before-signing';
import type { DeterminationDraft } from '../../shared/determination/schema';

const MEDICARE = new Set(['medicare', 'medicare-advantage']);
/** Recommendations whose reasons are not unmet criteria of the member's case. */
const NOT_UNMET = new Set(['approve', 'partially-approve', 'cms-policy-supersedes', 'out-of-scope', 'benefit-plan-decides']);

export function unmetCriteriaByCode(evaluation: Evaluation): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of evaluation.codes) out[c.code] = NOT_UNMET.has(c.recommendation) ? [] : c.reasons.map((r) => r.criterionId);
  return out;
}

/** The evaluation as the prefill takes it, each reason carrying its guideline's title for the letter. */
export function prefillInput(evaluation: Evaluation): EvaluationInput {
  const titles = new Map(evaluation.rules.map((r) => [`${r.ruleId}@${r.version}`, r.title]));
  const unmet = unmetCriteriaByCode(evaluation);
  return {
    codes: evaluation.codes.map((c) => ({
      code: c.code,
      recommendation: c.recommendation,
      service: c.service,
      approvedUnits: c.approvedUnits,
      unmetCriterionIds: unmet[c.code] ?? [],
      reasons: c.reasons.map((r) => ({ ...r, guidelineTitle: titles.get(`${r.ruleId}@${r.version}`) })),
    })),
  };
}

export function addOnsOf(rules: RuleSet): AddOnRelation[] {
  return rules.coding.flatMap((f) => f.addOns.map((a) => ({ code: a.code, primaries: a.primaries })));
}

/** What the checks before signing read from an evaluation, besides the signer. */
export function checksFrom(evaluation: Evaluation, rules: RuleSet): Omit<SigningCheckInput, 'signer'> {
  return {
    addOns: addOnsOf(rules),
    unmetCriteriaByCode: unmetCriteriaByCode(evaluation),
    openCriteriaByCode: Object.fromEntries(evaluation.codes.map((c) => [c.code, c.alsoNotReviewed])),
    blockingProblems: evaluation.problems.filter((p) => p.blocksSigning),
  };
}

export function signingChecks(caseFile: CaseFile, rules: RuleSet, options: EvaluateOptions = {}): Omit<SigningCheckInput, 'signer'> {
  return checksFrom(evaluateCase(caseFile, rules, options), rules);
}

export function prefilledDraft(caseFile: CaseFile, rules: RuleSet, now: Date, options: EvaluateOptions = {}): DeterminationDraft {
  return prefillDeterminations(caseFile, prefillInput(evaluateCase(caseFile, rules, options)), now);
}

/** The case with a draft to work on: the saved one, else one prefilled from the evaluation. */
export function withDraft(caseFile: CaseFile, rules: RuleSet, now: Date, options: EvaluateOptions = {}): CaseFile {
  if (caseFile.determination || caseFile.status === 'signed') return caseFile;
  return { ...caseFile, status: caseFile.status === 'new' ? 'in-review' : caseFile.status, determination: prefilledDraft(caseFile, rules, now, options) };
}

export function decisionState(caseFile: CaseFile, rules: RuleSet, profile: ReviewerProfile | null, now: Date, options: EvaluateOptions = {}): DecisionState {
  const evaluation = evaluateCase(caseFile, rules, options);
  const unmet = unmetCriteriaByCode(evaluation);
  const suggested = prefillDeterminations(caseFile, prefillInput(evaluation), now);
  const signed = caseFile.status === 'signed';
  const draft = signed ? null : (caseFile.determination ?? suggested);
  const problems = draft ? checkBeforeSigning({ ...caseFile, determination: draft }, { signer: profile ?? undefined, ...checksFrom(evaluation, rules) }) : [];
  const notes: string[] = [];
  if (!signed && !caseFile.request.member.address?.length) notes.push('The request has no mailing address for the member: the letter will be printed without one.');
  return {
    status: caseFile.status,
    draft,
    draftSaved: Boolean(caseFile.determination),
    suggested: suggested.determinations,
    revisions: caseFile.revisions,
    problems: problems.map((p) => ({ kind: p.kind, message: p.message, ...(p.code ? { code: p.code } : {}) })),
    unmetCriteriaByCode: unmet,
    alsoNotReviewed: Object.fromEntries(evaluation.codes.filter((c) => c.alsoNotReviewed.length > 0).map((c) => [c.code, c.alsoNotReviewed])),
    notes,
    cmsPolicyApplies: caseFile.request.plan.lineOfBusiness !== undefined && MEDICARE.has(caseFile.request.plan.lineOfBusiness),
    profile,
  };
}
