/**
 * No lost update in the team store: several clients (each its own connection pool, so their
 * transactions really interleave on the server) make many changes over a few shared cases at once.
 * Every change must land exactly once, each with its event, and every case's chain must verify.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamStore } from '../../../main/store/team-store';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { createTeamDatabase, demoCopies } from '../../support/team-database';

let cluster: PgCluster;
const stores: TeamStore[] = [];
let dir: string;
beforeAll(async () => {
  cluster = await startPgCluster({ name: 'concurrency' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-conc-'));
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await cluster?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('team store: several reviewers changing the same cases at once', () => {
  it('loses no update: every change lands once with its event, and every chain verifies', async () => {
    const db = await createTeamDatabase(cluster);
    const login = await db.login('reviewer', ['intake', 'nurse-reviewer', 'physician-reviewer']);
    const clients = await Promise.all(Array.from({ length: 4 }, () => db.open(login, dir, 2)));
    stores.push(...clients);
    const cases = await demoCopies(clients[0]!, 5);
    const before = new Map(await Promise.all(cases.map(async (id) => [id, (await clients[0]!.readAudit(id)).events.length] as const)));
    const PER_CLIENT = 60;
    await Promise.all(
      clients.map(async (store, client) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const caseId = cases[(i * 7 + client) % cases.length]!;
          const key = `c${client}-${i}`;
          // Each change reads what is there and adds to it: a lost update would drop someone's finding.
          await store.updateCase(caseId, (c) => void (c.findings[`CMM-211.x-${key}`] = { status: 'met', facts: {}, note: `${Object.keys(c.findings).length}` }), {
            idempotencyKey: key,
            actor: `reviewer ${client}`,
            at: new Date().toISOString(),
            audit: { type: 'finding-set', summary: `finding ${key}` },
          });
        }
      }),
    );
    let landed = 0;
    for (const id of cases) {
      const c = await clients[1]!.getCase(id);
      const mine = Object.keys(c.findings).filter((k) => k.startsWith('CMM-211.x-'));
      landed += mine.length;
      const trail = await clients[2]!.readAudit(id);
      expect(trail.chain).toEqual({ ok: true, count: before.get(id)! + mine.length });
      expect(trail.events.filter((e) => e.type === 'finding-set').map((e) => e.summary).sort()).toEqual(mine.map((k) => `finding ${k.slice('CMM-211.x-'.length)}`).sort());
    }
    expect(landed).toBe(clients.length * PER_CLIENT);
    // The test is only worth something if the clients really collided and re-applied.
    expect(clients.reduce((n, s) => n + s.stats.conflicts, 0)).toBeGreaterThan(0);
  }, 120_000);
});
