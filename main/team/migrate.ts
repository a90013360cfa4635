/**
 * The team database's schema, from versioned SQL files (resources/team-migrations/NNN-name.sql),
 * each applied in one transaction together with its row in workbench_schema_version, under an
 * advisory lock so two `team init`s cannot race. A file already applied is never run again; one
 * whose text changed since is reported, not re-run. Then the signing permissions of
 * rules/signing-permissions.json are copied into the database (the trigger that checks every
 * signed revision reads them there).
 *
 * Plain SQL files rather than a migration framework: the schema is mostly grants, row-level
 * security and triggers, which are SQL in any tool, and this is the whole runner (README, design notes).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { DATABASE_ROLE } from '../../shared/team/team-roles';
import { readSigningPermissions } from './signing-permissions';

export const MIGRATIONS_DIR = path.join('resources', 'team-migrations');
const LOCK_ID = 0x7762_7363; // 'wbsc'

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export async function readMigrations(appRoot: string): Promise<Migration[]> {
  const dir = path.join(appRoot, MIGRATIONS_DIR);
  const files = (await fs.readdir(dir)).filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (f) => {
      const sql = await fs.readFile(path.join(dir, f), 'utf8');
      return { version: Number(f.slice(0, 3)), name: f.slice(4, -4), sql, sha256: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export interface MigrationResult {
  applied: string[];
  schemaVersion: number;
  /** Applied files whose text differs from the one in the repository now. */
  changedSinceApplied: string[];
}

const SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS workbench_schema_version (
  version integer PRIMARY KEY,
  name text NOT NULL,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT current_user
)`;

/** The schema version the database is at (0 when `team init` has not run). */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('public.workbench_schema_version') IS NOT NULL AS ok`);
  if (!exists.rows[0].ok) return 0;
  const r = await client.query('SELECT coalesce(max(version), 0) AS v FROM workbench_schema_version');
  return Number(r.rows[0].v);
}

export async function migrate(client: pg.ClientBase, appRoot: string): Promise<MigrationResult> {
  const migrations = await readMigrations(appRoot);
  const permissions = await readSigningPermissions(appRoot);
  const applied: string[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
  try {
    await client.query(SCHEMA_TABLE);
    await client.query('REVOKE ALL ON workbench_schema_version FROM PUBLIC');
    const done = new Map<number, string>((await client.query('SELECT version, sha256 FROM workbench_schema_version')).rows.map((r) => [Number(r.version), String(r.sha256)]));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO workbench_schema_version (version, name, sha256) VALUES ($1, $2, $3)', [m.version, m.name, m.sha256]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.version}-${m.name} failed, nothing of it was applied: ${(e as Error).message}`, { cause: e });
      }
      applied.push(`${m.version}-${m.name}`);
      done.set(m.version, m.sha256);
    }
    // The signing permissions follow the rules file, in one transaction.
    await client.query('BEGIN');
    try {
      await client.query('DELETE FROM signing_permissions');
      for (const [outcome, roles] of Object.entries(permissions.maySign)) {
        for (const role of roles ?? []) await client.query('INSERT INTO signing_permissions (outcome, role) VALUES ($1, $2)', [outcome, DATABASE_ROLE[role]]);
      }
      // Whoever initializes the schema may push local cases with their history (`team push`).
      await client.query(`DO $$ BEGIN EXECUTE format('GRANT workbench_admin TO %I', current_user); END $$`);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
    const changedSinceApplied = migrations.filter((m) => done.get(m.version) !== m.sha256).map((m) => `${m.version}-${m.name}`);
    return { applied, schemaVersion: await schemaVersion(client), changedSinceApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]);
  }
}
