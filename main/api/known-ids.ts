/**
 * The ids a request names must exist where it says: a criterion in the guidelines that apply to
 * this case on its date of service (or among the reviewer's own criteria), a fact that criterion
 * measures, a document of this case. The contract already refuses malformed ids and prototype
 * keys (shared/api/common.ts); these checks run inside the store's update, on the case as it is,
 * and refuse with the nearest known id when the given one looks like a typo.
 */
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseFile } from '../../shared/case/schema';
import { criteriaForCase } from '../../shared/rules/criteria-for-case';
import type { RuleSet } from '../../shared/rules/rule-set';
import { leavesOf, type CriterionLeaf } from '../../shared/rules/schema';
import { unknownIdMessage } from '../../shared/validation/nearest-id';

/** Every criterion a finding or a mark may name in this case, by id. */
export function criteriaOfCase(caseFile: CaseFile, rules: RuleSet): Map<string, CriterionLeaf> {
  const out = new Map<string, CriterionLeaf>();
  for (const { rule } of criteriaForCase(caseFile, rules).rules) for (const leaf of leavesOf(rule.criteria)) out.set(leaf.id, leaf);
  return out;
}

const whereCriteria = (caseFile: CaseFile) => `in the guidelines that apply to this case on ${caseFile.request.dateOfService}`;

/** The criterion a finding names; 'not-found' with the nearest known id otherwise. */
export function knownCriterion(caseFile: CaseFile, rules: RuleSet, criterionId: string): CriterionLeaf {
  const known = criteriaOfCase(caseFile, rules);
  const leaf = known.get(criterionId);
  if (!leaf) throw new WorkbenchError('not-found', unknownIdMessage('criterion', criterionId, known.keys(), whereCriteria(caseFile)));
  return leaf;
}

export function assertKnownCriteria(caseFile: CaseFile, rules: RuleSet, criterionIds: readonly string[]): void {
  const known = criteriaOfCase(caseFile, rules);
  const unknown = criterionIds.find((id) => !known.has(id));
  if (unknown !== undefined) throw new WorkbenchError('not-found', unknownIdMessage('criterion', unknown, known.keys(), whereCriteria(caseFile)));
}

/** A finding's facts are the one its criterion measures, by that name. */
export function assertFactsOf(leaf: CriterionLeaf, facts: Record<string, number>): void {
  const names = Object.keys(facts);
  if (names.length === 0) return;
  if (!leaf.fact) throw new WorkbenchError('invalid-request', `Criterion ${leaf.id} has no measured value; record the finding without facts.`);
  const wrong = names.find((n) => n !== leaf.fact!.name);
  if (wrong !== undefined) throw new WorkbenchError('invalid-request', `Criterion ${leaf.id} measures ${leaf.fact.name} (${leaf.fact.label}), not ${wrong}.`);
}

export function assertDocumentOf(caseFile: CaseFile, docSha256: string): void {
  if (!caseFile.documents.some((d) => d.sha256 === docSha256)) {
    throw new WorkbenchError('not-found', unknownIdMessage('document', docSha256, caseFile.documents.map((d) => d.sha256), 'in this case'));
  }
}
