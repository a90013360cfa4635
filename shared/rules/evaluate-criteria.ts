/**
 * Criteria tree evaluation: leaves take the reviewer's finding (a structured fact, when entered,
 * decides against its threshold), groups derive their status bottom-up through all / any / atLeast.
 */
import type { CriterionStatus, NodeResult } from './evaluation';
import type { LeafDecision } from '../imaging/reconcile-imaging';
import { isGroup, type AppliesWhen, type CriterionNode, type FactSpec } from './schema';

/** The part of a case finding the engine reads. */
export interface LeafFinding {
  status?: CriterionStatus | undefined;
  facts?: Record<string, number> | undefined;
}

export interface CriteriaContext {
  findings: Readonly<Record<string, LeafFinding | undefined>>;
  /** Request conditions that switch leaves with `appliesWhen` on; absent ones make the leaf not-applicable. */
  conditions: ReadonlySet<AppliesWhen>;
  /** Leaves decided by something other than the finding (the imaging studies: shared/imaging/reconcile-imaging.ts). */
  decided?: Readonly<Record<string, LeafDecision | undefined>>;
}

export function compareFact(value: number, fact: Pick<FactSpec, 'op' | 'threshold'>): boolean {
  switch (fact.op) {
    case '>=': return value >= fact.threshold;
    case '>': return value > fact.threshold;
    case '<=': return value <= fact.threshold;
    case '<': return value < fact.threshold;
    case '==': return value === fact.threshold;
  }
}

/**
 * all: one not-met child decides; otherwise an open (unreviewed) child keeps it open,
 * then a not-documented child; not-applicable children are left out.
 * any / atLeast n: enough met children decide; it is not-met only when even the open and
 * not-documented children could not make up n.
 */
export function combineStatuses(kind: 'all' | 'any' | 'atLeast', n: number | undefined, statuses: CriterionStatus[]): CriterionStatus {
  const count = (s: CriterionStatus) => statuses.filter((x) => x === s).length;
  const met = count('met');
  const open = count('unreviewed');
  const undocumented = count('not-documented');
  const notMet = count('not-met');
  if (met + open + undocumented + notMet === 0) return 'not-applicable';
  if (kind === 'all') {
    if (notMet > 0) return 'not-met';
    if (open > 0) return 'unreviewed';
    if (undocumented > 0) return 'not-documented';
    return 'met';
  }
  const need = kind === 'any' ? 1 : (n ?? 1);
  if (met >= need) return 'met';
  if (met + open + undocumented < need) return 'not-met';
  if (open > 0) return 'unreviewed';
  return 'not-documented';
}

export function evaluateCriteria(node: CriterionNode, ctx: CriteriaContext): NodeResult {
  if (isGroup(node)) {
    const children = node.children.map((c) => evaluateCriteria(c, ctx));
    return {
      id: node.id,
      kind: node.kind,
      ...(node.n !== undefined ? { n: node.n } : {}),
      text: node.text ?? '',
      ...(node.indication !== undefined ? { indication: node.indication } : {}),
      status: combineStatuses(node.kind, node.n, children.map((c) => c.status)),
      decidedBy: 'children',
      children,
    };
  }
  const base = {
    id: node.id,
    kind: 'leaf' as const,
    text: node.text,
    ...(node.indication !== undefined ? { indication: node.indication } : {}),
  };
  const finding = ctx.findings[node.id];
  const value = node.fact ? finding?.facts?.[node.fact.name] : undefined;
  const fact = node.fact ? { ...node.fact, ...(value !== undefined ? { value } : {}) } : undefined;
  if (node.appliesWhen !== undefined && !ctx.conditions.has(node.appliesWhen)) {
    return { ...base, fact, status: 'not-applicable', decidedBy: 'request' };
  }
  const decided = ctx.decided?.[node.id];
  if (decided) {
    return { ...base, fact, status: decided.status, decidedBy: decided.decidedBy, detail: decided.detail, ...(decided.letterSentence ? { letterSentence: decided.letterSentence } : {}) };
  }
  if (node.fact && value !== undefined && Number.isFinite(value)) {
    return { ...base, fact, status: compareFact(value, node.fact) ? 'met' : 'not-met', decidedBy: 'fact' };
  }
  const status = finding?.status ?? 'unreviewed';
  return { ...base, fact, status, decidedBy: status === 'unreviewed' ? 'default' : 'reviewer' };
}

/** The leaves that keep a failing node from being met (all failing alternatives of an any group). */
export function blockingLeaves(result: NodeResult): NodeResult[] {
  if (result.status === 'met' || result.status === 'not-applicable') return [];
  if (result.kind === 'leaf') return result.status === 'not-met' || result.status === 'not-documented' ? [result] : [];
  return (result.children ?? []).flatMap(blockingLeaves);
}

/** Finds a node by id in an evaluated tree. */
export function findNode(result: NodeResult, id: string): NodeResult | undefined {
  if (result.id === id) return result;
  for (const c of result.children ?? []) {
    const hit = findNode(c, id);
    if (hit) return hit;
  }
  return undefined;
}
