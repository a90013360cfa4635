/**
 * evaluateCase: the recommendation per requested code, from the guideline versions in effect on
 * the date of service, the reviewer's findings, the coding rules and the Preface's determination
 * rules (CMS precedence, out of scope, experimental). Pure: same case and rules, same result.
 */
import type { CaseFile } from '../case/schema';
import { checkCoding, SEED_001 } from '../coding/check-coding';
import { criteriaForCase, CUSTOM_RULE_ID } from './criteria-for-case';
import { blockingLeaves, evaluateCriteria, type CriteriaContext } from './evaluate-criteria';
import type {
  CaseCriteria, CodeEvaluation, CodingFinding, Evaluation, ExperimentalCheck, NodeResult, Notice, Reason, Recommendation, RuleResult,
} from './evaluation';
import type { RuleSet } from './rule-set';
import { decideImagingLeaf, IMAGING_LEAF_ID } from '../imaging/reconcile-imaging';
import { leavesOf, type AppliesWhen, type DeterminationRuleKind, type RuleFile } from './schema';

export { criteriaForCase } from './criteria-for-case';

export interface EvaluateOptions {
  /**
   * For Medicare and Medicare Advantage members CMS coverage policy supersedes the guidelines (Preface);
   * set false to see what the guideline alone would recommend.
   */
  applyCmsPrecedence?: boolean;
}

const MEDICARE = new Set(['medicare', 'medicare-advantage']);
const APPROVED = new Set(['approved', 'partially-approved']);
const OP_WORDS: Record<string, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than', '==': 'exactly' };

function requestConditions(caseFile: CaseFile): Set<AppliesWhen> {
  const out = new Set<AppliesWhen>();
  const r = caseFile.request;
  if (r.exceptionRequested) out.add('exception-requested');
  for (const p of r.priorRequests) {
    if (!APPROVED.has(p.outcome)) continue;
    // Unknown performance is treated as performed: the usual sequential request; the reviewer can mark otherwise.
    out.add(p.performed === false ? 'prior-authorized-not-performed' : 'prior-authorized-performed');
  }
  return out;
}

function diagnosisMatches(hints: string[], diagnoses: string[]): string[] {
  return diagnoses.filter((d) => hints.some((h) => d.toUpperCase().startsWith(h.toUpperCase())));
}

function evaluateRule(rule: RuleFile, codes: string[], caseFile: CaseFile, ctx: CriteriaContext): RuleResult {
  const tree = evaluateCriteria(rule.criteria, ctx);
  const dx = caseFile.request.diagnoses.map((d) => d.code);
  const experimental: ExperimentalCheck[] = rule.experimentalUses.map((use) => {
    const matched = diagnosisMatches(use.icd10Hints, dx);
    const reviewer = caseFile.findings[use.id]?.status;
    const status = reviewer === 'met' ? 'confirmed'
      : reviewer === 'not-met' || reviewer === 'not-applicable' ? 'ruled-out'
      : matched.length > 0 ? 'flagged' : 'not-flagged';
    return { id: use.id, text: use.text, status, matchedDiagnoses: matched };
  });
  return {
    ruleId: rule.id,
    guidelineId: rule.guidelineId,
    role: rule.role,
    title: rule.title,
    version: rule.version,
    effectiveFrom: rule.effectiveFrom,
    ...(rule.effectiveTo !== undefined ? { effectiveTo: rule.effectiveTo } : {}),
    source: rule.source,
    codes: rule.role === 'guideline' ? codes : [],
    status: tree.status,
    tree,
    experimental,
    suggestedIndications: rule.appliesTo.indications.filter((i) => diagnosisMatches(i.icd10Hints, dx).length > 0).map((i) => i.id),
  };
}

/** In an any-group of indications, once one indication is established only its unmet criteria are reasons. */
function reasonLeaves(result: NodeResult): NodeResult[] {
  if (result.status === 'met' || result.status === 'not-applicable') return [];
  if (result.kind === 'leaf') return blockingLeaves(result);
  const failing = (result.children ?? []).filter((c) => c.status !== 'met' && c.status !== 'not-applicable');
  if (result.kind !== 'all') {
    const established = failing.filter((c) => hasMetIndication(c));
    if (established.length > 0) return established.flatMap(reasonLeaves);
  }
  return failing.flatMap(reasonLeaves);
}

function hasMetIndication(node: NodeResult): boolean {
  if (node.kind === 'leaf') return node.indication !== undefined && node.status === 'met';
  return (node.children ?? []).some(hasMetIndication);
}

function leafReason(rule: RuleFile, leaf: NodeResult): Reason {
  const def = leavesOf(rule.criteria).find((l) => l.id === leaf.id);
  let sentence = leaf.letterSentence ?? def?.notMetSentence ?? leaf.text;
  if (leaf.fact?.value !== undefined && leaf.status === 'not-met') {
    sentence += ` The records show ${leaf.fact.value} ${leaf.fact.unit}; the guideline requires ${OP_WORDS[leaf.fact.op]} ${leaf.fact.threshold} ${leaf.fact.unit}.`;
  }
  return {
    guidelineId: rule.guidelineId, ruleId: rule.id, version: rule.version, criterionId: leaf.id,
    text: leaf.text, letterSentence: sentence, source: def?.source ?? rule.source,
  };
}

/** A coding finding as a reason: it rests on the Preface's coding rules, so it is cited under the Preface applied. */
function codingReason(preface: RuleFile | undefined, f: CodingFinding): Reason {
  return {
    guidelineId: preface?.guidelineId ?? 'CMM.PRF', ruleId: preface?.id ?? 'CMM.PRF', version: preface?.version ?? '', criterionId: `coding.${f.kind}`,
    text: f.message, letterSentence: f.letterSentence, source: f.source,
  };
}

function determinationReason(preface: RuleFile | undefined, kind: DeterminationRuleKind, extra?: string): Reason[] {
  const rule = preface?.determinationRules.find((d) => d.kind === kind);
  if (!preface || !rule) return [];
  return [{
    guidelineId: preface.guidelineId, ruleId: preface.id, version: preface.version, criterionId: `${preface.id}.${kind}`,
    text: rule.text, letterSentence: extra ? `${rule.letterSentence} ${extra}` : rule.letterSentence, source: rule.source,
  }];
}

export function evaluateCase(caseFile: CaseFile, rules: RuleSet, options: EvaluateOptions = {}): Evaluation {
  const criteria: CaseCriteria = criteriaForCase(caseFile, rules);
  const notices: Notice[] = [...criteria.notices];
  const errors = [...criteria.errors];
  const { request } = caseFile;
  // Recorded imaging studies decide the Preface's imaging leaf (the reviewer's stricter finding still stands).
  const liveMarkIds = new Set(caseFile.marks.filter((m) => !m.removed).map((m) => m.id));
  const imaging = decideImagingLeaf(caseFile.imaging, caseFile.findings[IMAGING_LEAF_ID]?.status, { liveMarkIds });
  const ctx: CriteriaContext = { findings: caseFile.findings, conditions: requestConditions(caseFile), ...(imaging ? { decided: { [IMAGING_LEAF_ID]: imaging } } : {}) };
  const applied = criteria.rules.map(({ rule, codes }) => ({ rule, result: evaluateRule(rule, codes, caseFile, ctx) }));
  const preface = applied.find((a) => a.rule.role === 'preface')?.rule;
  const general = applied.filter((a) => a.rule.role !== 'guideline');
  const medicare = request.plan.lineOfBusiness !== undefined && MEDICARE.has(request.plan.lineOfBusiness) && options.applyCmsPrecedence !== false;

  if (medicare) {
    const det = preface?.determinationRules.find((d) => d.kind === 'cms-policy-supersedes');
    notices.push({ kind: 'cms-policy-supersedes', message: `The member is enrolled in ${request.plan.lineOfBusiness === 'medicare' ? 'Medicare' : 'Medicare Advantage'}: CMS coverage policies supersede the guideline; decide under the applicable CMS coverage policy.`, ...(det ? { source: det.source } : {}) });
  }
  if (request.exceptionRequested) {
    const det = preface?.determinationRules.find((d) => d.kind === 'exception-request');
    notices.push({ kind: 'exception-requested', message: 'The provider asks for an exception to the guideline: the records must show the current clinical status and why the exception is needed; the director weighs the request on those records.', ...(det ? { source: det.source } : {}) });
  }
  for (const a of applied) {
    for (const x of a.result.experimental.filter((e) => e.status === 'flagged')) {
      notices.push({ kind: 'experimental-suspected', message: `Diagnosis ${x.matchedDiagnoses.join(', ')} suggests a use the guideline calls experimental, investigational, or unproven (${x.text}). Mark ${x.id} not met if the request is for another purpose.`, source: a.rule.source });
    }
  }
  for (const o of criteria.outOfScope) {
    notices.push({ kind: 'out-of-scope', message: o.reviewedUnder
      ? `${o.code} is not reviewed under ${request.guidelineId}; it is reviewed under ${o.reviewedUnder}.`
      : `${o.code} is not a code ${request.guidelineId} reviews; the request for it is redirected to the health plan.` });
  }

  // With gaps (criteria.errors) the coding checks wait too: they need the units and the date of service.
  let codingFindings: CodingFinding[] = errors.length > 0 || !request.dateOfService ? [] : checkCoding({ codes: request.codes.map((c) => ({ ...c, units: c.units ?? 0 })), dateOfService: request.dateOfService, coding: rules.coding, ncci: rules.ncci });
  const codingRulesInEffect = preface?.determinationRules.some((d) => d.kind === 'coding') ?? false;
  if (!codingRulesInEffect && codingFindings.some((f) => f.severity === 'denies')) {
    codingFindings = codingFindings.map((f) => ({ ...f, severity: 'advisory' as const }));
    notices.push({ kind: 'coding-advisory', message: `The coding rules were added to the Preface in CMM.PRF v1.0.2026 (effective 2026-08-04); on ${request.dateOfService} the coding findings are advisory and do not decide the codes.` });
  }

  const addOnPrimaries = new Map(rules.coding.flatMap((f) => f.addOns.map((a) => [a.code, a.primaries] as const)));
  const requestedCodes = new Set(request.codes.map((c) => c.code));

  const decide = (code: string): { recommendation: Recommendation; reasons: Reason[]; decidedUnder: string[] } => {
    const owners = applied.filter((a) => a.rule.role === 'guideline' && a.result.codes.includes(code));
    const decidedUnder = [...general, ...owners].map((a) => `${a.rule.id}@${a.rule.version}`);
    if (errors.length > 0) return { recommendation: 'incomplete', reasons: [], decidedUnder: [] };
    if (medicare) return { recommendation: 'cms-policy-supersedes', reasons: determinationReason(preface, 'cms-policy-supersedes'), decidedUnder };
    const scope = criteria.outOfScope.find((o) => o.code === code);
    if (scope) {
      return {
        recommendation: 'out-of-scope',
        reasons: determinationReason(preface, 'out-of-scope', scope.reviewedUnder ? `Code ${code} is reviewed under guideline ${scope.reviewedUnder}.` : undefined),
        decidedUnder: [],
      };
    }
    const eiu = owners.flatMap((a) => a.result.experimental.filter((e) => e.status === 'confirmed' || e.status === 'flagged').map((e) => ({ a, e })));
    if (eiu.length > 0) {
      return {
        recommendation: 'experimental',
        reasons: eiu.map(({ a, e }) => {
          const use = a.rule.experimentalUses.find((u) => u.id === e.id)!;
          return { guidelineId: a.rule.guidelineId, ruleId: a.rule.id, version: a.rule.version, criterionId: use.id, text: use.text, letterSentence: use.letterSentence, source: use.source };
        }),
        decidedUnder,
      };
    }
    const denying = codingFindings.filter((f) => f.code === code && f.severity === 'denies');
    if (denying.length > 0) {
      return {
        recommendation: 'coding',
        reasons: denying.map((f) => codingReason(preface, f)),
        decidedUnder,
      };
    }
    if (owners.length === 0) {
      // Not encoded and no reviewer-added criteria: nothing to decide the code on yet.
      return { recommendation: 'incomplete', reasons: [], decidedUnder };
    }
    const relevant = [...general, ...owners];
    const reasonsOf = (list: typeof relevant) => list.flatMap((a) => reasonLeaves(a.result.tree).map((leaf) => leafReason(a.rule, leaf)));
    const failedOwners = owners.filter((a) => a.result.status === 'not-met');
    if (failedOwners.length > 0) {
      const experimental = failedOwners.some((a) => a.rule.outcomeWhenNotMet.outcome === 'experimental');
      const reasons = reasonsOf(failedOwners).filter((r) => failedOwners.some((a) => a.rule.id === r.ruleId));
      return {
        recommendation: experimental ? 'experimental' : failedOwners.some((a) => a.rule.outcomeWhenNotMet.outcome === 'not-medically-necessary') ? 'not-medically-necessary' : 'cannot-establish',
        reasons: [...reasons, ...(experimental ? determinationReason(preface, 'experimental') : [])],
        decidedUnder,
      };
    }
    const reasons = reasonsOf(relevant);
    if (relevant.some((a) => a.result.status === 'unreviewed')) return { recommendation: 'incomplete', reasons, decidedUnder };
    if (relevant.some((a) => a.result.status === 'not-met' || a.result.status === 'not-documented')) {
      return { recommendation: 'cannot-establish', reasons, decidedUnder };
    }
    return { recommendation: 'approve', reasons: [], decidedUnder };
  };

  const decided = new Map(request.codes.map((line) => [line.code, decide(line.code)]));

  // The authorization of an add-on code follows the decision on its primary code (Preface, Primary Procedure Not Authorized).
  const FINAL = new Set<Recommendation>(['not-medically-necessary', 'cannot-establish', 'experimental', 'coding', 'out-of-scope']);
  if (errors.length === 0 && !medicare) {
    for (const line of request.codes) {
      const primaries = (addOnPrimaries.get(line.code) ?? []).filter((p) => requestedCodes.has(p));
      if (primaries.length === 0) continue;
      const outcomes = primaries.map((p) => ({ code: p, d: decided.get(p)! }));
      const chosen = outcomes.find((o) => o.d.recommendation === 'approve') ?? outcomes.find((o) => o.d.recommendation === 'incomplete') ?? outcomes[0]!;
      const own = decided.get(line.code)!;
      if (FINAL.has(chosen.d.recommendation)) {
        const det = preface?.determinationRules.find((d) => d.kind === 'coding');
        const src = det?.source ?? { file: SEED_001, section: 'Coding for Utilization Management (UM) Requests' };
        const finding: CodingFinding = {
          kind: 'add-on-primary-not-approved', severity: codingRulesInEffect ? 'denies' : 'advisory', code: line.code, relatedCodes: [chosen.code],
          message: `${line.code} is an add-on to ${chosen.code}, whose recommendation is ${chosen.d.recommendation}.`,
          letterSentence: `Code ${line.code} is only done together with the main procedure ${chosen.code}, which is not approved, so code ${line.code} is not medically necessary.`,
          source: { ...src, section: 'Primary Procedure Not Authorized' },
        };
        codingFindings = [...codingFindings, finding];
        decided.set(line.code, { recommendation: chosen.d.recommendation, decidedUnder: own.decidedUnder, reasons: [codingReason(preface, finding), ...chosen.d.reasons] });
      } else if (own.recommendation !== 'coding') {
        decided.set(line.code, chosen.d);
      }
    }
  }

  const codes: CodeEvaluation[] = request.codes.map((line) => {
    const d = decided.get(line.code)!;
    return { code: line.code, units: line.units ?? 0, recommendation: d.recommendation, decidedUnder: d.decidedUnder, reasons: dedupeReasons(d.reasons) };
  });

  return {
    caseId: caseFile.id,
    guidelineId: request.guidelineId ?? '',
    dateOfService: request.dateOfService ?? '',
    rules: applied.map((a) => a.result),
    codes,
    codingFindings,
    notices,
    errors,
  };
}

function dedupeReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.ruleId}|${r.version}|${r.criterionId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export { CUSTOM_RULE_ID };
