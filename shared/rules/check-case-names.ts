/**
 * Nothing mistyped slips through: every criterion id, fact name, mark id, code, check and
 * indication a case file names is checked against the rules applied on its date of service, and
 * each one that is not known becomes a problem naming where it is, what was expected and the
 * nearest known name. All problems at once, so one pass fixes the file. The API handlers use the
 * same checks on a single change before it is saved.
 */
import { NOT_COVERED_INDICATION, type CaseFile, type CheckAnswer } from '../case/schema';
import { nearestKnownId } from '../validation/nearest-id';
import { criteriaForCase } from './criteria-for-case';
import type { ReviewProblem } from './evaluation';
import type { RuleSet } from './rule-set';
import { leavesOf, PER_CODE_CHECKS, type CheckKind, type CriterionLeaf, type RuleFile } from './schema';

export interface KnownNames {
  /** "the date of service" in messages while the request has none yet (a gap). */
  dateOfService: string;
  /** Leaf criteria and experimental uses a finding may be recorded on, by id. */
  criteria: Map<string, { leaf?: CriterionLeaf; ruleId: string }>;
  indications: Set<string>;
  /** Check kinds the rules ask. */
  checks: Set<CheckKind>;
  codes: Set<string>;
}

export function knownNames(rules: readonly RuleFile[], caseFile: CaseFile, medicare: boolean): KnownNames {
  const criteria = new Map<string, { leaf?: CriterionLeaf; ruleId: string }>();
  const indications = new Set<string>([NOT_COVERED_INDICATION]);
  const checks = new Set<CheckKind>();
  for (const r of rules) {
    for (const leaf of leavesOf(r.criteria)) criteria.set(leaf.id, { leaf, ruleId: r.id });
    for (const u of r.experimentalUses) criteria.set(u.id, { ruleId: r.id });
    if (r.role === 'guideline') for (const i of r.appliesTo.indications) indications.add(i.id);
    for (const d of r.determinationRules) if (d.check) checks.add(d.check.kind);
  }
  if (!medicare) checks.delete('cms-approved-trial');
  return { dateOfService: caseFile.request.dateOfService ?? 'the date of service', criteria, indications, checks, codes: new Set(caseFile.request.codes.map((c) => c.code)) };
}

/** The names a case may use: those of the rules applied to it on its date of service. */
export function knownNamesForCase(caseFile: CaseFile, rules: RuleSet): KnownNames {
  const line = caseFile.request.plan.lineOfBusiness;
  return knownNames(criteriaForCase(caseFile, rules).rules.map((r) => r.rule), caseFile, line === 'medicare' || line === 'medicare-advantage');
}

type Problem = Omit<ReviewProblem, 'blocksSigning'>;
const quoted = (s: string) => `"${s}"`;
const soft = (p: Problem): ReviewProblem => ({ ...p, blocksSigning: false });

/** Criterion ids (of a finding, or linked from a mark) the rules in effect do not know. */
export function criterionIdProblems(known: KnownNames, ids: readonly string[], where: (i: number) => string): ReviewProblem[] {
  const all = [...known.criteria.keys()];
  return ids.flatMap((id, i) => {
    if (known.criteria.has(id)) return [];
    const nearest = nearestKnownId(id, all);
    return [soft({
      kind: 'unknown-criterion', where: where(i),
      message: `${quoted(id)} is not a criterion of the guidelines applied on ${known.dateOfService}${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
      expected: 'a criterion id listed by `npm run cli -- rules criteria <guideline> --date <date of service>`',
      ...(nearest ? { nearest } : {}),
    })];
  });
}

/** A finding's facts and the marks that show them: the fact name must be its criterion's, the marks the case's. */
export function findingProblems(
  known: KnownNames,
  criterionId: string,
  finding: { facts?: Record<string, number> | undefined; factMarkIds?: Record<string, string[]> | undefined },
  markIds: ReadonlySet<string>,
): ReviewProblem[] {
  const where = `findings.${criterionId}`;
  const entry = known.criteria.get(criterionId);
  if (!entry) return criterionIdProblems(known, [criterionId], () => where);
  const problems: ReviewProblem[] = [];
  const factName = entry.leaf?.fact?.name;
  const facts = finding.facts ?? {};
  const factMarkIds = finding.factMarkIds ?? {};
  for (const name of new Set([...Object.keys(facts), ...Object.keys(factMarkIds)])) {
    if (name === factName) continue;
    problems.push(soft({
      kind: 'unknown-fact', where: `${where}.${name in facts ? 'facts' : 'factMarkIds'}.${name}`,
      message: factName
        ? `${criterionId} records its value as ${quoted(factName)} (${entry.leaf!.fact!.unit}), not ${quoted(name)}.`
        : `${criterionId} has no value to record (the finding alone decides it), so ${quoted(name)} is not known.`,
      expected: factName ? `the fact name ${quoted(factName)}` : 'no facts on this criterion',
      ...(factName ? { nearest: factName } : {}),
    }));
  }
  for (const [name, ids] of Object.entries(factMarkIds)) {
    ids.forEach((markId, i) => {
      if (!markIds.has(markId)) problems.push(soft({ kind: 'unknown-mark', where: `${where}.factMarkIds.${name}[${i}]`, message: `${quoted(markId)} is not a mark of this case.`, expected: 'the id of a mark in marks[] that is not removed' }));
    });
  }
  return problems;
}

/** A check answer: a kind the rules in effect ask, and a requested code exactly when the check is per code. */
export function checkAnswerProblems(known: KnownNames, c: Pick<CheckAnswer, 'kind' | 'code'>, where: string): ReviewProblem[] {
  if (!known.checks.has(c.kind)) {
    return [soft({ kind: 'unknown-check', where: `${where}.kind`, message: `The rules applied on ${known.dateOfService} do not ask ${quoted(c.kind)}.`, expected: [...known.checks].map(quoted).join(', ') || 'no checks' })];
  }
  if (PER_CODE_CHECKS.has(c.kind) && (c.code === undefined || !known.codes.has(c.code))) {
    const nearest = c.code ? nearestKnownId(c.code, known.codes) : undefined;
    return [soft({
      kind: 'unknown-code', where: `${where}.code`,
      message: c.code === undefined ? `${c.kind} is answered per requested code: name the code.` : `${quoted(c.code)} is not a requested code${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
      expected: `one of the requested codes: ${[...known.codes].join(', ')}`,
      ...(nearest ? { nearest } : {}),
    })];
  }
  if (!PER_CODE_CHECKS.has(c.kind) && c.code !== undefined) {
    return [soft({ kind: 'unknown-code', where: `${where}.code`, message: `${c.kind} is answered for the whole request, not per code.`, expected: 'no code' })];
  }
  return [];
}

export function indicationProblems(known: KnownNames, id: string): ReviewProblem[] {
  if (known.indications.has(id)) return [];
  const nearest = nearestKnownId(id, known.indications);
  return [soft({
    kind: 'unknown-indication', where: 'indication.id',
    message: `${quoted(id)} is not an indication of the guideline applied${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
    expected: [...known.indications].map(quoted).join(', '),
    ...(nearest ? { nearest } : {}),
  })];
}

export function checkCaseNames(caseFile: CaseFile, known: KnownNames): ReviewProblem[] {
  const markIds = new Set(caseFile.marks.map((m) => m.id));
  const seen = new Set<string>();
  return [
    ...Object.entries(caseFile.findings).flatMap(([id, finding]) => findingProblems(known, id, finding, markIds)),
    ...caseFile.marks.flatMap((m, i) => criterionIdProblems(known, m.criterionIds, (j) => `marks[${i}].criterionIds[${j}]`)),
    ...caseFile.checks.flatMap((c, i) => {
      const key = `${c.kind}|${c.code ?? ''}`;
      const twice: ReviewProblem[] = seen.has(key) ? [soft({ kind: 'unknown-check', where: `checks[${i}]`, message: `${c.kind}${c.code ? ` for ${c.code}` : ''} is answered twice; keep one answer.` })] : [];
      seen.add(key);
      return [...checkAnswerProblems(known, c, `checks[${i}]`), ...twice];
    }),
    ...(caseFile.indication ? indicationProblems(known, caseFile.indication.id) : []),
  ];
}
