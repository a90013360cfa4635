/**
 * The queue's sort, filter and search over case summaries, pure so 10,000 rows can be tested
 * and benchmarked without a window. Main answers a page of the result at a time; the renderer
 * draws only the rows in view.
 */
import { z } from 'zod';
import { CaseStatus, CaseSummary, LineOfBusiness, Urgency } from '../case/schema';

export const QueueRow = CaseSummary.extend({
  /** When the decision is due (turnaround clock); absent when no timeframe applies. */
  dueAt: z.string().optional(),
  /** Team mode: the login that has taken the case, and when the claim lapses without activity. */
  assignedTo: z.string().optional(),
  assignmentExpiresAt: z.string().optional(),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const QueueSort = z.enum(['due', 'received', 'member', 'status', 'updated']);
export type QueueSort = z.infer<typeof QueueSort>;

export const CaseQuery = z.strictObject({
  sort: QueueSort.default('due'),
  descending: z.boolean().default(false),
  status: z.array(CaseStatus).max(4).default([]),
  urgency: Urgency.optional(),
  lineOfBusiness: LineOfBusiness.optional(),
  guidelineId: z.string().max(64).optional(),
  overdueOnly: z.boolean().default(false),
  /** Words that must all appear in the member name, member id, case id, codes or guideline. */
  search: z.string().max(200).default(''),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type CaseQuery = z.infer<typeof CaseQuery>;

export const CaseQueryResult = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(QueueRow),
  /** Cases per status over the whole store, for the filter chips. */
  countsByStatus: z.record(z.string(), z.number().int()),
  overdue: z.number().int(),
  guidelines: z.array(z.string()),
});
export type CaseQueryResult = z.infer<typeof CaseQueryResult>;

const STATUS_ORDER: Record<CaseStatus, number> = { 'pending-info': 0, new: 1, 'in-review': 2, signed: 3 };

function haystack(r: QueueRow): string {
  return `${r.memberName} ${r.memberId} ${r.id} ${r.codes.join(' ')} ${r.guidelineId ?? ''}`.toLowerCase();
}

function compare(sort: QueueSort): (a: QueueRow, b: QueueRow) => number {
  switch (sort) {
    case 'due':
      // Signed cases have nothing left to do: they go after every open one, whatever their clock said.
      return (a, b) =>
        Number(a.status === 'signed') - Number(b.status === 'signed') ||
        (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
        a.receivedAt.localeCompare(b.receivedAt);
    case 'received':
      return (a, b) => a.receivedAt.localeCompare(b.receivedAt);
    case 'member':
      return (a, b) => a.memberName.localeCompare(b.memberName) || a.memberId.localeCompare(b.memberId);
    case 'status':
      return (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.dueAt ?? '').localeCompare(b.dueAt ?? '');
    case 'updated':
      return (a, b) => a.updatedAt.localeCompare(b.updatedAt);
  }
}

export function isOverdue(r: QueueRow, now: Date): boolean {
  return r.status !== 'signed' && r.dueAt !== undefined && Date.parse(r.dueAt) < now.getTime();
}

export function queryCases(all: QueueRow[], q: CaseQuery, now: Date): CaseQueryResult {
  const words = q.search.toLowerCase().split(/\s+/).filter(Boolean);
  const statuses = new Set(q.status);
  const countsByStatus: Record<string, number> = { new: 0, 'in-review': 0, 'pending-info': 0, signed: 0 };
  let overdue = 0;
  const guidelines = new Set<string>();
  const matched: QueueRow[] = [];
  for (const r of all) {
    countsByStatus[r.status] = (countsByStatus[r.status] ?? 0) + 1;
    const late = isOverdue(r, now);
    if (late) overdue++;
    if (r.guidelineId) guidelines.add(r.guidelineId);
    if (statuses.size > 0 && !statuses.has(r.status)) continue;
    if (q.urgency && r.urgency !== q.urgency) continue;
    if (q.lineOfBusiness && r.lineOfBusiness !== q.lineOfBusiness) continue;
    if (q.guidelineId && r.guidelineId !== q.guidelineId) continue;
    if (q.overdueOnly && !late) continue;
    if (words.length > 0) {
      const h = haystack(r);
      if (!words.every((w) => h.includes(w))) continue;
    }
    matched.push(r);
  }
  const cmp = compare(q.sort);
  matched.sort(q.descending ? (a, b) => cmp(b, a) : cmp);
  return {
    total: matched.length,
    offset: q.offset,
    rows: matched.slice(q.offset, q.offset + q.limit),
    countsByStatus,
    overdue,
    guidelines: [...guidelines].sort(),
  };
}
