/**
 * Team mode's part of the API: who is working in which roles, and who has a case. With the local
 * store (one director) `team.whoAmI` answers mode 'local' with every role and nobody ever holds a
 * case; taking one is refused in a sentence.
 */
import { z } from 'zod';
import { caseIdParam as caseId } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';
import { CaseAssignment, StoreUser } from '../team/team-roles';

/** A database login, as PostgreSQL names roles. */
const login = z.string().regex(/^[a-z_][a-z0-9_$]{0,62}$/, 'a login is lower-case letters, digits and _');

/** What the workbench saw on a team database (main/team/team-probe.ts), in sentences. */
export const TeamProbe = z.object({
  ready: z.boolean(),
  schemaVersion: z.number().int(),
  lines: z.array(z.string()),
  problem: z.string().optional(),
});
export type TeamProbe = z.infer<typeof TeamProbe>;

/** A connection as typed on the team settings screen: the URL carries no password (refused with a sentence if it does). */
const ConnectionRequest = z.strictObject({ url: z.string().trim().min(1).max(2000), password: z.string().min(1).max(1000) });

export const teamApi = {
  'team.whoAmI': {
    request: z.strictObject({}),
    response: StoreUser,
  },
  /** Who has the case now; null when nobody does (or their claim lapsed). */
  'cases.assignment': {
    request: z.strictObject({ caseId }),
    response: z.object({ assignment: CaseAssignment.nullable() }),
  },
  /** Takes the case: the others read it only until it is released, lapses or a supervisor reassigns it (audited). */
  'cases.take': {
    request: z.strictObject({ caseId, idempotencyKey }),
    response: z.object({ assignment: CaseAssignment.nullable() }),
  },
  'cases.release': {
    request: z.strictObject({ caseId, idempotencyKey }),
    response: z.object({ assignment: CaseAssignment.nullable() }),
  },
  /** A supervisor gives the case to another reviewer's login. */
  'cases.reassign': {
    request: z.strictObject({ caseId, idempotencyKey, to: login }),
    response: z.object({ assignment: CaseAssignment.nullable() }),
  },
  /**
   * Waits until another login commits a change (to `caseId`, or to any case) or `timeoutMs` passes: the
   * renderer calls it in a loop to refresh live (PostgreSQL LISTEN/NOTIFY behind it). `live` is
   * false with the local store, where nobody else changes anything: the loop stops.
   */
  'team.waitForChange': {
    request: z.strictObject({ caseId: caseId.optional(), timeoutMs: z.number().int().min(1000).max(60_000).default(25_000) }),
    response: z.object({ changed: z.boolean(), live: z.boolean() }),
  },
  /**
   * The store this window works on (chosen at start) and the team database saved on the settings
   * screen, if any; the URL only, never the password.
   */
  'team.connection': {
    request: z.strictObject({}),
    response: z.object({
      mode: z.enum(['local', 'team']),
      source: z.enum(['environment', 'settings']).nullable(),
      database: z.string().nullable(),
      saved: z.object({ url: z.string() }).nullable(),
    }),
  },
  /** Connects with the typed URL and password and says what it found; nothing is saved. */
  'team.testConnection': {
    request: ConnectionRequest,
    response: z.object({ probe: TeamProbe.nullable(), problem: z.string().optional() }),
  },
  /** Tests the connection and, only if it is ready, saves it (the password encrypted): the next start opens the team store. */
  'team.saveConnection': {
    request: ConnectionRequest,
    response: z.object({ saved: z.boolean(), probe: TeamProbe.nullable(), problem: z.string().optional() }),
  },
  /** Removes the saved connection: the next start opens this machine's own store again. */
  'team.forgetConnection': {
    request: z.strictObject({}),
    response: z.object({ removed: z.boolean() }),
  },
} as const;
