/**
 * The determination checks: Preface rules (and guideline notes) that turn on a fact only the
 * reviewer can establish. The rule files word each question (`determinationRules[].check`); the
 * reviewer's answers live in the case file (`checks`); this module pairs them and says what each
 * answer does. A check not answered counts as "no": the panel shows it as not answered.
 */
import type { CaseFile, CheckAnswer } from '../case/schema';
import type { CheckResult } from './evaluation';
import { PER_CODE_CHECKS, type CheckKind, type DeterminationRule, type RuleFile } from './schema';

export interface CheckAnswers {
  results: CheckResult[];
  /** The answer recorded (or implied, for the exception request); undefined when not answered. */
  answer(kind: CheckKind, code?: string): CheckAnswer | undefined;
  /** The rule that asks the check, for citing it. */
  rule(kind: CheckKind): { rule: RuleFile; determination: DeterminationRule } | undefined;
  /** Answered yes. */
  yes(kind: CheckKind, code?: string): boolean;
}

const EFFECT: Record<CheckKind, { yes: string; no: string }> = {
  'benefit-plan-precedence': {
    yes: 'The health plan decides this request under the member’s benefits, coverage policy or eligibility; the guideline does not.',
    no: 'The guideline’s criteria decide.',
  },
  'clinical-trial': {
    yes: 'The health plan’s coverage of clinical trials is checked first; the guideline’s criteria apply where the plan requires them.',
    no: 'Not a clinical trial request.',
  },
  'cms-approved-trial': {
    yes: 'CMS requires coverage of procedures in a CMS-approved trial under Coverage with Evidence Development: the recommendation is to approve.',
    no: 'CMS coverage policy decides as for any Medicare request.',
  },
  'legislative-mandate': {
    yes: 'Decide under the law named here; signing needs the law named.',
    no: 'No state or federal law changes the review.',
  },
  'exception-request': {
    yes: 'The records must show the current clinical status and why the exception is asked for (a Preface criterion applies).',
    no: 'No exception to the guideline is asked for.',
  },
  'contingency-codes': {
    yes: 'A code for a contingency plan, not the current treatment plan, is not medically necessary as requested.',
    no: 'The code is part of the current treatment plan.',
  },
  'units-levels': {
    yes: 'The records support the units (or levels) requested.',
    no: 'Only the units (or levels) the records support can be approved.',
  },
};

export function reviewChecks(caseFile: CaseFile, rules: readonly RuleFile[], opts: { medicare: boolean; codes: readonly string[] }): CheckAnswers {
  const asked = new Map<CheckKind, { rule: RuleFile; determination: DeterminationRule }>();
  // A guideline's own wording of a check comes first (seed 003's note on contingency codes), then the Preface's.
  for (const rule of [...rules].sort((a, b) => Number(b.role === 'guideline') - Number(a.role === 'guideline'))) {
    for (const d of rule.determinationRules) if (d.check && !asked.has(d.check.kind)) asked.set(d.check.kind, { rule, determination: d });
  }
  if (!opts.medicare) asked.delete('cms-approved-trial');
  const recorded = (kind: CheckKind, code?: string) => caseFile.checks.find((c) => c.kind === kind && (c.code ?? undefined) === code);
  const answer = (kind: CheckKind, code?: string): CheckAnswer | undefined => {
    if (!asked.has(kind)) return undefined;
    const r = recorded(kind, code);
    if (r) return r;
    // The request form's "exception requested" is the provider's own statement: it answers the check until the reviewer does.
    if (kind === 'exception-request' && caseFile.request.exceptionRequested) return { kind, answer: 'yes', note: 'Stated on the request.' };
    return undefined;
  };
  const results: CheckResult[] = [];
  for (const [kind, { determination }] of asked) {
    const codes = PER_CODE_CHECKS.has(kind) ? opts.codes : [undefined];
    for (const code of codes) {
      const a = answer(kind, code);
      const requested = code ? caseFile.request.codes.find((c) => c.code === code)?.units : undefined;
      const question = code ? `${code}${requested !== undefined ? ` (${requested} unit${requested === 1 ? '' : 's'})` : ''}: ${determination.check!.question}` : determination.check!.question;
      results.push({
        kind,
        ...(code ? { code } : {}),
        question,
        ...(determination.check!.help ? { help: determination.check!.help } : {}),
        answer: a?.answer ?? 'unanswered',
        ...(a?.supportedUnits !== undefined ? { supportedUnits: a.supportedUnits } : {}),
        note: a?.note ?? '',
        effect: a?.answer === 'yes' ? EFFECT[kind].yes : a?.answer === 'no' ? EFFECT[kind].no : `Not answered: taken as ${kind === 'units-levels' ? 'yes' : 'no'}. ${kind === 'units-levels' ? EFFECT[kind].yes : EFFECT[kind].no}`,
        source: determination.source,
      });
    }
  }
  return {
    results,
    answer,
    rule: (kind) => asked.get(kind),
    yes: (kind, code) => answer(kind, code)?.answer === 'yes',
  };
}
