/**
 * Team mode from the command line: `team init` creates or brings up to date the schema of the
 * team database, `team status` says what the workbench sees there, `team push` moves a local
 * store's cases into it with their audit trails, each verified before and after.
 */
import pg from 'pg';
import { CliUsageError, type CliCommand, type CliContext } from './command';
import { CliInputError } from './file-errors';
import { describeDatabase, poolConfig, toWorkbenchError } from '../team/team-connection';
import { migrate, readMigrations, schemaVersion } from '../team/migrate';
import { DATABASE_ROLE, TEAM_ROLES } from '../../shared/team/team-roles';
import { caseIdParam } from '../../shared/api/common';
import type { TeamDatabaseChoice } from './team-database';

const NO_DATABASE = 'Name the team database with --database postgres://login@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.crt or WORKBENCH_DATABASE_URL.';

async function chosen(ctx: CliContext): Promise<TeamDatabaseChoice> {
  const choice = await ctx.teamDatabase?.();
  if (!choice) throw new CliInputError(NO_DATABASE);
  return choice;
}

/** One connection for the command, always ended (an open connection would keep the process alive). */
async function withConnection<T>(choice: TeamDatabaseChoice, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(await poolConfig(choice.database, choice.password));
  try {
    await client.connect();
    return await fn(client);
  } catch (e) {
    const w = toWorkbenchError(e);
    throw new CliInputError(`${describeDatabase(choice.database)}: ${w instanceof Error ? w.message : String(w)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const teamInit: CliCommand = {
  words: ['team', 'init'],
  dataFolder: 'none',
  usage: 'team init --database <url> [--password-file <file>]',
  summary: 'Create or update the team database schema (roles, tables, row-level security) and copy in rules/signing-permissions.json.',
  async run(args, ctx) {
    if (args.length) throw new CliUsageError(`team init takes no arguments (got ${args.join(' ')})`);
    const choice = await chosen(ctx);
    const r = await withConnection(choice, (client) => migrate(client, ctx.appRoot));
    ctx.out(r.applied.length ? `Applied ${r.applied.join(', ')}.` : 'The schema was already up to date.');
    ctx.out(`${describeDatabase(choice.database)} is at schema version ${r.schemaVersion}; signing permissions copied from rules/signing-permissions.json.`);
    if (r.changedSinceApplied.length) ctx.err(`Changed since they were applied (not run again; add a new migration instead): ${r.changedSinceApplied.join(', ')}.`);
    return 0;
  },
};

export const teamStatus: CliCommand = {
  words: ['team', 'status'],
  dataFolder: 'none',
  usage: 'team status --database <url> [--password-file <file>]',
  summary: 'Show the team database connection (TLS), its schema version, your roles, who is connected, and the queue size.',
  async run(args, ctx) {
    if (args.length) throw new CliUsageError(`team status takes no arguments (got ${args.join(' ')})`);
    const choice = await chosen(ctx);
    const latest = Math.max(0, ...(await readMigrations(ctx.appRoot)).map((m) => m.version));
    return withConnection(choice, async (client) => {
      const server = (await client.query<{ v: string; ssl: boolean; tls: string | null }>(
        "SELECT current_setting('server_version') AS v, s.ssl, s.version AS tls FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()",
      )).rows[0]!;
      const version = await schemaVersion(client);
      ctx.out(`Connected to ${describeDatabase(choice.database)}: PostgreSQL ${server.v}, ${server.ssl ? `TLS ${server.tls}, certificate verified (verify-full)` : 'NOT encrypted'}.`);
      ctx.out(`Schema version ${version}${version < latest ? ` (this workbench has ${latest}: run team init)` : version > latest ? ` (newer than this workbench knows, ${latest}: update the workbench)` : ', up to date'}.`);
      if (version === 0) return 1;
      const names = TEAM_ROLES.map((r) => DATABASE_ROLE[r]);
      const mine = (await client.query<{ r: string }>("SELECT r FROM unnest($1::text[]) r WHERE pg_has_role(current_user, r, 'MEMBER')", [names])).rows.map((x) => x.r);
      ctx.out(`You are ${choice.database.user}: ${mine.length ? TEAM_ROLES.filter((t) => mine.includes(DATABASE_ROLE[t])).join(', ') : 'no team role'}.`);
      const who = (await client.query<{ usename: string; n: string }>(
        "SELECT usename, count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'reviewer-workbench' GROUP BY usename ORDER BY usename",
      )).rows;
      ctx.out(`Connected workbenches: ${who.map((w) => `${w.usename} (${w.n})`).join(', ') || 'none'}.`);
      const q = (await client.query<{ total: string; held: string }>(
        "SELECT count(*) AS total, count(*) FILTER (WHERE assigned_to IS NOT NULL AND NOT workbench_claim_expired(last_activity_at)) AS held FROM cases",
      )).rows[0]!;
      ctx.out(`Queue: ${q.total} case${q.total === '1' ? '' : 's'}, ${q.held} taken.`);
      return 0;
    });
  },
};

export const teamPush: CliCommand = {
  words: ['team', 'push'],
  usage: 'team push [caseId ...] --database <url> [--password-file <file>] [--data <dir>]',
  summary: "Move the local store's cases (all, or those named) into the team database with their audit trails, verified before and after.",
  async run(args, ctx) {
    for (const id of args) if (!caseIdParam.safeParse(id).success) throw new CliUsageError(`${id} is not a case id`);
    if (!ctx.openStores || !(await ctx.teamDatabase?.())) throw new CliInputError(NO_DATABASE);
    const { local, team } = await ctx.openStores();
    const ids = args.length ? args : (await local.listCases()).filter((c) => !c.damaged).map((c) => c.id);
    let failed = 0;
    for (const id of ids) {
      try {
        const caseFile = await local.getCase(id);
        const trail = await local.readAudit(id);
        if (!trail.chain.ok || trail.problem) throw new Error(`its local audit trail does not verify${trail.problem ? ` (${trail.problem})` : ''}`);
        const documents = await Promise.all(caseFile.documents.map(async (d) => ({ sha256: d.sha256, bytes: await local.readDocument(id, d.sha256) })));
        if (!(await team.importCase(caseFile, documents, trail.events))) {
          ctx.out(`${id}: already in the team database; left as it is there.`);
          continue;
        }
        const after = await team.readAudit(id);
        if (!after.chain.ok || after.chain.count !== trail.events.length) throw new Error('its trail in the team database does not verify');
        ctx.out(`${id}: pushed with ${documents.length} record${documents.length === 1 ? '' : 's'} and ${after.chain.count} audit events; the chain verifies.`);
      } catch (e) {
        failed++;
        ctx.err(`${id}: not pushed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (ids.length === 0) ctx.out(`No cases in ${ctx.dataDir} to push.`);
    return failed ? 1 : 0;
  },
};
