/**
 * The local store's queue: every summary sorted, filtered and searched in memory
 * (shared/intake/query-cases.ts), which is quick for one director's 10,000 cases. The store reuses
 * a summary object while its case is unchanged, so each case's clock is computed once; the due
 * date is read from it at each query (a stopped clock resumes by itself when its time ends).
 */
import type { CaseSummary } from '../../shared/case/schema';
import { queryCases, type CaseQuery, type CaseQueryResult, type QueueRow } from '../../shared/intake/query-cases';
import { dueAtOn, type QueueClock } from '../../shared/intake/queue-clock';
import type { QueueClocks } from './case-store-contract';

function withDueAt(s: CaseSummary, dueAt: string | undefined): QueueRow {
  return dueAt ? { ...s, dueAt } : { ...s };
}

export function createMemoryQueue(listCases: () => Promise<CaseSummary[]>) {
  const rows = new WeakMap<CaseSummary, { rulesSha256: string; clock: QueueClock; row: QueueRow }>();

  return async function queryQueue(q: CaseQuery, now: Date, clocks: QueueClocks): Promise<CaseQueryResult> {
    const summaries = await listCases();
    const all = summaries.map((s) => {
      let known = rows.get(s);
      if (!known || known.rulesSha256 !== clocks.rulesSha256) {
        const clock = clocks.clockOf(s);
        known = { rulesSha256: clocks.rulesSha256, clock, row: withDueAt(s, dueAtOn(clock, now)) };
        rows.set(s, known);
      } else if (known.clock.stoppedUntil && known.row.dueAt !== dueAtOn(known.clock, now)) {
        known.row = withDueAt(s, dueAtOn(known.clock, now));
      }
      return known.row;
    });
    return queryCases(all, q, now);
  };
}
