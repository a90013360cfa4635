/**
 * What surrounds the decision: the reviewer's profile (who signs), the case's audit trail with
 * its chain check, and the turnaround clock from rules/turnaround.json.
 */
import type { HandlersFor } from '../api/dispatch';
import { loadOnce } from '../api/load-once';
import type { decisionApi } from '../../shared/api/decision-api';
import { latestRevision } from '../../shared/determination/sign-and-amend';
import type { TurnaroundTable } from '../../shared/turnaround/turnaround-table';
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

    // The store reads and checks the trail (a missing case is 'not-found', a locked session refuses).
    'audit.list': async ({ caseId }) => store.readAudit(caseId),

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
