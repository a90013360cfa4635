/**
 * Builds the whole API: every area's handlers, joined once, behind the one dispatcher. Each
 * handler that changes a case hands the store the change and its audit event together
 * (main/store/case-store-contract.ts), so no change is saved without its event. Electron (main/index.ts), the
 * browser harness (test/e2e/harness.ts) and the benchmarks all build it here, so they cannot
 * drift apart. To add an area: its table in shared/api/<area>-api.ts, its handlers here.
 */
import path from 'node:path';
import { api, apiMethods } from '../shared/api/contract';
import { createDispatcher, type Dispatch, type Handlers } from './api/dispatch';
import { createReviewHandlers } from './review-handlers';
import { createIntakeHandlers } from './intake/intake-handlers';
import { createTextHandlers } from './text/text-handlers';
import { createTextService } from './text/text-service';
import { createEvidenceHandlers } from './evidence/evidence-handlers';
import { createLexiconProvider } from './evidence/lexicon-provider';
import { createImagingHandlers } from './imaging/imaging-handlers';
import { createDecisionHandlers } from './decision/decision-handlers';
import { createLetterHandlers, type ChooseSavePath, type ShowItemInFolder } from './decision/letter-handlers';
import { createCaseRecordHandlers } from './decision/case-record-handlers';
import { createInformationRequestHandlers } from './information-request/information-request-handlers';
import { createRulesProvider } from './rules/rules-provider';
import { loadTurnaroundTable } from './turnaround/load-turnaround-table';
import { loadOnce } from './api/load-once';
import type { CaseStore } from './store/case-store';
import { silentLog, type Log } from './log';
import { reviewerIdentity } from './decision/reviewer-identity';
import { readSigningPermissions } from './team/signing-permissions';
import type { TeamStore } from './store/team-store';
import { createTeamHandlers } from './team/team-handlers';

export interface WorkbenchDeps {
  store: CaseStore;
  /** Holds rules/ and resources/. */
  appRoot: string;
  dataDir: string;
  /** The OS account, recorded on every change beside the signing profile's name (main/decision/reviewer-identity.ts). */
  reviewer: () => string;
  log?: Log;
  now?: () => Date;
  /** Where to export a letter: a native save dialog in the app, a temp folder in tests; without it, export is refused. */
  chooseSavePath?: ChooseSavePath;
  /** Shows an exported letter in the OS file manager (Electron's shell.showItemInFolder); without it, that call is refused. */
  showItemInFolder?: ShowItemInFolder;
  /** Team mode: the team store's own methods (main/store/team-store.ts): the login and its roles, who has a case. */
  team?: Pick<TeamStore, 'whoAmI' | 'assignment' | 'assign' | 'watch'>;
  /** Team mode: where the team database was chosen (main/team/team-mode.ts) and which it is, for the settings screen. */
  teamConnection?: { source: 'environment' | 'settings'; database: string };
}

/**
 * `identity` names whoever acts on every change (the signing profile with the OS account), on
 * marks and findings and in the audit trail alike.
 */
export function createWorkbenchHandlers(deps: WorkbenchDeps, extra: Partial<Handlers> = {}, identity = reviewerIdentity(deps.dataDir, deps.reviewer)): Handlers {
  const rules = createRulesProvider(deps.appRoot, deps.dataDir);
  const turnaround = loadOnce(() => loadTurnaroundTable(deps.appRoot));
  const clock = deps.now ? { now: deps.now } : {};
  const reviewer = identity.name;
  const text = createTextService({ store: deps.store });
  const { team } = deps;
  const handlers = {
    ...extra,
    ...createReviewHandlers({ store: deps.store, resourcesDir: path.join(deps.appRoot, 'resources'), reviewer, rules, ...clock }),
    ...createIntakeHandlers({ store: deps.store, appRoot: deps.appRoot, dataDir: deps.dataDir, rules, turnaround, reviewer, ...clock, ...(deps.chooseSavePath ? { chooseSavePath: deps.chooseSavePath } : {}) }),
    ...createTextHandlers({ store: deps.store, rules, text }),
    ...createEvidenceHandlers({ store: deps.store, rules, text, lexicon: createLexiconProvider(deps.appRoot, rules) }),
    ...createImagingHandlers({ store: deps.store, reviewer, ...clock }),
    ...createDecisionHandlers({
      store: deps.store, dataDir: deps.dataDir, rules, reviewer, ...clock,
      ...(team ? { team: { signer: () => team.whoAmI(), permissions: loadOnce(() => readSigningPermissions(deps.appRoot)) } } : {}),
    }),
    ...createTeamHandlers({
      reviewer, ...clock, ...(team ? { team } : {}),
      connection: { dataDir: deps.dataDir, cipher: deps.store.cipher, appRoot: deps.appRoot, ...(deps.teamConnection ? { active: deps.teamConnection } : {}) },
    }),
    ...createLetterHandlers({
      store: deps.store,
      appRoot: deps.appRoot,
      reviewer,
      ...clock,
      ...(deps.chooseSavePath ? { chooseSavePath: deps.chooseSavePath } : {}),
      ...(deps.showItemInFolder ? { showItemInFolder: deps.showItemInFolder } : {}),
    }),
    ...createCaseRecordHandlers({ store: deps.store, appRoot: deps.appRoot, dataDir: deps.dataDir, turnaround, onProfileSaved: identity.refresh, ...clock }),
    ...createInformationRequestHandlers({ store: deps.store, appRoot: deps.appRoot, dataDir: deps.dataDir, turnaround, reviewer, ...clock }),
  } as Partial<Handlers>;
  const missing = apiMethods.filter((m) => typeof handlers[m] !== 'function');
  if (missing.length) throw new Error(`API methods without a handler: ${missing.join(', ')}`);
  return handlers as Handlers;
}

export function createWorkbenchDispatch(deps: WorkbenchDeps, extra: Partial<Handlers> = {}): Dispatch {
  const identity = reviewerIdentity(deps.dataDir, deps.reviewer);
  const dispatch = createDispatcher(createWorkbenchHandlers(deps, extra, identity), deps.log ?? silentLog);
  // The first call waits for the saved profile to be read, so it is named like the ones after it.
  const known = identity.refresh();
  return async (method, payload) => {
    await known;
    return dispatch(method, payload);
  };
}

export { api };
