/** What a request for information does to the clock, row by row of rules/turnaround.json. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TurnaroundTable } from '../../../shared/turnaround/turnaround-table';
import { computeDueAt } from '../../../shared/turnaround/turnaround-clock';
import { clockWithRequests, defaultRespondBy } from '../../../shared/information-request/information-request-clock';
import type { LineOfBusiness, Urgency } from '../../../shared/case/schema';

const table = TurnaroundTable.parse(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../rules/turnaround.json'), 'utf8')));
const receivedAt = '2026-10-01T09:00:00-05:00';
const HOUR = 3_600_000;

function setup(lineOfBusiness: LineOfBusiness, urgency: Urgency) {
  const { dueAt, timeframe } = computeDueAt({ receivedAt, urgency, lineOfBusiness }, table);
  const requestedAt = new Date(Date.parse(receivedAt) + 20 * HOUR).toISOString();
  return { dueAt, rule: timeframe.whenInformationIsRequested!, requestedAt };
}

describe('the clock when information is requested', () => {
  it('every row says what a request does, citing its regulation', () => {
    for (const e of table.entries) {
      expect(e.whenInformationIsRequested, `${e.lineOfBusiness} ${e.urgency}`).toBeDefined();
      expect(e.whenInformationIsRequested!.source).toMatch(/CFR/);
    }
  });

  it('Medicaid expedited: 72 hours extended by 14 days', () => {
    const { dueAt, rule, requestedAt } = setup('medicaid', 'expedited');
    const r = clockWithRequests(dueAt, receivedAt, [{ requestedAt, respondBy: dueAt, dueAtBefore: dueAt, clockRule: rule }], new Date(requestedAt));
    expect(Date.parse(r.dueAt!) - Date.parse(dueAt)).toBe(14 * 24 * HOUR);
  });

  it('commercial urgent care: decided within 48 hours of the response, or of the end of the time given', () => {
    const { dueAt, rule, requestedAt } = setup('commercial', 'expedited');
    expect(rule.effect).toBe('decide-after-response');
    const respondBy = defaultRespondBy(rule, dueAt, new Date(requestedAt), receivedAt);
    expect(Date.parse(respondBy) - Date.parse(requestedAt)).toBeGreaterThanOrEqual(48 * HOUR);
    const waiting = clockWithRequests(dueAt, receivedAt, [{ requestedAt, respondBy, dueAtBefore: dueAt, clockRule: rule }], new Date(requestedAt));
    expect(Date.parse(waiting.dueAt!)).toBe(Date.parse(respondBy) + 48 * HOUR);
    const arrived = new Date(Date.parse(requestedAt) + 10 * HOUR).toISOString();
    const answered = clockWithRequests(dueAt, receivedAt, [{ requestedAt, respondBy, dueAtBefore: dueAt, clockRule: rule, received: { at: arrived } }], new Date(arrived));
    expect(Date.parse(answered.dueAt!)).toBe(Date.parse(arrived) + 48 * HOUR);
  });

  it('traditional Medicare: unchanged; only the first request moves a clock', () => {
    const m = setup('medicare', 'standard');
    expect(clockWithRequests(m.dueAt, receivedAt, [{ requestedAt: m.requestedAt, respondBy: m.dueAt, dueAtBefore: m.dueAt, clockRule: m.rule }], new Date()).dueAt).toBe(m.dueAt);
    const ma = setup('medicare-advantage', 'standard');
    const first = { requestedAt: ma.requestedAt, respondBy: ma.dueAt, dueAtBefore: ma.dueAt, clockRule: ma.rule, received: { at: ma.dueAt } };
    const two = clockWithRequests(ma.dueAt, receivedAt, [first, { ...first, received: undefined }], new Date());
    expect(Date.parse(two.dueAt!) - Date.parse(ma.dueAt)).toBe(14 * 24 * HOUR);
  });

  it('a default send-by is 5 p.m. in the receiving office', () => {
    const { dueAt, rule, requestedAt } = setup('commercial', 'standard');
    const by = defaultRespondBy(rule, dueAt, new Date(requestedAt), receivedAt);
    expect(by.slice(11, 16)).toBe('22:00'); // 17:00 at -05:00
    expect(Date.parse(by) - Date.parse(requestedAt)).toBeGreaterThanOrEqual(45 * 24 * HOUR);
  });
});
