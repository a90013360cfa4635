/**
 * The determination: read the draft and the checks, edit, acknowledge CMS policy, sign, amend.
 * Every change is made inside the store's queued update, on the case as it is on disk, through
 * the pure functions of shared/determination, so a signed case cannot be changed by any path.
 */
import type { HandlersFor } from '../api/dispatch';
import type { decisionApi } from '../../shared/api/decision-api';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseFile } from '../../shared/case/schema';
import type { RuleSet } from '../../shared/rules/rule-set';
import type { ReviewerProfile } from '../../shared/settings/profile';
import { acknowledgeCmsPolicy, amendDetermination, editDraft, latestRevision, signDetermination, type CaseChange } from '../../shared/determination/sign-and-amend';
import type { CaseStore, ChangeRecord } from '../store/case-store';
import { auditEvents, changeRecorder } from '../audit/audit-events';
import { decisionState, signingChecks, withDraft } from './decision-state';
import { readReviewerProfile } from './reviewer-profile-file';
import { evaluationOptions } from '../rules/evaluation-options';
import type { SigningPermissions, TeamRole } from '../../shared/team/team-roles';
import { checkMaySign, signingRefusal } from '../team/signing-permissions';

export interface DecisionContext {
  store: CaseStore;
  dataDir: string;
  rules: () => Promise<RuleSet>;
  /** Whoever acts, as the audit trail names them. */
  reviewer: () => string;
  now?: () => Date;
  /**
   * Team mode: the database login and its roles, and who may sign what (rules/signing-permissions.json).
   * Absent for the local store, whose one director signs every outcome. The database checks the same table.
   */
  team?: { signer: () => Promise<{ login: string; roles: TeamRole[] }>; permissions: () => Promise<SigningPermissions> };
}

type DecisionMethods = 'decision.get' | 'decision.edit' | 'decision.acknowledgeCms' | 'decision.sign' | 'decision.amend';

/** A refused change: read-only on a signed case, otherwise a conflict the messages explain. */
function applied(c: CaseFile, change: CaseChange): CaseFile {
  if (change.ok) return change.caseFile;
  throw new WorkbenchError(c.status === 'signed' ? 'read-only' : 'conflict', change.problems.join(' '), change.problems);
}

export function createDecisionHandlers(ctx: DecisionContext): Pick<HandlersFor<typeof decisionApi>, DecisionMethods> {
  const now = () => (ctx.now ? ctx.now() : new Date());
  const record = changeRecorder(ctx.reviewer, now);
  const { store } = ctx;

  async function state(caseFile: CaseFile, rules: RuleSet, profile?: ReviewerProfile | null) {
    const signer = profile === undefined ? await readReviewerProfile(ctx.dataDir) : profile;
    const s = decisionState(caseFile, rules, signer, now(), await evaluationOptions(store, caseFile));
    // Team mode: an outcome this login may not sign is said before Sign is pressed, not after.
    if (ctx.team && s.draft) {
      const [login, permissions] = await Promise.all([ctx.team.signer(), ctx.team.permissions()]);
      const refusal = signingRefusal(permissions, login, s.draft.determinations.map((d) => d.outcome));
      if (refusal) return { ...s, problems: [...s.problems, { kind: 'not-permitted', message: refusal.message }] };
    }
    return s;
  }

  /** Applies a change to the draft (starting it from the evaluation if none is saved) and returns the new state. */
  async function changeDraft(caseId: string, change: (c: CaseFile) => CaseChange, changeRecord: ChangeRecord) {
    const rules = await ctx.rules();
    const options = await evaluationOptions(store, await store.getCase(caseId));
    const updated = await store.updateCase(
      caseId,
      (c) => {
        if (c.status === 'signed') throw new WorkbenchError('read-only', 'This case is signed and read-only. Amend the determination to change it.');
        return applied(c, change(withDraft(c, rules, now(), options)));
      },
      changeRecord,
    );
    return state(updated, rules);
  }

  return {
    'decision.get': async ({ caseId }) => {
      // What the Decision tab shows, and what Sign then signs: a later change by someone else is named before it is signed.
      const [caseFile, rules] = await Promise.all([store.getCase(caseId, { shown: 'decision' }), ctx.rules()]);
      return state(caseFile, rules);
    },

    'decision.edit': async ({ caseId, idempotencyKey, determinations }) => {
      const codes = determinations.map((d) => d.code);
      const twice = codes.find((c, i) => codes.indexOf(c) !== i);
      if (twice) throw new WorkbenchError('invalid-request', `${twice} has two determinations; keep one.`);
      return changeDraft(caseId, (c) => editDraft(c, () => determinations, now()), record(idempotencyKey, auditEvents.determinationChanged(determinations)));
    },

    'decision.acknowledgeCms': async ({ caseId, idempotencyKey }) =>
      changeDraft(
        caseId,
        (c) => {
          const line = c.request.plan.lineOfBusiness;
          if (line !== 'medicare' && line !== 'medicare-advantage') {
            return { ok: false, problems: ['CMS coverage policy applies only to Medicare and Medicare Advantage members.'] };
          }
          return acknowledgeCmsPolicy(c, now());
        },
        record(idempotencyKey, auditEvents.cmsAcknowledged()),
      ),

    'decision.sign': async ({ caseId, idempotencyKey }) => {
      const [rules, profile, before, team] = await Promise.all([
        ctx.rules(),
        readReviewerProfile(ctx.dataDir),
        store.getCase(caseId),
        ctx.team ? Promise.all([ctx.team.signer(), ctx.team.permissions()]) : null,
      ]);
      const options = await evaluationOptions(store, before);
      const updated = await store.updateCase(
        caseId,
        (c) => {
          const current = withDraft(c, rules, now(), options);
          const result = signDetermination(current, profile ?? undefined, now(), signingChecks(current, rules, options));
          if (!result.ok) {
            throw new WorkbenchError(c.status === 'signed' ? 'read-only' : 'conflict', `Not signed: ${result.problems.join(' ')}`, result.problems);
          }
          if (team) checkMaySign(team[1], team[0], latestRevision(result.caseFile)!.determinations.map((d) => d.outcome));
          return result.caseFile;
        },
        record(idempotencyKey, (after) => auditEvents.signed(latestRevision(after)!)),
      );
      return state(updated, rules, profile);
    },

    'decision.amend': async ({ caseId, idempotencyKey }) => {
      const rules = await ctx.rules();
      const updated = await store.updateCase(
        caseId,
        (c) => {
          const change = amendDetermination(c, now());
          if (!change.ok) throw new WorkbenchError('conflict', change.problems.join(' '), change.problems);
          return change.caseFile;
        },
        record(idempotencyKey, auditEvents.amended),
      );
      return state(updated, rules);
    },
  };
}
