/**
 * The decision clock once information has been requested, as rules/turnaround.json says for the
 * case's line of business and urgency (whenInformationIsRequested). Only the first request moves
 * the clock: each regulation allows one extension, and a second request does not buy more time.
 */
import type { InformationRequestRule, Span } from '../turnaround/turnaround-table';
import { addSpan } from '../turnaround/turnaround-clock';
import type { InformationRequest } from './schema';

export interface ClockWithRequests {
  /** When the decision is due; absent while the clock is stopped (tolled). */
  dueAt?: string;
  /** Set while tolled: the clock stopped at this instant and resumes when the information arrives. */
  stoppedSince?: string;
  /** What the request did to the clock, in words, with the regulation. */
  explanation?: string;
}

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const words = (s: Span) => `${s.amount} ${s.unit === 'hours' ? 'hours' : s.unit === 'business-days' ? 'business days' : 'calendar days'}`;

/** The parts of a request the clock reads (the queue's case summary carries just these). */
export type ClockedRequest = Pick<InformationRequest, 'requestedAt' | 'respondBy' | 'dueAtBefore' | 'clockRule'> & { received?: { at: string } | undefined };

export function clockWithRequests(dueAt: string, receivedAt: string, requests: readonly ClockedRequest[], now: Date): ClockWithRequests {
  const first = requests[0];
  if (!first) return { dueAt };
  const rule: InformationRequestRule = first.clockRule;
  const arrived = first.received?.at;
  const respondBy = first.respondBy;
  switch (rule.effect) {
    case 'unchanged':
      return { dueAt, explanation: `Requesting information does not change the due date (${rule.source})` };
    case 'extend': {
      const extended = rule.extendBy ? addSpan(dueAt, rule.extendBy, receivedAt) : dueAt;
      return { dueAt: extended, explanation: `Extended by ${rule.extendBy ? words(rule.extendBy) : 'nothing'} for the information requested (${rule.source})` };
    }
    case 'toll': {
      const left = ms(first.dueAtBefore) - ms(first.requestedAt);
      const ext = rule.extendBy ? ms(addSpan(first.dueAtBefore, rule.extendBy, receivedAt)) - ms(first.dueAtBefore) : 0;
      const resumed = arrived && ms(arrived) < ms(respondBy) ? arrived : ms(respondBy) <= now.getTime() || arrived ? respondBy : undefined;
      if (!resumed) return { stoppedSince: first.requestedAt, explanation: `Stopped until the information arrives or the time given to send it ends; then the time that was left runs again, plus ${rule.extendBy ? words(rule.extendBy) : 'nothing'} (${rule.source})` };
      return { dueAt: iso(ms(resumed) + left + ext), explanation: `Stopped while the information was awaited, then extended by ${rule.extendBy ? words(rule.extendBy) : 'nothing'} (${rule.source})` };
    }
    case 'decide-after-response': {
      const from = arrived && ms(arrived) < ms(respondBy) ? arrived : respondBy;
      const due = rule.decideWithin ? addSpan(from, rule.decideWithin, receivedAt) : dueAt;
      return { dueAt: due, explanation: `Due ${rule.decideWithin ? words(rule.decideWithin) : ''} after ${arrived ? 'the information arrived' : 'the information arrives or the time to respond ends'} (${rule.source})` };
    }
  }
}

/** The least time the provider must be given, and a default "send by" the director can change. */
export function defaultRespondBy(rule: InformationRequestRule, dueAt: string, now: Date, receivedAt: string): string {
  if (rule.respondWithin) return endOfOfficeDay(addSpan(now.toISOString(), rule.respondWithin, receivedAt), receivedAt);
  // Otherwise a week, but before the decision is due (with an extension, before the extended date).
  const limit = rule.effect === 'extend' && rule.extendBy ? addSpan(dueAt, rule.extendBy, receivedAt) : dueAt;
  const week = now.getTime() + 7 * 86_400_000;
  const beforeLimit = Date.parse(limit) - 86_400_000;
  const at = new Date(Math.max(now.getTime() + 3_600_000, Math.min(week, beforeLimit))).toISOString();
  const closing = endOfOfficeDay(at, receivedAt);
  // 5 p.m. that day in the receiving office, unless that runs past the limit.
  return Date.parse(closing) <= Math.max(beforeLimit, now.getTime() + 3_600_000) ? closing : at;
}

/** 5 p.m. in the receiving office (the offset of receivedAt) on the day of `iso`, or the next day if that is earlier than `iso`. */
function endOfOfficeDay(iso: string, receivedAt: string): string {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(receivedAt);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  const local = new Date(Date.parse(iso) + offset);
  local.setUTCHours(17, 0, 0, 0);
  let t = local.getTime() - offset;
  if (t < Date.parse(iso)) t += 86_400_000;
  return new Date(t).toISOString();
}
