/**
 * The clock the team database keeps (two instants per case version) shows, at every "now", the
 * due date computed afresh from the summary and rules/turnaround.json, for every effect a request
 * for information can have, answered or not, and at the instant the time to respond ends.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { dueAtOn, queueClockOf } from '../../../shared/intake/queue-clock';
import { computeDueAt } from '../../../shared/turnaround/turnaround-clock';
import { clockWithRequests } from '../../../shared/information-request/information-request-clock';
import { loadTurnaroundTable } from '../../../main/turnaround/load-turnaround-table';
import type { CaseSummary } from '../../../shared/case/schema';
import type { TurnaroundTable } from '../../../shared/turnaround/turnaround-table';

let table: TurnaroundTable;
beforeAll(async () => {
  table = await loadTurnaroundTable(path.resolve(import.meta.dirname, '..', '..', '..'));
});

const DAY = 86_400_000;
const START = Date.UTC(2025, 10, 1);
const span = fc.record({ amount: fc.integer({ min: 1, max: 30 }), unit: fc.constantFrom('hours' as const, 'calendar-days' as const, 'business-days' as const) });
const rule = fc.oneof(
  fc.record({ effect: fc.constant('toll' as const), extendBy: fc.option(span, { nil: undefined }), source: fc.constant('a tolling rule for this test') }),
  fc.record({ effect: fc.constant('extend' as const), extendBy: span, source: fc.constant('an extension rule for this test') }),
  fc.record({ effect: fc.constant('decide-after-response' as const), decideWithin: span, source: fc.constant('a restart rule for this test') }),
  fc.record({ effect: fc.constant('unchanged' as const), source: fc.constant('an unchanged rule for this test') }),
);

const summary = fc
  .record({
    received: fc.integer({ min: 0, max: 400 * DAY }),
    offset: fc.constantFrom('Z', '-05:00', '+09:30'),
    urgency: fc.constantFrom('standard' as const, 'expedited' as const),
    lineOfBusiness: fc.constantFrom('commercial' as const, 'medicare-advantage' as const, 'medicaid' as const, undefined),
    request: fc.option(
      fc.record({ after: fc.integer({ min: 1, max: 5 * DAY }), respondIn: fc.integer({ min: 1, max: 20 * DAY }), arrivedIn: fc.option(fc.integer({ min: 1, max: 30 * DAY }), { nil: undefined }), rule }),
      { nil: undefined },
    ),
  })
  .map(({ received, offset, urgency, lineOfBusiness, request }) => {
    const receivedAt = new Date(START + received).toISOString().replace('Z', offset === 'Z' ? 'Z' : '') + (offset === 'Z' ? '' : offset);
    const requestedAt = START + received + (request?.after ?? 0);
    const s: CaseSummary = {
      id: 'c-1',
      memberName: 'A',
      memberId: 'W1',
      ...(lineOfBusiness ? { lineOfBusiness } : {}),
      codes: ['63650'],
      urgency,
      receivedAt,
      status: 'pending-info',
      updatedAt: receivedAt,
      ...(request
        ? {
            informationRequest: {
              requestedAt: new Date(requestedAt).toISOString(),
              respondBy: new Date(requestedAt + request.respondIn).toISOString(),
              dueAtBefore: new Date(requestedAt + 3 * DAY).toISOString(),
              clockRule: request.rule,
              ...(request.arrivedIn ? { received: { at: new Date(requestedAt + request.arrivedIn).toISOString() } } : {}),
            },
          }
        : {}),
    };
    return s;
  });

/** The due date as the queue computed it before clocks were kept: afresh, at `now`. */
function afresh(s: CaseSummary, now: Date): string | undefined {
  try {
    const due = computeDueAt({ receivedAt: s.receivedAt, urgency: s.urgency, lineOfBusiness: s.lineOfBusiness }, table).dueAt;
    return s.informationRequest ? clockWithRequests(due, s.receivedAt, [s.informationRequest as Parameters<typeof clockWithRequests>[2][number]], now).dueAt : due;
  } catch {
    return undefined;
  }
}

describe('queue clock', () => {
  it('shows the due date computed afresh, at any now', () => {
    fc.assert(
      fc.property(summary, fc.integer({ min: 0, max: 500 * DAY }), (s, at) => {
        const now = new Date(START + at);
        expect(dueAtOn(queueClockOf(s, table), now)).toBe(afresh(s, now));
      }),
      { numRuns: 2000 },
    );
  });

  it('resumes a tolled clock at the very instant the time to respond ends', () => {
    const respondBy = '2026-03-10T22:00:00.000Z';
    const s: CaseSummary = {
      id: 'c-1', memberName: 'A', memberId: 'W1', lineOfBusiness: 'commercial', codes: ['63650'], urgency: 'standard',
      receivedAt: '2026-03-01T14:00:00.000Z', status: 'pending-info', updatedAt: '2026-03-01T14:00:00.000Z',
      informationRequest: { requestedAt: '2026-03-02T14:00:00.000Z', respondBy, dueAtBefore: '2026-03-05T14:00:00.000Z', clockRule: { effect: 'toll', source: 'a tolling rule for this test' } },
    };
    const clock = queueClockOf(s, table);
    expect(clock.stoppedUntil).toBe(respondBy);
    for (const t of [Date.parse(respondBy) - 1, Date.parse(respondBy), Date.parse(respondBy) + 1]) expect(dueAtOn(clock, new Date(t))).toBe(afresh(s, new Date(t)));
    expect(dueAtOn(clock, new Date(Date.parse(respondBy) - 1))).toBeUndefined();
    expect(dueAtOn(clock, new Date(respondBy))).toBe('2026-03-13T22:00:00.000Z'); // three days were left
  });

  it('has no clock for a damaged case', () => {
    expect(queueClockOf({ id: 'x', memberName: '', memberId: '', codes: [], urgency: 'standard', receivedAt: '2026-03-01T14:00:00Z', status: 'new', updatedAt: '2026-03-01T14:00:00Z', damaged: 'unreadable' }, table)).toEqual({});
  });
});
