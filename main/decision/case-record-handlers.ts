/**
 * What surrounds the decision: the reviewer's profile (who signs), the case's audit trail with
 * its chain check, and the turnaround clock from rules/turnaround.json.
 */
import type { HandlersFor } from '../api/dispatch';
import { loadOnce } from '../api/load-once';
import type { decisionApi } from '../../shared/api/decision-api';
import type { AuditEvent } from '../../shared/audit/audit-event';
import { latestRevision } from '../../shared/determination/sign-and-amend';
import type { TurnaroundTable } from '../../shared/turnaround/turnaround-table';
import { readAuditEvents, verifyCaseAudit } from '../audit/audit-log';
import { loadTurnaroundTable } from '../turnaround/load-turnaround-table';
import type { CaseStore } from '../store/case-store';
import { readReviewerProfile, writeReviewerProfile } from './reviewer-profile-file';
import { caseClock } from '../information-request/information-request-handlers';

export interface CaseRecordContext {
  store: CaseStore;
  appRoot: string;
  dataDir: string;
  /** rules/turnaround.json, shared with the intake handlers; read from appRoot when absent. */
  turnaround?: () => Promise<TurnaroundTable>;
  /** Called once a profile is saved, so the name on later changes follows it. */
  onProfileSaved?: () => Promise<void>;
  now?: () => Date;
}

type Methods = 'settings.getProfile' | 'settings.setProfile' | 'audit.list' | 'turnaround.get';

export function createCaseRecordHandlers(ctx: CaseRecordContext): Pick<HandlersFor<typeof decisionApi>, Methods> {
  const { store } = ctx;
  const turnaround = ctx.turnaround ?? loadOnce(() => loadTurnaroundTable(ctx.appRoot));

  return {
    'settings.getProfile': async () => ({ profile: await readReviewerProfile(ctx.dataDir) }),

    'settings.setProfile': async ({ profile }) => {
      const saved = await writeReviewerProfile(ctx.dataDir, profile);
      await ctx.onProfileSaved?.();
      return { profile: saved };
    },

    'audit.list': async ({ caseId }) => {
      // Reading the case first: a missing case is 'not-found', and a locked session refuses here.
      await store.getCase(caseId);
      const dir = store.caseDir(caseId);
      // The trail's lines are sealed with the store's key, like the case file.
      const chain = await verifyCaseAudit(dir, store.cipher);
      let events: AuditEvent[] = [];
      let problem: string | undefined;
      try {
        events = await readAuditEvents(dir, store.cipher);
      } catch (e) {
        problem = e instanceof Error ? e.message.replace(dir, 'the case folder') : 'The audit trail cannot be read.';
      }
      return { events, chain, ...(problem ? { problem } : {}) };
    },

    'turnaround.get': async ({ caseId }) => {
      const [caseFile, t] = await Promise.all([store.getCase(caseId), turnaround()]);
      // A request for information moves or stops the clock as rules/turnaround.json says.
      const clock = caseClock(caseFile, t, ctx.now ? ctx.now() : new Date());
      const { timeframe } = clock.base;
      const decided = caseFile.status === 'signed' ? latestRevision(caseFile)?.signedAt : undefined;
      return {
        dueAt: clock.dueAt,
        amount: timeframe.amount,
        unit: timeframe.unit,
        source: timeframe.note ? `${timeframe.source} ${timeframe.note}` : timeframe.source,
        ...(decided ? { decidedAt: decided } : {}),
        ...(clock.stoppedSince ? { stoppedSince: clock.stoppedSince } : {}),
        ...(clock.explanation ? { informationRequest: clock.explanation } : {}),
      };
    },
  };
}
