import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDueAt, describeTimeLeft, timeLeft, turnaroundClock } from '../../../shared/turnaround/turnaround-clock';
import { TurnaroundTable } from '../../../shared/turnaround/turnaround-table';
import { loadTurnaroundTable } from '../../../main/turnaround/load-turnaround-table';

const root = path.resolve(__dirname, '../../..');
const raw = JSON.parse(fs.readFileSync(path.join(root, 'rules/turnaround.json'), 'utf8'));
const table = TurnaroundTable.parse(raw);
const H = 3_600_000;

describe('turnaround table', () => {
  it('is valid, and every row cites its source', async () => {
    expect((await loadTurnaroundTable(root)).entries.length).toBe(table.entries.length);
    for (const e of table.entries) expect(e.source).toMatch(/CFR|CMS-/);
  });

  it('refuses a table with a gap or a missing line of business', () => {
    const gap = structuredClone(raw);
    const ma = gap.entries.find((e: { lineOfBusiness: string; receivedFrom?: string }) => e.lineOfBusiness === 'medicare-advantage' && e.receivedFrom === '2026-01-01');
    ma.receivedFrom = '2026-02-01';
    expect(TurnaroundTable.safeParse(gap).error?.issues[0]?.message).toBe(
      'medicare-advantage standard: a row ending before 2026-01-01 must be followed by one starting 2026-01-01, not 2026-02-01',
    );
    const missing = { ...raw, entries: raw.entries.filter((e: { lineOfBusiness: string }) => e.lineOfBusiness !== 'medicaid') };
    expect(TurnaroundTable.safeParse(missing).error?.issues.map((i) => i.message)).toEqual(['no timeframe for medicaid standard requests', 'no timeframe for medicaid expedited requests']);
  });
});

describe('turnaround clock', () => {
  it('gives expedited requests 72 hours', () => {
    for (const lob of ['commercial', 'medicare-advantage', 'medicaid'] as const) {
      expect(computeDueAt({ receivedAt: '2026-03-02T08:00:00-05:00', urgency: 'expedited', lineOfBusiness: lob }, table).dueAt).toBe('2026-03-05T13:00:00.000Z');
    }
  });

  it('gives Medicare Advantage and Medicaid standard requests 7 days from 2026, 14 days before', () => {
    for (const lob of ['medicare-advantage', 'medicaid'] as const) {
      const before = computeDueAt({ receivedAt: '2025-12-31T23:59:00-05:00', urgency: 'standard', lineOfBusiness: lob }, table);
      expect(before.timeframe.amount).toBe(14);
      expect(before.dueAt).toBe('2026-01-15T04:59:00.000Z');
      // The receiving office's local date decides which row applies (05:00 UTC, but 1 January in New York).
      const from = computeDueAt({ receivedAt: '2026-01-01T00:00:00-05:00', urgency: 'standard', lineOfBusiness: lob }, table);
      expect(from.timeframe.amount).toBe(7);
      expect(from.timeframe.source).toContain('CMS-0057-F');
      expect(from.dueAt).toBe('2026-01-08T05:00:00.000Z');
    }
  });

  it('gives commercial standard pre-service requests 15 days (ERISA)', () => {
    const r = computeDueAt({ receivedAt: '2026-09-01T09:00:00-05:00', urgency: 'standard', lineOfBusiness: 'commercial' }, table);
    expect(r.dueAt).toBe('2026-09-16T14:00:00.000Z');
    expect(r.timeframe.source).toContain('2560.503-1');
  });

  it('counts traditional Medicare business days in the receiving office calendar', () => {
    // Received Thursday 16:00 in Chicago: 2 business days → Monday 16:00.
    const exp = computeDueAt({ receivedAt: '2026-09-03T16:00:00-05:00', urgency: 'expedited', lineOfBusiness: 'medicare' }, table);
    expect(exp.dueAt).toBe('2026-09-07T21:00:00.000Z');
    // Before 2025, 10 business days: received Friday 27 December 2024 → Friday 10 January 2025 (holidays not skipped).
    const old = computeDueAt({ receivedAt: '2024-12-27T10:00:00Z', urgency: 'standard', lineOfBusiness: 'medicare' }, table);
    expect(old.dueAt).toBe('2025-01-10T10:00:00.000Z');
    const now = computeDueAt({ receivedAt: '2025-01-02T10:00:00Z', urgency: 'standard', lineOfBusiness: 'medicare' }, table);
    expect(now.dueAt).toBe('2025-01-09T10:00:00.000Z');
  });

  it('says how long is left, and when it is overdue', () => {
    const req = { receivedAt: '2026-03-02T08:00:00Z', urgency: 'expedited', lineOfBusiness: 'commercial' } as const;
    const due = Date.parse('2026-03-05T08:00:00Z');
    const at = (ms: number) => turnaroundClock(req, table, new Date(due - ms));
    expect(at(2 * 24 * H + 4 * H + 59 * 60_000)).toMatchObject({ overdue: false, text: '2 d 4 h left' });
    expect(at(9 * H)).toMatchObject({ overdue: false, text: '9 h left', msLeft: 9 * H });
    expect(at(90 * 60_000).text).toBe('1 h 30 min left');
    expect(at(0)).toMatchObject({ overdue: false, msLeft: 0, text: 'under 1 min left' });
    expect(at(-1)).toMatchObject({ overdue: true, text: 'overdue by under 1 min' });
    expect(at(-3 * H)).toMatchObject({ overdue: true, text: 'overdue by 3 h' });
    expect(at(-(26 * H + 5 * 60_000)).text).toBe('overdue by 1 d 2 h');
    expect(describeTimeLeft(45 * 60_000)).toBe('45 min left');
    expect(timeLeft('2026-03-05T08:00:00.000Z', new Date('2026-03-05T05:00:00Z'))).toEqual({ msLeft: 3 * H, overdue: false, text: '3 h left' });
  });
});
