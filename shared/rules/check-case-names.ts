/**
 * Nothing mistyped slips through: every criterion id, fact name, mark id, code, check and
 * indication a case file names is checked against the rules applied on its date of service, and
 * each one that is not known becomes a problem naming where it is, what was expected and the
 * nearest known name. All problems at once, so one pass fixes the file.
 */
import { NOT_COVERED_INDICATION, type CaseFile } from '../case/schema';
import { nearestKnownName } from '../case/nearest-known-name';
import type { ReviewProblem } from './evaluation';
import { leavesOf, PER_CODE_CHECKS, type CheckKind, type CriterionLeaf, type RuleFile } from './schema';

export interface KnownNames {
  /** Leaf criteria and experimental uses a finding may be recorded on, by id. */
  criteria: Map<string, { leaf?: CriterionLeaf; ruleId: string }>;
  indications: Set<string>;
  /** Check kinds the rules ask, and whether per code. */
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
  return { criteria, indications, checks, codes: new Set(caseFile.request.codes.map((c) => c.code)) };
}

const quoted = (s: string) => `"${s}"`;

export function checkCaseNames(caseFile: CaseFile, known: KnownNames): ReviewProblem[] {
  const problems: ReviewProblem[] = [];
  const add = (p: Omit<ReviewProblem, 'blocksSigning'>) => problems.push({ ...p, blocksSigning: false });
  const criterionIds = [...known.criteria.keys()];
  const unknownCriterion = (id: string, where: string) => {
    const nearest = nearestKnownName(id, criterionIds);
    add({
      kind: 'unknown-criterion', where,
      message: `${quoted(id)} is not a criterion of the guidelines applied on ${caseFile.request.dateOfService}${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
      expected: 'a criterion id listed by `npm run cli -- rules criteria <guideline> --date <date of service>`',
      ...(nearest ? { nearest } : {}),
    });
  };
  const markIds = new Set(caseFile.marks.map((m) => m.id));

  for (const [id, finding] of Object.entries(caseFile.findings)) {
    const where = `findings.${id}`;
    const entry = known.criteria.get(id);
    if (!entry) {
      unknownCriterion(id, where);
      continue;
    }
    const factName = entry.leaf?.fact?.name;
    const factMarkIds = finding.factMarkIds ?? {};
    for (const name of new Set([...Object.keys(finding.facts), ...Object.keys(factMarkIds)])) {
      if (name === factName) continue;
      const section = name in finding.facts ? 'facts' : 'factMarkIds';
      add({
        kind: 'unknown-fact', where: `${where}.${section}.${name}`,
        message: factName
          ? `${id} records its value as ${quoted(factName)} (${entry.leaf!.fact!.unit}), not ${quoted(name)}.`
          : `${id} has no value to record (it is decided by the finding alone), so ${quoted(name)} is not known.`,
        expected: factName ? `the fact name ${quoted(factName)}` : 'no facts on this criterion',
        ...(factName ? { nearest: factName } : {}),
      });
    }
    for (const [name, ids] of Object.entries(factMarkIds)) {
      ids.forEach((markId, i) => {
        if (!markIds.has(markId)) add({ kind: 'unknown-mark', where: `${where}.factMarkIds.${name}[${i}]`, message: `${quoted(markId)} is not a mark of this case.`, expected: 'the id of a mark in marks[]' });
      });
    }
  }
  caseFile.marks.forEach((m, i) => {
    m.criterionIds.forEach((id, j) => {
      if (!known.criteria.has(id)) unknownCriterion(id, `marks[${i}].criterionIds[${j}]`);
    });
  });
  caseFile.checks.forEach((c, i) => {
    const where = `checks[${i}]`;
    if (!known.checks.has(c.kind)) {
      add({ kind: 'unknown-check', where: `${where}.kind`, message: `The rules applied on ${caseFile.request.dateOfService} do not ask ${quoted(c.kind)}.`, expected: [...known.checks].map(quoted).join(', ') || 'no checks' });
      return;
    }
    if (PER_CODE_CHECKS.has(c.kind) && (c.code === undefined || !known.codes.has(c.code))) {
      const nearest = c.code ? nearestKnownName(c.code, known.codes) : undefined;
      add({
        kind: 'unknown-code', where: `${where}.code`,
        message: c.code === undefined ? `${c.kind} is answered per requested code: name the code.` : `${quoted(c.code)} is not a requested code${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
        expected: `one of the requested codes: ${[...known.codes].join(', ')}`,
        ...(nearest ? { nearest } : {}),
      });
    } else if (!PER_CODE_CHECKS.has(c.kind) && c.code !== undefined) {
      add({ kind: 'unknown-code', where: `${where}.code`, message: `${c.kind} is answered for the whole request, not per code.`, expected: 'no code' });
    }
  });
  const ind = caseFile.indication?.id;
  if (ind !== undefined && !known.indications.has(ind)) {
    const nearest = nearestKnownName(ind, known.indications);
    add({
      kind: 'unknown-indication', where: 'indication.id',
      message: `${quoted(ind)} is not an indication of the guideline applied${nearest ? `; did you mean ${quoted(nearest)}?` : '.'}`,
      expected: [...known.indications].map(quoted).join(', '),
      ...(nearest ? { nearest } : {}),
    });
  }
  return problems;
}
