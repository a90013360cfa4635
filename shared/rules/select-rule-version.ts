/**
 * The version of a guideline applied is the one in effect on the date of service.
 * A date before every version (or after the last one ended) is an error, never a guess.
 */
import type { RuleFile } from './schema';

export type VersionChoice =
  | { ok: true; rule: RuleFile }
  | { ok: false; reason: 'before-every-version' | 'no-version-in-effect' | 'no-versions'; message: string };

/** Effective dates are inclusive; ISO dates compare correctly as strings. */
export function isInEffect(rule: Pick<RuleFile, 'effectiveFrom' | 'effectiveTo'>, dateOfService: string): boolean {
  return rule.effectiveFrom <= dateOfService && (rule.effectiveTo === undefined || dateOfService <= rule.effectiveTo);
}

/** Picks, among the versions of one rule id, the one in effect on the date of service. */
export function selectRuleVersion(versions: readonly RuleFile[], dateOfService: string): VersionChoice {
  if (versions.length === 0) return { ok: false, reason: 'no-versions', message: 'No version of this guideline is encoded.' };
  const id = versions[0]!.id;
  // Where two versions overlap (an older one without an end date), the newer one supersedes.
  const inEffect = versions.filter((v) => isInEffect(v, dateOfService)).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
  if (inEffect[0]) return { ok: true, rule: inEffect[0] };
  const earliest = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0]!;
  if (dateOfService < earliest.effectiveFrom) {
    return {
      ok: false,
      reason: 'before-every-version',
      message: `The date of service ${dateOfService} is before every encoded version of ${id} (the earliest, ${earliest.version}, is effective from ${earliest.effectiveFrom}); no version can be applied.`,
    };
  }
  const spans = versions.map((v) => `${v.version}: ${v.effectiveFrom} to ${v.effectiveTo ?? 'open'}`).join('; ');
  return { ok: false, reason: 'no-version-in-effect', message: `No encoded version of ${id} is in effect on ${dateOfService} (${spans}).` };
}

/** Groups rule files by id, so each group holds the versions of one rule. */
export function groupVersions(files: readonly RuleFile[]): Map<string, RuleFile[]> {
  const byId = new Map<string, RuleFile[]>();
  for (const f of files) byId.set(f.id, [...(byId.get(f.id) ?? []), f]);
  return byId;
}
