/**
 * rules/signing-permissions.json: who may sign which determination outcome in team mode. Read and
 * checked here for the services (decision.sign) and for `team init`, which copies it into the
 * database where a trigger enforces the same table.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { DeterminationOutcome } from '../../shared/determination/schema';
import { OUTCOME_LABEL } from '../../shared/determination/outcome-labels';
import { refusedOutcomes, SigningPermissions, whoMaySign, type TeamRole } from '../../shared/team/team-roles';

export const SIGNING_PERMISSIONS_FILE = path.join('rules', 'signing-permissions.json');

export async function readSigningPermissions(appRoot: string): Promise<SigningPermissions> {
  const file = path.join(appRoot, SIGNING_PERMISSIONS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${SIGNING_PERMISSIONS_FILE} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const parsed = SigningPermissions.safeParse(raw);
  if (!parsed.success) throw new Error(`${SIGNING_PERMISSIONS_FILE} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Why the signer's roles may not sign these outcomes, in a sentence; null when they may. */
export function signingRefusal(p: SigningPermissions, signer: { login: string; roles: readonly TeamRole[] }, outcomes: readonly DeterminationOutcome[]): { message: string; why: string[] } | null {
  const refused = refusedOutcomes(p, signer.roles, outcomes);
  if (refused.length === 0) return null;
  const held = signer.roles.length ? signer.roles.map((r) => p.roles[r]?.title.toLowerCase() ?? r).join(', ') : 'no team role';
  const why = refused.map((o) => `"${OUTCOME_LABEL[o]}" is signed only by ${whoMaySign(p, o)}`);
  return { message: `${why.join('; ')}. Your login ${signer.login} is ${held}. Leave the draft for a physician reviewer, or ask a supervisor to reassign the case.`, why };
}

/** Refuses, in a sentence, a signature on outcomes the signer's roles may not sign. */
export function checkMaySign(p: SigningPermissions, signer: { login: string; roles: readonly TeamRole[] }, outcomes: readonly DeterminationOutcome[]): void {
  const refusal = signingRefusal(p, signer, outcomes);
  if (refusal) throw new WorkbenchError('not-permitted', `Not signed: ${refusal.message}`, refusal.why);
}
