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
   * Waits until someone commits a change (to `caseId`, or to any case) or `timeoutMs` passes: the
   * renderer calls it in a loop to refresh live (PostgreSQL LISTEN/NOTIFY behind it). `live` is
   * false with the local store, where nobody else changes anything: the loop stops.
   */
  'team.waitForChange': {
    request: z.strictObject({ caseId: caseId.optional(), timeoutMs: z.number().int().min(1000).max(60_000).default(25_000) }),
    response: z.object({ changed: z.boolean(), live: z.boolean() }),
  },
} as const;
