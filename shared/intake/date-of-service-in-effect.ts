/**
 * Is a guideline in effect on the date of service? Asked at intake, so a request dated before
 * every Preface version (the criteria then cannot be applied at all) is stopped where the date is
 * typed, not found later in the opened case; and a request whose own guideline has no encoded
 * version in effect that day is flagged. The version applied is the one in effect on the date of
 * service (../shared/seeds: each policy applies from its effective date).
 */
import { z } from 'zod';
import { longDate } from '../case/calendar-date';
import type { RuleSet } from '../rules/rule-set';

export const RuleVersion = z.object({
  ruleId: z.string(),
  role: z.enum(['preface', 'clinical-information', 'guideline']),
  guidelineId: z.string(),
  title: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().optional(),
});
export type RuleVersion = z.infer<typeof RuleVersion>;

export function ruleVersionsOf(rules: RuleSet): RuleVersion[] {
  return rules.ruleFiles.map((r) => ({
    ruleId: r.id,
    role: r.role,
    guidelineId: r.guidelineId,
    title: r.title,
    effectiveFrom: r.effectiveFrom,
    ...(r.effectiveTo ? { effectiveTo: r.effectiveTo } : {}),
  }));
}

export interface DateOfServiceProblem {
  /** error: the case cannot be evaluated on that date; warning: the reviewer should look twice. */
  severity: 'error' | 'warning';
  message: string;
}

const inEffect = (v: RuleVersion, date: string) => v.effectiveFrom <= date && (!v.effectiveTo || date <= v.effectiveTo);

/** What is wrong with reviewing this guideline on this date of service, or null. `dateOfService` is YYYY-MM-DD. */
export function dateOfServiceProblem(dateOfService: string, guidelineId: string, versions: readonly RuleVersion[]): DateOfServiceProblem | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOfService)) return null;
  const prefaces = versions.filter((v) => v.role === 'preface');
  if (prefaces.length > 0 && !prefaces.some((v) => inEffect(v, dateOfService))) {
    const earliest = prefaces.map((v) => v.effectiveFrom).sort()[0]!;
    const title = prefaces[0]!.title;
    return {
      severity: 'error',
      message: dateOfService < earliest
        ? `No version of the ${title} is in effect on ${longDate(dateOfService)}: the earliest took effect ${longDate(earliest)}. Check the date of service.`
        : `No version of the ${title} is in effect on ${longDate(dateOfService)}. Check the date of service.`,
    };
  }
  const own = versions.filter((v) => v.role === 'guideline' && v.guidelineId === guidelineId);
  if (own.length > 0 && !own.some((v) => inEffect(v, dateOfService))) {
    const earliest = own.map((v) => v.effectiveFrom).sort()[0]!;
    return {
      severity: 'warning',
      message: dateOfService < earliest
        ? `No version of ${guidelineId} is in effect on ${longDate(dateOfService)} (the earliest takes effect ${longDate(earliest)}): its criteria will not apply.`
        : `No version of ${guidelineId} is in effect on ${longDate(dateOfService)}: its criteria will not apply.`,
    };
  }
  return null;
}
