/**
 * team.whoAmI and taking, releasing and reassigning a case. In team mode they are the team
 * store's (main/store/team-store.ts: audited, checked again by row-level security); with the
 * local store one director holds every role and there is nobody to take a case from.
 */
import type { HandlersFor } from '../api/dispatch';
import type { teamApi } from '../../shared/api/team-api';
import { WorkbenchError } from '../../shared/api/errors';
import { TEAM_ROLES } from '../../shared/team/team-roles';
import { changeRecorder } from '../audit/audit-events';
import type { TeamStore } from '../store/team-store';
import type { FileCipher } from '../crypto/file-cipher';
import type { TeamProbe } from '../../shared/api/team-api';
import { describeDatabase, parseDatabaseUrl, TeamConnectionError, type TeamDatabase } from './team-connection';
import { probeTeamDatabase, withTeamConnection } from './team-probe';
import { forgetConnection, readSavedConnection, saveConnection } from './team-settings';

export interface TeamContext {
  /** The team store's own methods; absent with the local store. */
  team?: Pick<TeamStore, 'whoAmI' | 'assignment' | 'assign' | 'watch'>;
  /** For the team settings screen: where connections are saved, and what this window was started on. */
  connection: { dataDir: string; cipher: FileCipher; appRoot: string; active?: { source: 'environment' | 'settings'; database: string } };
  reviewer: () => string;
  now?: () => Date;
}

const LOCAL = "This workbench keeps one director's cases on this machine: there is no one to take a case from. Team mode shares a queue (README, \"Team mode\").";

export function createTeamHandlers(ctx: TeamContext): HandlersFor<typeof teamApi> {
  const record = changeRecorder(ctx.reviewer, () => (ctx.now ? ctx.now() : new Date()));
  // The store writes the event's summary itself: only it knows who held the case before.
  const assigned = (key: string) => record(key, { type: 'assignment-changed', summary: 'assignment changed' });
  const team = () => {
    if (!ctx.team) throw new WorkbenchError('invalid-request', LOCAL);
    return ctx.team;
  };
  /** Connects once with what was typed; what is wrong comes back as a sentence, never as the password. */
  async function probe(url: string, password: string): Promise<{ probe: TeamProbe | null; problem?: string }> {
    let database: TeamDatabase;
    try {
      database = parseDatabaseUrl(url);
    } catch (e) {
      if (e instanceof TeamConnectionError) return { probe: null, problem: e.message };
      throw e;
    }
    try {
      const found = await withTeamConnection(database, password, (client) => probeTeamDatabase(client, database, ctx.connection.appRoot));
      return { probe: found, ...(found.problem ? { problem: found.problem } : {}) };
    } catch (e) {
      if (e instanceof TeamConnectionError || e instanceof WorkbenchError) return { probe: null, problem: `${describeDatabase(database)}: ${e.message}` };
      throw e;
    }
  }

  return {
    'team.whoAmI': async () => (ctx.team ? ctx.team.whoAmI() : { mode: 'local', login: ctx.reviewer(), roles: [...TEAM_ROLES] }),
    'cases.assignment': async ({ caseId }) => ({ assignment: ctx.team ? await ctx.team.assignment(caseId) : null }),
    'cases.take': async ({ caseId, idempotencyKey }) => ({ assignment: await team().assign(caseId, { kind: 'take' }, assigned(idempotencyKey)) }),
    'cases.release': async ({ caseId, idempotencyKey }) => ({ assignment: await team().assign(caseId, { kind: 'release' }, assigned(idempotencyKey)) }),
    'team.waitForChange': async ({ caseId, timeoutMs }) => {
      const t = ctx.team;
      if (!t) return { changed: false, live: false };
      // This window already shows its own changes (the answer to each): only the others' count.
      const { login } = await t.whoAmI();
      return new Promise((resolve) => {
        const done = (changed: boolean) => {
          clearTimeout(timer);
          stop();
          resolve({ changed, live: true });
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        const stop = t.watch((c) => {
          if (c.by === login) return;
          if (!caseId || c.caseId === caseId || c.caseId === '*') done(true);
        });
      });
    },
    'team.connection': async () => {
      const { active } = ctx.connection;
      const saved = await readSavedConnection(ctx.connection.dataDir).catch(() => null);
      return { mode: active ? 'team' : 'local', source: active?.source ?? null, database: active?.database ?? null, saved };
    },
    'team.testConnection': async ({ url, password }) => probe(url, password),
    'team.saveConnection': async ({ url, password }) => {
      const tested = await probe(url, password);
      if (!tested.probe?.ready) return { saved: false, ...tested };
      await saveConnection(ctx.connection.dataDir, ctx.connection.cipher, url, password);
      return { saved: true, ...tested };
    },
    'team.forgetConnection': async () => {
      const had = !!(await readSavedConnection(ctx.connection.dataDir).catch(() => ({ url: '' })));
      await forgetConnection(ctx.connection.dataDir);
      return { removed: had };
    },
    'cases.reassign': async ({ caseId, idempotencyKey, to }) => ({ assignment: await team().assign(caseId, { kind: 'reassign', to }, assigned(idempotencyKey)) }),
  };
}
