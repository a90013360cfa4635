/** Builds case files and reviewer findings for the rules tests, over the real rules/ folder. */
import { fileURLToPath } from 'node:url';
import { CaseFile, type Finding } from '../../../shared/case/schema';
import type { RuleSet } from '../../../shared/rules/rule-set';
import { isGroup, leavesOf, type CriterionNode, type RuleFile } from '../../../shared/rules/schema';
import { loadRules } from '../../../main/rules/load-rules';

export const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url));

let cached: Promise<RuleSet> | undefined;
export function realRules(): Promise<RuleSet> {
  cached ??= loadRules(RULES_DIR);
  return cached;
}

export interface CaseOptions {
  codes?: { code: string; units?: number; modifiers?: string[] }[];
  diagnoses?: string[];
  dateOfService?: string;
  guidelineId?: string;
  lineOfBusiness?: 'commercial' | 'medicare-advantage' | 'medicare' | 'medicaid';
  findings?: Record<string, Partial<Finding>>;
  exceptionRequested?: boolean;
  priorRequests?: { codes: string[]; decidedOn: string; outcome: 'approved' | 'partially-approved' | 'denied' | 'withdrawn' | 'pending'; performed?: boolean; caseId?: string }[];
  customCriteria?: { id: string; text: string }[];
  /** The clinical indication the reviewer recorded (an indication id, or 'not-covered'). */
  indication?: string;
  /** The reviewer's answers to the determination checks. */
  checks?: { kind: string; code?: string; answer: 'yes' | 'no'; supportedUnits?: number; note?: string }[];
  marks?: { id: string; criterionIds: string[] }[];
  imaging?: unknown[];
  memberAddress?: string[];
}

export function buildCase(o: CaseOptions = {}): CaseFile {
  return CaseFile.parse({
    schemaVersion: 1,
    id: 'test-case',
    createdAt: '2026-11-20T09:00:00-05:00',
    updatedAt: '2026-11-20T09:00:00-05:00',
    request: {
      member: { id: 'M1', name: 'Test Member', dateOfBirth: '1970-01-02', ...(o.memberAddress ? { address: o.memberAddress } : {}) },
      plan: { name: 'Test Plan', lineOfBusiness: o.lineOfBusiness ?? 'commercial' },
      requestingProvider: { name: 'Dr Test', npi: '1234567893' },
      codes: (o.codes ?? [{ code: '63650', units: 2 }]).map((c) => ({ units: 1, ...c })),
      diagnoses: (o.diagnoses ?? ['M96.1', 'M54.16', 'G89.29']).map((code) => ({ code })),
      dateOfService: o.dateOfService ?? '2026-12-07',
      receivedAt: '2026-11-19T14:05:00-05:00',
      urgency: 'standard',
      guidelineId: o.guidelineId ?? 'CMM-211',
      exceptionRequested: o.exceptionRequested ?? false,
      priorRequests: o.priorRequests ?? [],
    },
    findings: o.findings ?? {},
    ...(o.indication ? { indication: { id: o.indication } } : {}),
    imaging: o.imaging ?? [],
    checks: o.checks ?? [],
    marks: (o.marks ?? []).map((m) => ({
      ...m, kind: 'text', docSha256: 'a'.repeat(64), page: 1, rects: [], quote: 'q', createdAt: '2026-11-20T09:00:00-05:00', createdBy: 'dr.test',
    })),
    customCriteria: (o.customCriteria ?? []).map((c) => ({ ...c, createdAt: '2026-11-20T09:00:00-05:00', createdBy: 'dr.test' })),
  });
}

/** A value that satisfies a fact's threshold. */
function passingValue(op: string, threshold: number): number {
  return op === '>' ? threshold + 1 : op === '<' ? threshold - 1 : threshold;
}

/** Findings marking every leaf of the rule files met (facts at their threshold), then the overrides. */
export function allMet(files: RuleFile[], overrides: Record<string, Partial<Finding>> = {}): Record<string, Partial<Finding>> {
  const out: Record<string, Partial<Finding>> = {};
  for (const f of files) {
    for (const leaf of leavesOf(f.criteria)) {
      out[leaf.id] = leaf.fact ? { status: 'met', facts: { [leaf.fact.name]: passingValue(leaf.fact.op, leaf.fact.threshold) } } : { status: 'met' };
    }
  }
  return { ...out, ...overrides };
}

/** The version of a rule in effect on a date, from the real rules. */
export function ruleVersion(rules: RuleSet, id: string, date: string): RuleFile {
  const r = rules.ruleFiles.find((x) => x.id === id && x.effectiveFrom <= date && (x.effectiveTo === undefined || date <= x.effectiveTo));
  if (!r) throw new Error(`no ${id} in effect on ${date}`);
  return r;
}

export function leafIds(node: CriterionNode): string[] {
  return isGroup(node) ? node.children.flatMap(leafIds) : [node.id];
}
