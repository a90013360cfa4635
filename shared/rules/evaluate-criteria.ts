/**
 * Criteria tree evaluation, three-valued per group: each node is met, failed (not-met or
 * not-documented) or undetermined (unreviewed). A failure decides a group whatever its unreviewed
 * siblings; the siblings are still listed (openLeaves) so the reviewer sees what was not needed.
 */
import type { CriterionStatus, NodeResult } from './evaluation';
import type { LeafDecision } from '../imaging/reconcile-imaging';
import { isGroup, type AppliesWhen, type CriterionNode, type FactSpec } from './schema';

/** The part of a case finding the engine reads. */
export interface LeafFinding {
  status?: CriterionStatus | undefined;
  facts?: Record<string, number> | undefined;
}

/** What the engine adds to a leaf from the request (e.g. the earlier request a sequential criterion is about). */
export interface LeafContext {
  detail?: string[];
  /** Appended to the leaf's not-met sentence in the letter. */
  letterSuffix?: string;
  remedy?: string;
}

export interface CriteriaContext {
  findings: Readonly<Record<string, LeafFinding | undefined>>;
  /** Request conditions that switch leaves with `appliesWhen` on; absent ones make the leaf not-applicable. */
  conditions: ReadonlySet<AppliesWhen>;
  /** Leaves decided by something other than the finding (the imaging studies: shared/imaging/reconcile-imaging.ts). */
  decided?: Readonly<Record<string, LeafDecision | undefined>>;
  /** The indication the reviewer recorded: nodes for another indication are not applicable. */
  indication?: string | undefined;
  leafContext?: Readonly<Record<string, LeafContext | undefined>>;
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

const isFailed = (s: CriterionStatus) => s === 'not-met' || s === 'not-documented';

/**
 * all: any failed child fails it (not-met if one is not met, else not-documented); otherwise an
 * unreviewed child leaves it undetermined; otherwise met. Not-applicable children are left out.
 * any / atLeast n: n met children meet it; it fails once the unreviewed children could no longer
 * make up n (not-documented when documenting the not-documented ones could, else not-met).
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
    if (undocumented > 0) return 'not-documented';
    if (open > 0) return 'unreviewed';
    return 'met';
  }
  const need = kind === 'any' ? 1 : (n ?? 1);
  if (met >= need) return 'met';
  if (met + open >= need) return 'unreviewed';
  return met + open + undocumented >= need ? 'not-documented' : 'not-met';
}

/** A reviewer's failing finding stands over a value that passes: the value shows the threshold, not the rest of the criterion. */
function leafStatus(fact: FactSpec | undefined, value: number | undefined, reviewer: CriterionStatus): { status: CriterionStatus; decidedBy: NodeResult['decidedBy']; problem?: 'value-missing' } {
  if (fact && value !== undefined && Number.isFinite(value)) {
    if (!compareFact(value, fact)) return { status: 'not-met', decidedBy: 'fact' };
    if (isFailed(reviewer)) return { status: reviewer, decidedBy: 'reviewer' };
    return { status: 'met', decidedBy: 'fact' };
  }
  // Met without the value the threshold needs is not met yet: the value is what shows it.
  if (fact && reviewer === 'met') return { status: 'unreviewed', decidedBy: 'reviewer', problem: 'value-missing' };
  return { status: reviewer, decidedBy: reviewer === 'unreviewed' ? 'default' : 'reviewer' };
}

export function evaluateCriteria(node: CriterionNode, ctx: CriteriaContext): NodeResult {
  const otherIndication = node.indication !== undefined && ctx.indication !== undefined && node.indication !== ctx.indication;
  if (isGroup(node)) {
    const children = node.children.map((c) => evaluateCriteria(c, ctx));
    return {
      id: node.id,
      kind: node.kind,
      ...(node.n !== undefined ? { n: node.n } : {}),
      text: node.text ?? '',
      ...(node.indication !== undefined ? { indication: node.indication } : {}),
      status: otherIndication ? 'not-applicable' : combineStatuses(node.kind, node.n, children.map((c) => c.status)),
      decidedBy: otherIndication ? 'indication' : 'children',
      children,
    };
  }
  const extra = ctx.leafContext?.[node.id];
  const base = {
    id: node.id,
    kind: 'leaf' as const,
    text: node.text,
    ...(node.indication !== undefined ? { indication: node.indication } : {}),
    ...(extra?.detail ? { detail: extra.detail } : {}),
    ...(extra?.letterSuffix ? { letterSentence: `${node.notMetSentence} ${extra.letterSuffix}` } : {}),
    ...(extra?.remedy ? { remedy: extra.remedy } : {}),
  };
  const finding = ctx.findings[node.id];
  const value = node.fact ? finding?.facts?.[node.fact.name] : undefined;
  const fact = node.fact ? { ...node.fact, ...(value !== undefined ? { value } : {}) } : undefined;
  if (node.appliesWhen !== undefined && !ctx.conditions.has(node.appliesWhen)) {
    return { ...base, fact, status: 'not-applicable', decidedBy: 'request' };
  }
  if (otherIndication) return { ...base, fact, status: 'not-applicable', decidedBy: 'indication' };
  const decided = ctx.decided?.[node.id];
  if (decided) {
    return {
      ...base, fact, status: decided.status, decidedBy: decided.decidedBy, detail: decided.detail,
      ...(decided.letterSentence ? { letterSentence: decided.letterSentence } : {}),
      ...(decided.remedy ? { remedy: decided.remedy } : {}),
    };
  }
  return { ...base, fact, ...leafStatus(node.fact, value, finding?.status ?? 'unreviewed') };
}

/** The leaves that keep a failing node from being met (all failing alternatives of an any group). */
export function blockingLeaves(result: NodeResult): NodeResult[] {
  if (result.status === 'met' || result.status === 'not-applicable') return [];
  if (result.kind === 'leaf') return isFailed(result.status) ? [result] : [];
  return (result.children ?? []).flatMap(blockingLeaves);
}

/** The leaves still open under a node that is not met: what "also not reviewed" lists. */
export function openLeaves(result: NodeResult): NodeResult[] {
  if (result.status === 'met' || result.status === 'not-applicable') return [];
  if (result.kind === 'leaf') return result.status === 'unreviewed' ? [result] : [];
  return (result.children ?? []).flatMap(openLeaves);
}

/** Every leaf of an evaluated tree. */
export function evaluatedLeaves(result: NodeResult): NodeResult[] {
  return result.kind === 'leaf' ? [result] : (result.children ?? []).flatMap(evaluatedLeaves);
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
