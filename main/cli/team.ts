/**
 * Team mode from the command line: `team init` creates or brings up to date the schema of the
 * team database, `team status` says what the workbench sees there, `team push` moves a local
 * store's cases into it with their audit trails, each verified before and after.
 */
import type pg from 'pg';
import { CliUsageError, type CliCommand, type CliContext } from './command';
import { CliInputError } from './file-errors';
import { describeDatabase } from '../team/team-connection';
import { probeTeamDatabase, withTeamConnection } from '../team/team-probe';
import { migrate } from '../team/migrate';
import { caseIdParam } from '../../shared/api/common';
import type { TeamDatabaseChoice } from './team-database';

const NO_DATABASE = 'Name the team database with --database postgres://login@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.crt or WORKBENCH_DATABASE_URL.';

async function chosen(ctx: CliContext): Promise<TeamDatabaseChoice> {
  const choice = await ctx.teamDatabase?.();
  if (!choice) throw new CliInputError(NO_DATABASE);
  return choice;
}

/** One connection for the command; a refusal or an unreachable server said as the command's error. */
async function withConnection<T>(choice: TeamDatabaseChoice, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  try {
    return await withTeamConnection(choice.database, choice.password, fn);
  } catch (e) {
    throw new CliInputError(`${describeDatabase(choice.database)}: ${e instanceof Error ? e.message : String(e)}`);
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
    return withConnection(choice, async (client) => {
      const probe = await probeTeamDatabase(client, choice.database, ctx.appRoot);
      for (const line of probe.lines) ctx.out(line);
      // Exit 1 only when there is no schema at all; an old schema or no role is said, and status still answers.
      return probe.schemaVersion === 0 ? 1 : 0;
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
