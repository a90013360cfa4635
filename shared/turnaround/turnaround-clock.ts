/**
 * The clock on every case: when the decision is due and how much time is left.
 * Days are counted in the time zone the request was received in (the offset of receivedAt),
 * so "7 calendar days" and "2 business days" mean what the receiving office means.
 */
import type { LineOfBusiness, Urgency } from '../case/schema';
import type { Timeframe, TurnaroundTable } from './turnaround-table';

export interface ClockRequest {
  receivedAt: string;
  urgency: Urgency;
  /** Unknown (a gap in the request): the clock runs to the shortest timeframe of any line of business, never a longer one. */
  lineOfBusiness?: LineOfBusiness | undefined;
}

export interface TurnaroundClock {
  /** ISO instant (UTC) by which the decision is due. */
  dueAt: string;
  /** Milliseconds until due; negative once overdue. */
  msLeft: number;
  overdue: boolean;
  /** "2 d 4 h left", "overdue by 3 h". */
  text: string;
  timeframe: Timeframe;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Offset in minutes of an ISO date-time with offset ("Z" or "±hh:mm"). */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]));
}

function parseInstant(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`not a date-time: ${iso}`);
  return t;
}

export function findTimeframe(table: TurnaroundTable, request: ClockRequest & { lineOfBusiness: LineOfBusiness }): Timeframe {
  const localDate = request.receivedAt.slice(0, 10);
  const row = table.entries.find(
    (e) =>
      e.lineOfBusiness === request.lineOfBusiness &&
      e.urgency === request.urgency &&
      (e.receivedFrom === undefined || e.receivedFrom <= localDate) &&
      (e.receivedBefore === undefined || localDate < e.receivedBefore),
  );
  if (!row) throw new Error(`no timeframe for ${request.lineOfBusiness} ${request.urgency} requests received ${localDate}`);
  return row;
}

/** Adds business days (Monday to Friday) in the receiving office's local calendar, keeping the time of day. */
function addBusinessDays(receivedMs: number, offsetMin: number, days: number): number {
  const local = new Date(receivedMs + offsetMin * 60_000);
  let left = days;
  while (left > 0) {
    local.setUTCDate(local.getUTCDate() + 1);
    const dow = local.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return local.getTime() - offsetMin * 60_000;
}

export function computeDueAt(request: ClockRequest, table: TurnaroundTable): { dueAt: string; timeframe: Timeframe } {
  if (request.lineOfBusiness === undefined) {
    const lines = [...new Set(table.entries.map((e) => e.lineOfBusiness))];
    const each = lines.map((lineOfBusiness) => computeDueAt({ ...request, lineOfBusiness }, table)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const first = each[0]!;
    return { dueAt: first.dueAt, timeframe: { ...first.timeframe, note: 'The line of business is not known yet: the shortest timeframe of any line of business applies until it is entered.' } };
  }
  const timeframe = findTimeframe(table, request as ClockRequest & { lineOfBusiness: LineOfBusiness });
  const received = parseInstant(request.receivedAt);
  let due: number;
  switch (timeframe.unit) {
    case 'hours':
      due = received + timeframe.amount * HOUR;
      break;
    case 'calendar-days':
      due = received + timeframe.amount * DAY;
      break;
    case 'business-days':
      due = addBusinessDays(received, offsetMinutes(request.receivedAt), timeframe.amount);
      break;
  }
  return { dueAt: new Date(due).toISOString(), timeframe };
}

/** An instant plus a span (hours, calendar or business days), business days counted in the receiving office's calendar. */
export function addSpan(fromIso: string, span: { amount: number; unit: Timeframe['unit'] }, receivedAt: string): string {
  const from = parseInstant(fromIso);
  if (span.unit === 'hours') return new Date(from + span.amount * HOUR).toISOString();
  if (span.unit === 'calendar-days') return new Date(from + span.amount * DAY).toISOString();
  return new Date(addBusinessDays(from, offsetMinutes(receivedAt), span.amount)).toISOString();
}

/** Whole days, hours, minutes of a span, rounded down so time left is never overstated. */
function span(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  return m > 0 ? `${m} min` : 'under 1 min';
}

export function describeTimeLeft(msLeft: number): string {
  return msLeft < 0 ? `overdue by ${span(msLeft)}` : `${span(msLeft)} left`;
}

/** Time left on a due date already computed (the renderer ticks this; it needs no table). */
export function timeLeft(dueAt: string, now: Date): { msLeft: number; overdue: boolean; text: string } {
  const msLeft = parseInstant(dueAt) - now.getTime();
  return { msLeft, overdue: msLeft < 0, text: describeTimeLeft(msLeft) };
}

export function turnaroundClock(request: ClockRequest, table: TurnaroundTable, now: Date): TurnaroundClock {
  const { dueAt, timeframe } = computeDueAt(request, table);
  return { dueAt, timeframe, ...timeLeft(dueAt, now) };
}
