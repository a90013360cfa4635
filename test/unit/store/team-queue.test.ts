/**
 * The team store's queue in SQL gives the answer the in-memory queue gives over the same cases:
 * every sort both ways, every filter, search with accented and mixed-case names, paging, and a
 * tolled clock before and after the time to respond ends. The expected side is computed the way
 * the queue always computed it (computeDueAt, then clockWithRequests at "now" over listCases), not
 * with the clocks the store keeps, so the clock derivation and the SQL are both under test.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamStore } from '../../../main/store/team-store';
import { loadTurnaroundTable } from '../../../main/turnaround/load-turnaround-table';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { CaseQuery, queryCases, type QueueRow } from '../../../shared/intake/query-cases';
import { queueClockOf } from '../../../shared/intake/queue-clock';
import { computeDueAt } from '../../../shared/turnaround/turnaround-clock';
import { clockWithRequests } from '../../../shared/information-request/information-request-clock';
import type { CaseFile, CaseSummary } from '../../../shared/case/schema';
import type { InformationRequest } from '../../../shared/information-request/schema';
import type { TurnaroundTable } from '../../../shared/turnaround/turnaround-table';
import type { QueueClocks } from '../../../main/store/case-store-contract';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { createTeamDatabase, REPO_ROOT } from '../../support/team-database';
import { testChange } from '../../support/change-record';

let cluster: PgCluster;
let store: TeamStore;
let table: TurnaroundTable;
let dir: string;
beforeAll(async () => {
  cluster = await startPgCluster({ name: 'queue' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-queue-'));
  table = await loadTurnaroundTable(REPO_ROOT);
  const db = await createTeamDatabase(cluster);
  store = await db.open(await db.login('director', ['intake', 'nurse-reviewer', 'physician-reviewer', 'supervisor']), dir);
  await seed(store);
}, 180_000);
afterAll(async () => {
  await store?.close().catch(() => undefined);
  await cluster?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const NAMES = ['Ängström, Lena', 'adams, rue', 'Adams, Ruth', 'Émile Zola', 'zoë Quinn', 'Baker, Ola', 'ÖZTÜRK, Ayşe', 'de la Cruz, Ana', 'Nguyễn Văn An', "O'Brien, Pat"];
const STATUSES = ['new', 'in-review', 'pending-info', 'signed'] as const;
const LINES = ['commercial', 'medicare-advantage', 'medicaid'] as const;
const GUIDELINES = ['CMM-211', 'CMM-208', 'CMM-603'];
const TOLL = { effect: 'toll' as const, extendBy: { amount: 14, unit: 'calendar-days' as const }, source: 'a tolling rule written for this test' };
const EXTEND = { effect: 'extend' as const, extendBy: { amount: 14, unit: 'calendar-days' as const }, source: 'an extension rule written for this test' };
const AFTER = { effect: 'decide-after-response' as const, decideWithin: { amount: 72, unit: 'hours' as const }, source: 'a restart rule written for this test' };

/** Between the two "now"s the tests use: a tolled clock stopped at the first, running at the second. */
const RESPOND_BY = '2026-10-05T21:00:00.000Z';
const EARLY = new Date('2026-10-02T12:00:00Z');
const LATE = new Date('2026-10-20T12:00:00Z');

function informationRequest(i: number, receivedAt: string): InformationRequest[] {
  const kind = i % 11;
  if (kind > 3) return [];
  const rule = [TOLL, TOLL, EXTEND, AFTER][kind]!;
  const requestedAt = new Date(Date.parse(receivedAt) + 86_400_000).toISOString();
  return [
    {
      id: `rfi-${String(i).padStart(8, '0')}`,
      requestedAt,
      requestedBy: 'director',
      respondBy: RESPOND_BY,
      items: [{ kindId: 'office-notes', loinc: '11506-3', label: 'Office notes', reportType: 'OB', detail: '', codes: [] }],
      note: '',
      resumeStatus: 'in-review',
      dueAtBefore: new Date(Date.parse(receivedAt) + 5 * 86_400_000).toISOString(),
      clockRule: rule,
      // One tolled request answered before its time ran out; the other still awaited.
      ...(kind === 1 ? { received: { at: '2026-10-03T15:30:00.000Z', via: 'reviewer' as const, by: 'director', note: '' } } : {}),
    },
  ];
}

async function seed(s: TeamStore) {
  const demo = await s.getCase(await loadDemoCase(s, path.join(REPO_ROOT, 'resources')));
  for (let i = 0; i < 160; i++) {
    // Some share a receipt instant so ties are broken the same way on both sides.
    const receivedAt = new Date(Date.UTC(2026, 8, 20) + Math.floor(i / 3) * 7_200_000).toISOString();
    const at = new Date().toISOString();
    const c: CaseFile = {
      ...demo,
      id: `q-${String(i).padStart(3, '0')}`,
      status: STATUSES[i % 4]!,
      revisions: [],
      determination: undefined,
      documents: [],
      marks: [],
      findings: {},
      createdAt: at,
      updatedAt: at,
      informationRequests: informationRequest(i, receivedAt),
      request: {
        ...demo.request,
        member: { ...demo.request.member, name: NAMES[i % NAMES.length]!, id: `W${700 + (i % 13)}` },
        plan: { ...demo.request.plan, lineOfBusiness: LINES[i % 3]! },
        urgency: i % 5 === 0 ? 'expedited' : 'standard',
        guidelineId: GUIDELINES[i % 3]!,
        codes: [{ ...demo.request.codes[0]!, code: ['63650', '63685', '62350', '64490'][i % 4]! }],
        receivedAt,
      },
    };
    await s.createCase(c, [], { actor: 'intake', at, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } });
  }
}

/** The queue as the handlers computed it before the database kept clocks. */
async function expected(q: CaseQuery, now: Date): Promise<ReturnType<typeof queryCases>> {
  const rows: QueueRow[] = (await store.listCases()).map((s: CaseSummary) => {
    let dueAt: string | undefined;
    try {
      dueAt = computeDueAt({ receivedAt: s.receivedAt, urgency: s.urgency, lineOfBusiness: s.lineOfBusiness }, table).dueAt;
      if (s.informationRequest) dueAt = clockWithRequests(dueAt, s.receivedAt, [s.informationRequest as Parameters<typeof clockWithRequests>[2][number]], now).dueAt;
    } catch {
      dueAt = undefined;
    }
    return dueAt ? { ...s, dueAt } : { ...s };
  });
  return queryCases(rows, q, now);
}

const clocks = (t: TurnaroundTable, sha = 'a'.repeat(64)): QueueClocks => ({ rulesSha256: sha, clockOf: (s) => queueClockOf(s, t) });

/** The parts the queue shows, so a reordering or a wrong due date is a readable difference. */
function shown(r: Awaited<ReturnType<typeof expected>>) {
  return { ...r, rows: r.rows.map((x) => ({ id: x.id, dueAt: x.dueAt, status: x.status, memberName: x.memberName })) };
}

const queries: Partial<CaseQuery>[] = [
  ...(['due', 'received', 'member', 'status', 'updated'] as const).flatMap((sort) => [{ sort }, { sort, descending: true }]),
  { status: ['new', 'pending-info'] },
  { urgency: 'expedited', sort: 'member' },
  { lineOfBusiness: 'medicaid', sort: 'status', descending: true },
  { guidelineId: 'CMM-208' },
  { overdueOnly: true },
  { search: 'ÄNGSTRÖM' },
  { search: 'adams w70' },
  { search: 'öztürk 63685' },
  { search: 'nobody-has-this' },
  { offset: 40, limit: 25 },
  { offset: 150, limit: 50, sort: 'member', descending: true },
];

describe('team store: the queue answered in SQL', () => {
  for (const now of [EARLY, LATE]) {
    it(`gives the in-memory queue's answer for ${queries.length} queries at ${now.toISOString()}`, async () => {
      for (const partial of queries) {
        const q = CaseQuery.parse({ limit: 200, ...partial });
        const got = await store.queryQueue!(q, now, clocks(table));
        expect(shown(got), JSON.stringify(partial)).toEqual(shown(await expected(q, now)));
      }
    });
  }

  it('shows a tolled clock stopped before the time to respond ends and running after it', async () => {
    const q = CaseQuery.parse({ sort: 'received', limit: 200 });
    const early = await store.queryQueue!(q, EARLY, clocks(table));
    const late = await store.queryQueue!(q, LATE, clocks(table));
    const awaited = 'q-000'; // i % 11 === 0: tolled, nothing received
    expect(early.rows.find((r) => r.id === awaited)?.dueAt).toBeUndefined();
    expect(late.rows.find((r) => r.id === awaited)?.dueAt).toBeDefined();
    expect(Date.parse(late.rows.find((r) => r.id === awaited)!.dueAt!)).toBeGreaterThan(Date.parse(RESPOND_BY));
  });

  it('computes a clock again when its case changes, and keeps one set of clocks per turnaround table', async () => {
    const q = CaseQuery.parse({ sort: 'due', limit: 200 });
    await store.queryQueue!(q, LATE, clocks(table));
    // The case becomes expedited: its due date moves.
    const before = (await store.queryQueue!(q, LATE, clocks(table))).rows.find((r) => r.id === 'q-007')!;
    await store.updateCase('q-007', (c) => void (c.request.urgency = 'expedited'), testChange('urgency made expedited'));
    const after = (await store.queryQueue!(q, LATE, clocks(table))).rows.find((r) => r.id === 'q-007')!;
    expect(after.urgency).toBe('expedited');
    expect(after.dueAt).not.toBe(before.dueAt);
    expect(shown(await store.queryQueue!(q, LATE, clocks(table)))).toEqual(shown(await expected(q, LATE)));
    // Another app version with another table (every timeframe a day longer) keeps its own clocks.
    const longer: TurnaroundTable = { ...table, entries: table.entries.map((e) => ({ ...e, amount: e.amount + 1 })) };
    const other = await store.queryQueue!(q, LATE, clocks(longer, 'b'.repeat(64)));
    const mine = await store.queryQueue!(q, LATE, clocks(table));
    expect(other.rows.find((r) => r.id === 'q-007')!.dueAt).not.toBe(mine.rows.find((r) => r.id === 'q-007')!.dueAt);
    expect(shown(mine)).toEqual(shown(await expected(q, LATE)));
  });

  it('says who holds a taken case in its row', async () => {
    await store.assign('q-010', { kind: 'take' }, testChange('case taken'));
    const row = (await store.queryQueue!(CaseQuery.parse({ search: 'q-010' }), new Date(), clocks(table))).rows[0]!;
    expect(row.id).toBe('q-010');
    expect((row as { assignedTo?: string }).assignedTo).toMatch(/^director_/);
    expect(Date.parse((row as { assignmentExpiresAt?: string }).assignmentExpiresAt!)).toBeGreaterThan(Date.now());
  });
});
