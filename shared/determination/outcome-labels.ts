/** The outcomes as the director reads them: the Decision tab and the services' messages say the same words. */
import type { DeterminationOutcome } from './schema';

export const OUTCOME_LABEL: Record<DeterminationOutcome, string> = {
  approved: 'Approved',
  'partially-approved': 'Partially approved (fewer units or levels)',
  'denied-not-medically-necessary': 'Denied: not medically necessary',
  'denied-experimental': 'Denied: experimental, investigational or unproven',
  'denied-coding': 'Not medically necessary for coding reasons',
  'cannot-establish': 'Medical necessity cannot be established from the records sent',
  redirected: 'Redirected to the health plan (out of scope)',
  'pending-information': 'Pending additional information',
};
