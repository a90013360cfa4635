/** The outcomes as the director reads them in the Decision tab. */
import type { DeterminationOutcome } from '../../shared/determination/schema';
import { OUTCOME_LABEL } from '../../shared/determination/outcome-labels';

export { OUTCOME_LABEL };

export const OUTCOMES = Object.keys(OUTCOME_LABEL) as DeterminationOutcome[];

export const APPROVING: ReadonlySet<DeterminationOutcome> = new Set(['approved', 'partially-approved']);
/** Outcomes the letter must explain: reasons, what would change it. */
export const EXPLAINED: ReadonlySet<DeterminationOutcome> = new Set([
  'partially-approved',
  'denied-not-medically-necessary',
  'denied-experimental',
  'denied-coding',
  'cannot-establish',
  'pending-information',
]);

export function outcomeColor(o: DeterminationOutcome): 'success' | 'warning' | 'error' | 'info' | 'default' {
  if (o === 'approved') return 'success';
  if (o === 'partially-approved') return 'warning';
  if (o === 'redirected' || o === 'pending-information') return 'info';
  return 'error';
}

/** "CMM-211 FAQ (undated) · CMM-211.trial.mental-health-evaluation", or the source named. */
export function citationOf(r: { guidelineId?: string | undefined; version?: string | undefined; criterionId?: string | undefined; source?: string | undefined }): string {
  if (r.guidelineId) return [[r.guidelineId, r.version].filter(Boolean).join(' '), r.criterionId].filter(Boolean).join(' · ');
  return r.source ?? '';
}

/** The app's one date-time format (renderer/app/format-date.ts). */
export { formatDateTime } from '../app/format-date';

/** The evaluation's recommendation, in words. */
export const RECOMMENDATION_LABEL: Record<string, string> = {
  approve: 'approve',
  'partially-approve': 'approve fewer units than requested',
  'benefit-plan-decides': 'the health plan decides (benefits, coverage policy or eligibility)',
  'not-medically-necessary': 'not medically necessary',
  'cannot-establish': 'medical necessity cannot be established',
  experimental: 'experimental, investigational or unproven',
  'out-of-scope': 'out of scope: redirect to the health plan',
  coding: 'not medically necessary for a coding reason',
  'cms-policy-supersedes': 'decide under CMS coverage policy',
  incomplete: 'not all criteria reviewed yet',
};
