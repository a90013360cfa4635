import type { CaseStatus } from '../../shared/case/schema';

export const STATUS_LABEL: Record<CaseStatus, string> = {
  new: 'New',
  'in-review': 'In review',
  'pending-info': 'Pending information',
  signed: 'Signed',
};
