/**
 * evaluateCase: the recommendation per requested code, from the guideline versions in effect on
 * the date of service, the reviewer's findings, the recorded indication, the determination checks,
 * the coding rules and the Preface's determination rules. Pure: same case and rules, same result.
 *
 * Decisive failures decide: a failed guideline tree gives its outcomeWhenNotMet and a failed Preface
 * or clinical-information requirement gives cannot-establish as soon as they fail, whatever is still
 * unreviewed; what was not needed is listed per code as "also not reviewed".
 */
import { NOT_COVERED_INDICATION, type CaseFile } from '../case/schema';
import { checkCoding, SEED_001 } from '../coding/check-coding';
import type { EarlierRequest } from '../intake/find-related-requests';
import { criteriaForCase, CUSTOM_RULE_ID } from './criteria-for-case';
import { blockingLeaves, evaluatedLeaves, evaluateCriteria, openLeaves, type CriteriaContext } from './evaluate-criteria';
import type {
  CaseCriteria, CodeEvaluation, CodingFinding, Evaluation, ExperimentalCheck, IndicationResult, NodeResult, Notice, OpenItem, Reason, Recommendation, ReviewProblem, RuleResult,
} from './evaluation';
import type { RuleSet } from './rule-set';
import { decideImagingLeaf, IMAGING_LEAF_ID } from '../imaging/reconcile-imaging';
import { checkCaseNames, knownNames } from './check-case-names';
import { reviewChecks, type CheckAnswers } from './review-checks';
import { sequentialRequests } from './sequential-requests';
import { determinationNotices } from './determination-notices';
import { leavesOf, type AppliesWhen, type DeterminationRuleKind, type RuleFile } from './schema';

export { criteriaForCase } from './criteria-for-case';

export interface EvaluateOptions {
  /**
   * For Medicare and Medicare Advantage members CMS coverage policy supersedes the guidelines (Preface);
   * set false to see what the guideline alone would recommend.
   */
  applyCmsPrecedence?: boolean;
  /** The member's other requests in the store (shared/intake/find-related-requests.ts), besides those the case lists. */
  earlierRequests?: readonly EarlierRequest[];
}

const MEDICARE = new Set(['medicare', 'medicare-advantage']);
const OP_WORDS: Record<string, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than', '==': 'exactly' };

function diagnosisMatches(hints: string[], diagnoses: string[]): string[] {
  return diagnoses.filter((d) => hints.some((h) => d.toUpperCase().startsWith(h.toUpperCase())));
}

function evaluateRule(rule: RuleFile, codes: string[], caseFile: CaseFile, ctx: CriteriaContext): RuleResult {
  const tree = evaluateCriteria(rule.criteria, ctx);
  const dx = caseFile.request.diagnoses.map((d) => d.code);
  // A diagnosis code only proposes an experimental use; the reviewer's finding confirms or rules it out.
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
  if (leaf.fact?.value !== undefined && leaf.status === 'not-met' && leaf.decidedBy === 'fact') {
    sentence += ` The records show ${leaf.fact.value} ${leaf.fact.unit}; the guideline requires ${OP_WORDS[leaf.fact.op]} ${leaf.fact.threshold} ${leaf.fact.unit}.`;
  }
  const remedy = leaf.remedy ?? def?.remedy;
  return {
    guidelineId: rule.guidelineId, ruleId: rule.id, version: rule.version, criterionId: leaf.id,
    text: leaf.text, letterSentence: sentence, ...(remedy ? { remedy } : {}), source: def?.source ?? rule.source,
  };
}

/** A coding finding as a reason: it rests on the Preface's coding rules, so it is cited under the Preface applied. */
function codingReason(preface: RuleFile | undefined, f: CodingFinding): Reason {
  return {
    guidelineId: preface?.guidelineId ?? 'CMM.PRF', ruleId: preface?.id ?? 'CMM.PRF', version: preface?.version ?? '', criterionId: `coding.${f.kind}`,
    text: f.message, letterSentence: f.letterSentence,
    remedy: 'A corrected request whose procedure codes describe the planned procedure as it is typically performed.',
    source: f.source,
  };
}

function ruleReason(rule: RuleFile | undefined, kind: DeterminationRuleKind, extra?: string): Reason[] {
  const det = rule?.determinationRules.find((d) => d.kind === kind);
  if (!rule || !det) return [];
  return [{
    guidelineId: rule.guidelineId, ruleId: rule.id, version: rule.version, criterionId: `${rule.id}.${kind}`,
    text: det.text, letterSentence: extra ? `${det.letterSentence} ${extra}` : det.letterSentence,
    ...(det.remedy ? { remedy: det.remedy } : {}), source: det.source,
  }];
}

interface Decided {
  recommendation: Recommendation;
  reasons: Reason[];
  decidedUnder: string[];
  approvedUnits?: number;
}

export function evaluateCase(caseFile: CaseFile, rules: RuleSet, options: EvaluateOptions = {}): Evaluation {
  const criteria: CaseCriteria = criteriaForCase(caseFile, rules);
  const notices: Notice[] = [...criteria.notices];
  const errors = [...criteria.errors];
  const { request } = caseFile;
  const medicareMember = request.plan.lineOfBusiness !== undefined && MEDICARE.has(request.plan.lineOfBusiness);
  const medicare = medicareMember && options.applyCmsPrecedence !== false;
  const ruleFiles = criteria.rules.map((r) => r.rule);
  const prefaceFile = ruleFiles.find((r) => r.role === 'preface');
  const guidelineCodes = [...new Set(criteria.rules.filter((r) => r.rule.role === 'guideline').flatMap((r) => r.codes))];

  const checks: CheckAnswers = reviewChecks(caseFile, ruleFiles, { medicare: medicareMember, codes: guidelineCodes });
  const known = knownNames(ruleFiles, caseFile, medicareMember);
  const problems: ReviewProblem[] = errors.length > 0 ? [] : checkCaseNames(caseFile, known);

  // The indication the reviewer recorded; one the rules do not know is reported above and not applied.
  const recorded = caseFile.indication?.id !== undefined && known.indications.has(caseFile.indication.id) ? caseFile.indication.id : undefined;
  const notCovered = recorded === NOT_COVERED_INDICATION;

  const sequential = sequentialRequests(caseFile, rules.codeFamilies, options.earlierRequests, prefaceFile?.determinationRules.find((d) => d.kind === 'sequential-requests')?.source);
  notices.push(...sequential.notices);
  const conditions = new Set<AppliesWhen>(sequential.conditions);
  if (checks.yes('exception-request')) conditions.add('exception-requested');

  // Recorded imaging studies decide the Preface's imaging leaf (the reviewer's stricter finding still stands).
  const liveMarkIds = new Set(caseFile.marks.filter((m) => !m.removed).map((m) => m.id));
  const imaging = decideImagingLeaf(caseFile.imaging, caseFile.findings[IMAGING_LEAF_ID]?.status, { liveMarkIds });
  const ctx: CriteriaContext = {
    findings: caseFile.findings,
    conditions,
    ...(imaging ? { decided: { [IMAGING_LEAF_ID]: imaging } } : {}),
    ...(recorded && !notCovered ? { indication: recorded } : {}),
    leafContext: sequential.leafContext,
  };
  const applied = criteria.rules.map(({ rule, codes }) => ({ rule, result: evaluateRule(rule, codes, caseFile, ctx) }));
  const preface = applied.find((a) => a.rule.role === 'preface')?.rule;
  const general = applied.filter((a) => a.rule.role !== 'guideline');

  for (const a of applied) {
    for (const leaf of evaluatedLeaves(a.result.tree).filter((l) => l.problem === 'value-missing')) {
      problems.push({
        kind: 'value-missing', where: `findings.${leaf.id}.facts.${leaf.fact!.name}`, blocksSigning: true,
        message: `"${leaf.text}" is marked met, but its value (${leaf.fact!.label}, ${leaf.fact!.unit}) is not recorded: enter the value the records show, or change the finding.`,
        expected: `a number of ${leaf.fact!.unit}, ${OP_WORDS[leaf.fact!.op]} ${leaf.fact!.threshold} to be met`,
      });
    }
  }
  if (checks.yes('legislative-mandate') && !checks.answer('legislative-mandate')?.note.trim()) {
    problems.push({ kind: 'check-note-missing', where: 'checks.legislative-mandate.note', blocksSigning: true, message: 'A state or federal law applies: name it in the check\'s note before signing.' });
  }

  const outOfScopeRule = preface?.determinationRules.find((d) => d.kind === 'out-of-scope');
  notices.push(...determinationNotices({ caseFile, preface, checks, conditions, results: applied, outOfScope: criteria.outOfScope, notCovered, medicare, medicareMember }));

  // With gaps (criteria.errors) the coding checks wait too: they need the units and the date of service.
  let codingFindings: CodingFinding[] = errors.length > 0 || !request.dateOfService ? [] : checkCoding({ codes: request.codes.map((c) => ({ ...c, units: c.units ?? 0 })), dateOfService: request.dateOfService, coding: rules.coding, ncci: rules.ncci });
  const codingRulesInEffect = preface?.determinationRules.some((d) => d.kind === 'coding') ?? false;
  if (!codingRulesInEffect && codingFindings.some((f) => f.severity === 'denies')) {
    codingFindings = codingFindings.map((f) => ({ ...f, severity: 'advisory' as const }));
    notices.push({ kind: 'coding-advisory', message: `The coding rules were added to the Preface in CMM.PRF v1.0.2026 (effective 2026-08-04); on ${request.dateOfService} the coding findings are advisory and do not decide the codes.` });
  }

  const addOnPrimaries = new Map(rules.coding.flatMap((f) => f.addOns.map((a) => [a.code, a.primaries] as const)));
  const requestedCodes = new Set(request.codes.map((c) => c.code));
  const checkReason = (kind: 'contingency-codes' | 'units-levels' | 'benefit-plan-precedence' | 'cms-approved-trial', extra?: string) => {
    const asked = checks.rule(kind);
    return asked ? ruleReason(asked.rule, asked.determination.kind, extra) : [];
  };

  const decide = (code: string, units: number): Decided => {
    const owners = applied.filter((a) => a.rule.role === 'guideline' && a.result.codes.includes(code));
    const decidedUnder = [...general, ...owners].map((a) => `${a.rule.id}@${a.rule.version}`);
    if (errors.length > 0) return { recommendation: 'incomplete', reasons: [], decidedUnder: [] };
    // Benefits, coverage policies and eligibility issues may take precedence over the guidelines (Preface).
    if (checks.yes('benefit-plan-precedence')) {
      const note = checks.answer('benefit-plan-precedence')?.note.trim();
      return { recommendation: 'benefit-plan-decides', reasons: checkReason('benefit-plan-precedence', note ? `Here: ${note}` : undefined), decidedUnder };
    }
    if (medicare) {
      if (checks.yes('cms-approved-trial')) return { recommendation: 'approve', reasons: checkReason('cms-approved-trial'), decidedUnder };
      return { recommendation: 'cms-policy-supersedes', reasons: ruleReason(preface, 'cms-policy-supersedes'), decidedUnder };
    }
    const scope = criteria.outOfScope.find((o) => o.code === code);
    if (scope) {
      // The Preface's rule is about indications; for a code the guideline does not review at all, the sentence says so.
      const sentence = `Procedure code ${code} is not one this guideline reviews${scope.reviewedUnder ? ` (it is reviewed under guideline ${scope.reviewedUnder})` : ''}, so the request for it is sent to your health plan to decide.`;
      return { recommendation: 'out-of-scope', reasons: ruleReason(preface, 'out-of-scope').map((r) => ({ ...r, letterSentence: sentence })), decidedUnder: [] };
    }
    if (notCovered && owners.length > 0) {
      return { recommendation: 'out-of-scope', reasons: ruleReason(preface, 'out-of-scope'), decidedUnder };
    }
    const confirmed = owners.flatMap((a) => a.result.experimental.filter((e) => e.status === 'confirmed').map((e) => ({ a, e })));
    if (confirmed.length > 0) {
      return {
        recommendation: 'experimental',
        reasons: confirmed.map(({ a, e }) => {
          const use = a.rule.experimentalUses.find((u) => u.id === e.id)!;
          return { guidelineId: a.rule.guidelineId, ruleId: a.rule.id, version: a.rule.version, criterionId: use.id, text: use.text, letterSentence: use.letterSentence, remedy: use.remedy, source: use.source };
        }),
        decidedUnder,
      };
    }
    if (checks.yes('contingency-codes', code)) return { recommendation: 'coding', reasons: checkReason('contingency-codes'), decidedUnder };
    const denying = codingFindings.filter((f) => f.code === code && f.severity === 'denies');
    if (denying.length > 0) return { recommendation: 'coding', reasons: denying.map((f) => codingReason(preface, f)), decidedUnder };
    if (owners.length === 0) {
      // Not encoded and no reviewer-added criteria: nothing to decide the code on yet.
      return { recommendation: 'incomplete', reasons: [], decidedUnder };
    }
    const relevant = [...general, ...owners];
    const reasonsOf = (list: typeof relevant) => list.flatMap((a) => reasonLeaves(a.result.tree).map((leaf) => leafReason(a.rule, leaf)));
    const failedOwners = owners.filter((a) => a.result.status === 'not-met');
    if (failedOwners.length > 0) {
      const outcome = failedOwners.some((a) => a.rule.outcomeWhenNotMet.outcome === 'experimental') ? 'experimental'
        : failedOwners.some((a) => a.rule.outcomeWhenNotMet.outcome === 'not-medically-necessary') ? 'not-medically-necessary' : 'cannot-establish';
      // The guideline's unmet criteria first, then any Preface or documentation requirement also failed.
      const reasons = [...reasonsOf(failedOwners), ...reasonsOf(relevant.filter((a) => !failedOwners.includes(a)))];
      return { recommendation: outcome, reasons: [...reasons, ...(outcome === 'experimental' ? ruleReason(preface, 'experimental') : [])], decidedUnder };
    }
    const failed = relevant.filter((a) => a.result.status === 'not-met' || a.result.status === 'not-documented');
    if (failed.length > 0) return { recommendation: 'cannot-establish', reasons: reasonsOf(failed), decidedUnder };
    const flagged = owners.some((a) => a.result.experimental.some((e) => e.status === 'flagged'));
    const unitsAnswer = checks.answer('units-levels', code);
    const unitsOpen = unitsAnswer?.answer === 'no' && unitsAnswer.supportedUnits === undefined;
    if (flagged || unitsOpen || relevant.some((a) => a.result.status === 'unreviewed')) return { recommendation: 'incomplete', reasons: [], decidedUnder };
    if (unitsAnswer?.answer === 'no' && unitsAnswer.supportedUnits !== undefined && unitsAnswer.supportedUnits < units) {
      const n = unitsAnswer.supportedUnits;
      const extra = `The records support ${n} of the ${units} units or levels requested.`;
      return n > 0
        ? { recommendation: 'partially-approve', approvedUnits: n, reasons: checkReason('units-levels', extra), decidedUnder }
        : { recommendation: 'coding', reasons: checkReason('units-levels', extra), decidedUnder };
    }
    return { recommendation: 'approve', reasons: [], decidedUnder };
  };

  const decided = new Map(request.codes.map((line) => [line.code, decide(line.code, line.units ?? 1)]));

  // The authorization of an add-on code follows the decision on its primary code (Preface, Primary Procedure Not Authorized).
  const FINAL = new Set<Recommendation>(['not-medically-necessary', 'cannot-establish', 'experimental', 'coding', 'out-of-scope']);
  if (errors.length === 0 && !medicare) {
    for (const line of request.codes) {
      const primaries = (addOnPrimaries.get(line.code) ?? []).filter((p) => requestedCodes.has(p));
      if (primaries.length === 0) continue;
      const outcomes = primaries.map((p) => ({ code: p, d: decided.get(p)! }));
      const chosen = outcomes.find((o) => o.d.recommendation === 'approve' || o.d.recommendation === 'partially-approve') ?? outcomes.find((o) => o.d.recommendation === 'incomplete') ?? outcomes[0]!;
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
      } else if (own.recommendation !== 'coding' && chosen.d.recommendation !== 'partially-approve') {
        decided.set(line.code, chosen.d);
      }
    }
  }

  const serviceOf = (code: string): string | undefined => {
    for (const a of applied.filter((x) => x.rule.role === 'guideline' && x.rule.id !== CUSTOM_RULE_ID)) {
      const m = [...a.rule.appliesTo.codes, ...a.rule.appliesTo.companionCodes].find((c) => c.code === code && a.result.codes.includes(code));
      if (m) return m.serviceName;
    }
    return undefined;
  };

  const alsoNotReviewed = (code: string): OpenItem[] => {
    const owners = applied.filter((a) => a.rule.role === 'guideline' && a.result.codes.includes(code));
    const items: OpenItem[] = [];
    for (const a of [...general, ...owners]) {
      for (const leaf of openLeaves(a.result.tree)) {
        items.push({ id: leaf.id, ruleId: a.rule.id, text: leaf.text, ...(leaf.problem === 'value-missing' ? { why: `marked met without the value (${leaf.fact!.label})` } : {}) });
      }
      for (const e of a.result.experimental.filter((x) => x.status === 'flagged')) {
        items.push({ id: e.id, ruleId: a.rule.id, text: e.text, why: `suggested by diagnosis ${e.matchedDiagnoses.join(', ')}: confirm or rule out` });
      }
    }
    const units = checks.answer('units-levels', code);
    const asked = checks.rule('units-levels');
    if (units?.answer === 'no' && units.supportedUnits === undefined && asked) {
      items.push({ id: 'units-levels', ruleId: asked.rule.id, text: asked.determination.check!.question, why: 'answered no: give the number of units the records support' });
    }
    return items;
  };

  const codes: CodeEvaluation[] = request.codes.map((line) => {
    const d = decided.get(line.code)!;
    const service = serviceOf(line.code);
    return {
      code: line.code,
      units: line.units ?? 0,
      recommendation: d.recommendation,
      decidedUnder: d.decidedUnder,
      ...(service ? { service } : {}),
      ...(d.approvedUnits !== undefined ? { approvedUnits: d.approvedUnits } : {}),
      reasons: dedupeReasons(d.reasons),
      alsoNotReviewed: errors.length > 0 ? [] : alsoNotReviewed(line.code),
    };
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
    problems,
    checks: checks.results,
    indication: indicationResult(applied.map((a) => a.rule), applied.map((a) => a.result), recorded, outOfScopeRule?.text),
  };
}

function indicationResult(files: RuleFile[], results: RuleResult[], recorded: string | undefined, notCoveredMeans: string | undefined): IndicationResult {
  const options = new Map<string, string>();
  for (const f of files.filter((x) => x.role === 'guideline')) for (const i of f.appliesTo.indications) if (!options.has(i.id)) options.set(i.id, i.label);
  return {
    options: [...options].map(([id, label]) => ({ id, label })),
    ...(recorded ? { recorded } : {}),
    proposed: [...new Set(results.flatMap((r) => r.suggestedIndications))],
    ...(notCoveredMeans ? { notCoveredMeans } : {}),
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
