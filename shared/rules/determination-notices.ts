/**
 * The notices that tell the director which determination rule bears on the case: CMS precedence,
 * an exception request, a clinical trial, a law, an experimental use a diagnosis suggests, a code
 * or an indication out of scope. They inform; the recommendation itself is decided in evaluate-case.
 */
import type { CaseFile } from '../case/schema';
import type { CaseCriteria, Notice, RuleResult } from './evaluation';
import type { CheckAnswers } from './review-checks';
import type { AppliesWhen, RuleFile } from './schema';

export interface NoticeInput {
  caseFile: CaseFile;
  preface: RuleFile | undefined;
  checks: CheckAnswers;
  conditions: ReadonlySet<AppliesWhen>;
  results: readonly { rule: RuleFile; result: RuleResult }[];
  outOfScope: CaseCriteria['outOfScope'];
  notCovered: boolean;
  /** CMS precedence applied (Medicare or Medicare Advantage, unless switched off). */
  medicare: boolean;
  medicareMember: boolean;
}

export function determinationNotices({ caseFile, preface, checks, conditions, results, outOfScope, notCovered, medicare, medicareMember }: NoticeInput): Notice[] {
  const { request } = caseFile;
  const out: Notice[] = [];
  const outOfScopeRule = preface?.determinationRules.find((d) => d.kind === 'out-of-scope');
  if (medicare) {
    const det = preface?.determinationRules.find((d) => d.kind === 'cms-policy-supersedes');
    out.push({ kind: 'cms-policy-supersedes', message: `The member is enrolled in ${request.plan.lineOfBusiness === 'medicare' ? 'Medicare' : 'Medicare Advantage'}: CMS coverage policies supersede the guideline; decide under the applicable CMS coverage policy.`, ...(det ? { source: det.source } : {}) });
  }
  if (conditions.has('exception-requested')) {
    const det = preface?.determinationRules.find((d) => d.kind === 'exception-request');
    out.push({ kind: 'exception-requested', message: 'The provider asks for an exception to the guideline: the records must show the current clinical status and why the exception is needed; the director weighs the request on those records.', ...(det ? { source: det.source } : {}) });
  }
  if (checks.yes('clinical-trial')) {
    const det = checks.rule('clinical-trial')?.determination;
    out.push({ kind: 'clinical-trial', message: medicareMember
      ? 'A clinical trial request for a Medicare member: if it is a CMS-approved trial under Coverage with Evidence Development, CMS requires coverage (answer the check below).'
      : 'A clinical trial request: check the health plan\'s coverage of clinical trials first; the guideline\'s criteria apply where the plan requires them.', ...(det ? { source: det.source } : {}) });
  }
  if (checks.yes('legislative-mandate')) {
    const det = checks.rule('legislative-mandate')?.determination;
    const law = checks.answer('legislative-mandate')?.note.trim();
    out.push({ kind: 'legislative-mandate', message: `State or federal law bears on this request${law ? ` (${law})` : ''}: decide under it, and give it as the rationale where it departs from the criteria.`, ...(det ? { source: det.source } : {}) });
  }
  for (const a of results) {
    for (const x of a.result.experimental.filter((e) => e.status === 'flagged')) {
      out.push({ kind: 'experimental-suspected', message: `Diagnosis ${x.matchedDiagnoses.join(', ')} suggests a use the guideline calls experimental, investigational, or unproven (${x.text}). A diagnosis code alone does not decide it: confirm it, or rule it out, in the checks below.`, source: a.rule.source });
    }
  }
  for (const o of outOfScope) {
    out.push({ kind: 'out-of-scope', message: o.reviewedUnder
      ? `${o.code} is not reviewed under ${request.guidelineId}; it is reviewed under ${o.reviewedUnder}.`
      : `${o.code} is not a code ${request.guidelineId} reviews; the request for it is redirected to the health plan.` });
  }
  if (notCovered) {
    out.push({ kind: 'indication', message: `The indication recorded is not one ${request.guidelineId} covers: ${outOfScopeRule?.text ?? 'the request is redirected to the health plan.'}`, ...(outOfScopeRule ? { source: outOfScopeRule.source } : {}) });
  }
  return out;
}
