/**
 * A queued case's decision clock in a form a database can sort and filter on: the due date once
 * the clock runs, and the instant a stopped (tolled) clock starts again by itself. The due date
 * depends on "now" only in one way: a tolled request whose information has not arrived keeps the
 * clock stopped until the time given to respond ends, and from then on the due date is fixed
 * (shared/information-request/information-request-clock.ts). So the two instants below, computed
 * once per case version, give the same due date at every "now" as computing it afresh.
 */
import type { CaseSummary } from '../case/schema';
import { computeDueAt } from '../turnaround/turnaround-clock';
import type { TurnaroundTable } from '../turnaround/turnaround-table';
import { clockWithRequests, type ClockedRequest } from '../information-request/information-request-clock';

export interface QueueClock {
  /** When the decision is due while the clock runs; absent when no timeframe applies. */
  dueAt?: string;
  /** While "now" is before this instant the clock is stopped and the queue shows no due date. */
  stoppedUntil?: string;
}

/** Later than any respond-by date: the due date as it will be once a tolled clock has resumed. */
const AFTER_EVERYTHING = new Date(8.64e15);

export function queueClockOf(s: CaseSummary, table: TurnaroundTable): QueueClock {
  if (s.damaged) return {};
  let dueAt: string;
  try {
    dueAt = computeDueAt({ receivedAt: s.receivedAt, urgency: s.urgency, lineOfBusiness: s.lineOfBusiness }, table).dueAt;
  } catch {
    return {}; // no timeframe row: the queue shows no clock rather than a wrong one
  }
  const request = s.informationRequest as ClockedRequest | undefined;
  if (!request) return { dueAt };
  const resumed = clockWithRequests(dueAt, s.receivedAt, [request], AFTER_EVERYTHING).dueAt;
  const stopped = request.clockRule.effect === 'toll' && !request.received;
  return { ...(resumed ? { dueAt: resumed } : {}), ...(stopped ? { stoppedUntil: request.respondBy } : {}) };
}

/** The due date the queue shows at `now`. */
export function dueAtOn(clock: QueueClock, now: Date): string | undefined {
  if (clock.stoppedUntil && now.getTime() < Date.parse(clock.stoppedUntil)) return undefined;
  return clock.dueAt;
}
