import type { CriterionStatus, Recommendation } from '../../shared/rules/evaluation';

export const STATUS_LABEL: Record<CriterionStatus, string> = {
  met: 'Met',
  'not-met': 'Not met',
  'not-documented': 'Not documented',
  'not-applicable': 'Not applicable',
  unreviewed: 'Not reviewed',
};

export const STATUS_COLOR: Record<CriterionStatus, 'success' | 'error' | 'warning' | 'default' | 'info'> = {
  met: 'success',
  'not-met': 'error',
  'not-documented': 'warning',
  'not-applicable': 'default',
  unreviewed: 'default',
};

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  approve: 'Approvable',
  'partially-approve': 'Approvable in part: fewer units than requested',
  'not-medically-necessary': 'Not medically necessary: criteria not met',
  'cannot-establish': 'Medical necessity cannot be established',
  experimental: 'Experimental, investigational or unproven',
  'out-of-scope': 'Out of scope: redirect to the health plan',
  coding: 'Not medically necessary for coding reasons',
  'cms-policy-supersedes': 'Medicare: CMS coverage policy supersedes',
  'benefit-plan-decides': 'The health plan decides: benefits, coverage policy or eligibility',
  incomplete: 'Review not complete',
};

/** One colour per criterion, so marks on the page show which criterion they prove. */
const PALETTE = ['#ffd54f', '#81d4fa', '#a5d6a7', '#f48fb1', '#ce93d8', '#ffab91', '#80cbc4', '#e6ee9c'];
export function colorForCriterion(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}
