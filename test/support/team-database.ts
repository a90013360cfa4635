/**
 * A fresh team database on a throwaway cluster (test/support/pg-cluster.ts): created, migrated with
 * `team init`'s migration runner as the DBA, and logins made in the roles a test needs. Each login
 * gets its own password; a store opens as that login over TLS (verify-full), not as the superuser,
 * so grants and row-level security apply as they do in a department.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import fs from 'node:fs';
import { migrate } from '../../main/team/migrate';
import { parseDatabaseUrl } from '../../main/team/team-connection';
import { openTeamStore, type TeamStore } from '../../main/store/team-store';
import { plaintextCipherForTests } from '../../main/crypto/file-cipher';
import { DATABASE_ROLE, type TeamRole } from '../../shared/team/team-roles';
import type { PgCluster } from './pg-cluster';
import type { CaseStore } from '../../main/store/case-store-contract';
import { loadDemoCase } from '../../main/demo/load-demo-case';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
let counter = 0;

export interface TeamTestDatabase {
  name: string;
  /** Makes a login holding `roles`; returns its name. */
  login(name: string, roles: TeamRole[]): Promise<{ user: string; password: string }>;
  /** Opens a team store as `user` (local caches under `dataDir`). */
  open(user: { user: string; password: string }, dataDir: string, poolSize?: number): Promise<TeamStore>;
}

export async function adminClient(cluster: PgCluster, database = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.adminUser,
    password: cluster.adminPassword,
    database,
    ssl: { ca: fs.readFileSync(cluster.caFile), rejectUnauthorized: true },
  });
  await client.connect();
  return client;
}

export async function createTeamDatabase(cluster: PgCluster, prefix = 'wb'): Promise<TeamTestDatabase> {
  const name = `${prefix}_${process.pid}_${++counter}`;
  await cluster.psql(`CREATE DATABASE ${name}`);
  const admin = await adminClient(cluster, name);
  try {
    await migrate(admin, REPO_ROOT);
  } finally {
    await admin.end();
  }
  return {
    name,
    async login(user, roles) {
      const login = `${user}_${name}`;
      const password = randomBytes(12).toString('base64url');
      const groups = roles.map((r) => DATABASE_ROLE[r]).join(', ');
      await cluster.psql(`CREATE ROLE ${login} LOGIN PASSWORD '${password}'${groups ? ` IN ROLE ${groups}` : ''}; GRANT CONNECT ON DATABASE ${name} TO ${login}`);
      return { user: login, password };
    },
    open({ user, password }, dataDir, poolSize) {
      return openTeamStore({ database: parseDatabaseUrl(cluster.url(user, name)), password, dataDir, cipher: plaintextCipherForTests(), ...(poolSize ? { poolSize } : {}) });
    },
  };
}

/** `n` cases made from the demo case (without its records), ids returned. */
export async function demoCopies(store: CaseStore, n: number, prefix = 'shared'): Promise<string[]> {
  const demoId = await loadDemoCase(store, path.join(REPO_ROOT, 'resources'));
  const demo = await store.getCase(demoId);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const now = new Date().toISOString();
    const id = `${prefix}-${i}`;
    await store.createCase({ ...demo, id, status: 'new', revisions: [], determination: undefined, documents: [], marks: [], findings: {}, createdAt: now, updatedAt: now }, [], { actor: 'intake', at: now, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } });
    ids.push(id);
  }
  return ids;
}

