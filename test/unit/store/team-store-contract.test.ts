/**
 * The store contract's suite against the team store: a real PostgreSQL 15 server started for this
 * file (test/support/pg-cluster.ts), a fresh migrated database per test, a login holding the four
 * team roles, TLS with the server's name verified. No server binaries is a failure, not a skip.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import type { TeamStore } from '../../../main/store/team-store';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { createTeamDatabase, REPO_ROOT } from '../../support/team-database';
import { describeCaseStoreContract } from './case-store-contract';

let cluster: PgCluster;
const stores: TeamStore[] = [];
const temps: string[] = [];
beforeAll(async () => {
  cluster = await startPgCluster({ name: 'contract' });
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await cluster?.stop();
  for (const d of temps) await fs.rm(d, { recursive: true, force: true });
});

describeCaseStoreContract('team PostgreSQL store', async () => {
  const db = await createTeamDatabase(cluster);
  const everyRole = await db.login('director', ['intake', 'nurse-reviewer', 'physician-reviewer', 'supervisor']);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-contract-'));
  temps.push(dir);
  const open = async () => {
    const s = await db.open(everyRole, dir);
    stores.push(s);
    return s;
  };
  const store = await open();
  const caseId = await loadDemoCase(store, path.join(REPO_ROOT, 'resources'));
  return { store, caseId, reopen: open };
});
