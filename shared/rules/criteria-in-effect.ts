/**
 * Which rule versions are in effect for a guideline on a date, whatever codes are requested:
 * what `rules criteria <guideline> --date` lists, so a case file can be written against the ids,
 * facts and units the engine will read.
 */
import { nearestKnownId } from '../validation/nearest-id';
import type { RuleSet } from './rule-set';
import type { RuleFile } from './schema';
import { groupVersions, selectRuleVersion } from './select-rule-version';

export interface CriteriaInEffect {
  rules: RuleFile[];
  /** Documents that do not apply yet on the date (e.g. the clinical-information policy before 2025-02-01). */
  notYetInEffect: RuleFile[];
  errors: string[];
}

export function criteriaInEffect(rules: RuleSet, guidelineId: string, date: string): CriteriaInEffect {
  const out: CriteriaInEffect = { rules: [], notYetInEffect: [], errors: [] };
  const known = new Set([...rules.catalogue.entries.map((e) => e.id), ...rules.ruleFiles.map((r) => r.guidelineId)]);
  if (!known.has(guidelineId)) {
    const nearest = nearestKnownId(guidelineId, known);
    out.errors.push(`${guidelineId} is not a guideline in the catalogue${nearest ? `; did you mean ${nearest}?` : '.'}`);
    return out;
  }
  const general = rules.ruleFiles.filter((r) => r.role !== 'guideline' && r.appliesTo.guidelinePrefixes.some((p) => guidelineId.startsWith(p)));
  const own = rules.ruleFiles.filter((r) => r.role === 'guideline' && r.guidelineId === guidelineId);
  for (const versions of [...groupVersions(general).values(), ...groupVersions(own).values()]) {
    const choice = selectRuleVersion(versions, date);
    if (choice.ok) out.rules.push(choice.rule);
    else if (choice.reason === 'before-every-version' && versions[0]!.role !== 'preface') out.notYetInEffect.push(versions[0]!);
    else out.errors.push(choice.message);
  }
  const order = { preface: 0, 'clinical-information': 1, guideline: 2 } as const;
  out.rules.sort((a, b) => order[a.role] - order[b.role]);
  return out;
}
