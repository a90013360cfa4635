/**
 * Team mode's roles and who may sign which outcome (rules/signing-permissions.json), and the
 * assignment of a case to one reviewer. Pure: the services check signing with `refusedOutcomes`,
 * and the database enforces the same table (resources/team-migrations/).
 */
import { z } from 'zod';
import { DeterminationOutcome } from '../determination/schema';

export const TeamRole = z.enum(['intake', 'nurse-reviewer', 'physician-reviewer', 'supervisor']);
export type TeamRole = z.infer<typeof TeamRole>;
export const TEAM_ROLES = TeamRole.options;

/** The PostgreSQL group role of each team role; a login is granted one or more. */
export const DATABASE_ROLE: Record<TeamRole, string> = {
  intake: 'workbench_intake',
  'nurse-reviewer': 'workbench_nurse_reviewer',
  'physician-reviewer': 'workbench_physician_reviewer',
  supervisor: 'workbench_supervisor',
};

export const SigningPermissions = z.strictObject({
  description: z.string(),
  source: z.string(),
  roles: z.record(TeamRole, z.strictObject({ title: z.string().min(1), description: z.string().min(1) })),
  mayCreateCases: z.array(TeamRole),
  /** Every outcome must be listed: an outcome nobody may sign would make a case unsignable. */
  maySign: z.record(DeterminationOutcome, z.array(TeamRole).min(1)),
});
export type SigningPermissions = z.infer<typeof SigningPermissions>;

/** A role as the screens name it when the rules' titles are not at hand: "Nurse reviewer". */
export function roleInWords(role: TeamRole): string {
  const words = role.replace(/-/g, ' ');
  return words[0]!.toUpperCase() + words.slice(1);
}

export function roleTitle(p: SigningPermissions, role: TeamRole): string {
  return p.roles[role]?.title ?? role;
}

/** The outcomes in `outcomes` that none of `roles` may sign, each once. */
export function refusedOutcomes(p: SigningPermissions, roles: readonly TeamRole[], outcomes: readonly DeterminationOutcome[]): DeterminationOutcome[] {
  const refused = outcomes.filter((o) => !(p.maySign[o] ?? []).some((r) => roles.includes(r)));
  return [...new Set(refused)];
}

/** Who signs an outcome, in words: "a physician reviewer", "a nurse reviewer or a physician reviewer". */
export function whoMaySign(p: SigningPermissions, outcome: DeterminationOutcome): string {
  const roles = p.maySign[outcome] ?? [];
  return roles.map((r) => `a ${roleTitle(p, r).toLowerCase()}`).join(' or ') || 'no one';
}

/** Who holds a case in team mode, and until when without activity. */
export const CaseAssignment = z.object({
  /** The database login of the reviewer who took the case. */
  holder: z.string(),
  since: z.iso.datetime({ offset: true }),
  lastActivityAt: z.iso.datetime({ offset: true }),
  /** When the claim lapses if the holder does nothing more with the case. */
  expiresAt: z.iso.datetime({ offset: true }),
});
export type CaseAssignment = z.infer<typeof CaseAssignment>;

/** Who is working: the database login and its roles (the local store: one director, every role). */
export const StoreUser = z.object({
  mode: z.enum(['local', 'team']),
  login: z.string(),
  roles: z.array(TeamRole),
});
export type StoreUser = z.infer<typeof StoreUser>;
