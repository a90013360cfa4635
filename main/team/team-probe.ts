/**
 * What the workbench sees on a team database, in sentences: the connection and its TLS, the schema
 * version against this workbench's migrations, the login's team roles, who is connected, the queue.
 * `team status` prints it; the team settings screen shows it before a connection is saved.
 */
import pg from 'pg';
import { DATABASE_ROLE, TEAM_ROLES, roleInWords } from '../../shared/team/team-roles';
import { readMigrations, schemaVersion } from './migrate';
import { describeDatabase, poolConfig, toWorkbenchError, type TeamDatabase } from './team-connection';

export interface TeamProbe {
  /** Connected over verified TLS, schema up to date, and the login holds a team role. */
  ready: boolean;
  /** 0 when `team init` has not run on the database. */
  schemaVersion: number;
  lines: string[];
  /** Why it is not ready, in a sentence with what to do. */
  problem?: string;
}

/** One connection, always ended (an open connection would keep a CLI process alive). */
export async function withTeamConnection<T>(database: TeamDatabase, password: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(await poolConfig(database, password));
  try {
    await client.connect();
    return await fn(client);
  } catch (e) {
    throw toWorkbenchError(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const noRole = (database: TeamDatabase) => `${database.user} holds no team role: the database administrator grants one (${TEAM_ROLES.map(roleInWords).join(', ').toLowerCase()}).`;

export async function probeTeamDatabase(client: pg.ClientBase, database: TeamDatabase, appRoot: string): Promise<TeamProbe> {
  const lines: string[] = [];
  const latest = Math.max(0, ...(await readMigrations(appRoot)).map((m) => m.version));
  const server = (await client.query<{ v: string; ssl: boolean; tls: string | null }>(
    "SELECT current_setting('server_version') AS v, s.ssl, s.version AS tls FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()",
  )).rows[0]!;
  lines.push(`Connected to ${describeDatabase(database)}: PostgreSQL ${server.v}, ${server.ssl ? `TLS ${server.tls}, certificate verified (verify-full)` : 'NOT encrypted'}.`);
  const names = TEAM_ROLES.map((r) => DATABASE_ROLE[r]);
  const mine = (await client.query<{ r: string }>("SELECT r FROM unnest($1::text[]) r WHERE to_regrole(r) IS NOT NULL AND pg_has_role(current_user, r, 'MEMBER')", [names])).rows.map((x) => x.r);
  const roles = TEAM_ROLES.filter((t) => mine.includes(DATABASE_ROLE[t]));
  // The schema's version table is readable by the team roles (and the administrator), not by any login.
  const canReadVersion = (await client.query<{ ok: boolean }>("SELECT to_regclass('public.workbench_schema_version') IS NULL OR has_table_privilege('public.workbench_schema_version', 'SELECT') AS ok")).rows[0]!.ok;
  if (!canReadVersion && !roles.length) {
    lines.push(`You are ${database.user}: no team role.`);
    return { ready: false, schemaVersion: 0, lines, problem: noRole(database) };
  }
  if (!canReadVersion) {
    // Schema version 1 kept the table from the team roles (002 grants it).
    lines.push(`Schema version 1 or older (this workbench has ${latest}: run team init).`);
    return { ready: false, schemaVersion: 1, lines, problem: `The database's schema is older than this workbench's (${latest}): the database administrator runs \`team init\` to bring it up to date.` };
  }
  const version = await schemaVersion(client);
  lines.push(`Schema version ${version}${version < latest ? ` (this workbench has ${latest}: run team init)` : version > latest ? ` (newer than this workbench knows, ${latest}: update the workbench)` : ', up to date'}.`);
  if (version === 0) return { ready: false, schemaVersion: version, lines, problem: 'The database has no workbench schema yet: the database administrator runs `team init` on it first.' };
  lines.push(`You are ${database.user}: ${roles.length ? roles.join(', ') : 'no team role'}.`);
  const who = (await client.query<{ usename: string; n: string }>(
    "SELECT usename, count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'reviewer-workbench' GROUP BY usename ORDER BY usename",
  )).rows;
  lines.push(`Connected workbenches: ${who.map((w) => `${w.usename} (${w.n})`).join(', ') || 'none'}.`);
  const q = (await client.query<{ total: string; held: string }>(
    'SELECT count(*) AS total, count(*) FILTER (WHERE assigned_to IS NOT NULL AND NOT workbench_claim_expired(last_activity_at)) AS held FROM cases',
  )).rows[0]!;
  lines.push(`Queue: ${q.total} case${q.total === '1' ? '' : 's'}, ${q.held} taken.`);
  if (version < latest) return { ready: false, schemaVersion: version, lines, problem: `The database's schema is older than this workbench's (${version} of ${latest}): the database administrator runs \`team init\` to bring it up to date.` };
  if (version > latest) return { ready: false, schemaVersion: version, lines, problem: 'The database was set up by a newer workbench: update this workbench first.' };
  if (!roles.length) return { ready: false, schemaVersion: version, lines, problem: noRole(database) };
  return { ready: true, schemaVersion: version, lines };
}
