import { describe, expect, it } from 'vitest';
import { CaseQuery, queryCases, type QueueRow } from '../../../shared/intake/query-cases';

const NOW = new Date('2026-10-01T12:00:00Z');
const row = (i: number, over: Partial<QueueRow> = {}): QueueRow => ({
  id: `C${i}`,
  memberName: `Member ${i}`,
  memberId: `W${i}`,
  lineOfBusiness: 'commercial',
  codes: ['63650'],
  guidelineId: 'CMM-211',
  urgency: 'standard',
  receivedAt: `2026-09-${String((i % 28) + 1).padStart(2, '0')}T09:00:00Z`,
  dateOfService: '2026-10-20',
  status: 'new',
  updatedAt: '2026-09-01T00:00:00Z',
  dueAt: new Date(Date.parse('2026-10-01T00:00:00Z') + i * 3_600_000).toISOString(),
  ...over,
});

describe('queryCases', () => {
  const rows = Array.from({ length: 50 }, (_, i) => row(i, { status: (['new', 'in-review', 'pending-info', 'signed'] as const)[i % 4], urgency: i % 5 === 0 ? 'expedited' : 'standard' }));

  it('sorts by due date, soonest first, signed cases last', () => {
    const r = queryCases(rows, CaseQuery.parse({ limit: 1000 }), NOW);
    const open = r.rows.filter((x) => x.status !== 'signed');
    expect(r.rows.slice(0, open.length).every((x) => x.status !== 'signed')).toBe(true);
    expect(open.map((x) => x.dueAt)).toEqual([...open.map((x) => x.dueAt)].sort());
  });

  it('filters by status, urgency and overdue, and counts over everything', () => {
    const r = queryCases(rows, CaseQuery.parse({ status: ['pending-info'], urgency: 'expedited' }), NOW);
    expect(r.rows.every((x) => x.status === 'pending-info' && x.urgency === 'expedited')).toBe(true);
    expect(r.total).toBe(rows.filter((x) => x.status === 'pending-info' && x.urgency === 'expedited').length);
    expect(r.countsByStatus).toEqual({ new: 13, 'in-review': 13, 'pending-info': 12, signed: 12 });
    const late = queryCases(rows, CaseQuery.parse({ overdueOnly: true }), NOW);
    // due 00:00 + i h; now 12:00: i < 12 are overdue unless signed
    expect(late.total).toBe(rows.filter((x, i) => i < 12 && x.status !== 'signed').length);
    expect(late.overdue).toBe(late.total);
  });

  it('searches member name, id, case id and codes with every word', () => {
    const r = queryCases([row(1), row(2, { memberName: 'Ada Lovelace', codes: ['62350'] })], CaseQuery.parse({ search: 'lovelace 6235' }), NOW);
    expect(r.rows.map((x) => x.id)).toEqual(['C2']);
    expect(queryCases([row(1), row(2)], CaseQuery.parse({ search: 'w2' }), NOW).rows.map((x) => x.id)).toEqual(['C2']);
  });

  it('pages with offset and limit', () => {
    const all = queryCases(rows, CaseQuery.parse({ sort: 'member', limit: 1000 }), NOW).rows.map((x) => x.id);
    const page = queryCases(rows, CaseQuery.parse({ sort: 'member', offset: 10, limit: 5 }), NOW);
    expect(page.rows.map((x) => x.id)).toEqual(all.slice(10, 15));
    expect(page.total).toBe(50);
  });

  it('handles 10,000 rows quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(i));
    const t0 = performance.now();
    queryCases(many, CaseQuery.parse({ search: 'member 99' }), NOW);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
