/**
 * Team mode in Chromium: two browser contexts as two reviewers, each with the real API bound to
 * its own team store (its own database login) on a PostgreSQL server this file starts, and its
 * own data folder for the reviewer profile. The nurse reviewer takes the case; the physician
 * reviewer sees it taken. The nurse prepares the denial and cannot sign it; the nurse releases the
 * case; the physician takes it and signs. The case header passes axe with the claim shown.
 */
import { PROFILE, reviewDemo } from '../support/demo-review';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbenchDispatch } from '../../main/workbench-api';
import { createAppRequestServer } from '../../main/serve-app-request';
import { loadDemoCase } from '../../main/demo/load-demo-case';
import { openTeamStore, type TeamStore } from '../../main/store/team-store';
import { openSession } from '../../main/security/session';
import { createSessionHandlers } from '../../main/security/session-handlers';
import { describeDatabase, parseDatabaseUrl } from '../../main/team/team-connection';
import { createMemoryKeyring, TEST_SCRYPT } from '../support/memory-keyring';
import type { ApiMethod } from '../../shared/api/contract';
import type { TeamRole } from '../../shared/team/team-roles';
import { withIdempotencyKey } from '../support/with-idempotency-key';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';
import { createTeamDatabase, REPO_ROOT, type TeamTestDatabase } from '../support/team-database';
import { CHROMIUM_ARGS, findChromium } from './find-browser';
import { openApp } from './harness';
import { axeViolations, describeViolations } from './axe-check';

const WAIT = 20_000;
const shots = path.join(REPO_ROOT, 'test-results');
const CASE = 'demo-scs-trial';
const RATIONALE = 'Without a mental health evaluation the trial cannot be judged safe for this member.';

let cluster: PgCluster;
let db: TeamTestDatabase;
let browser: Browser;
const stores: TeamStore[] = [];
const temps: string[] = [];

interface Reviewer {
  login: string;
  password: string;
  page: Page;
  store: TeamStore;
  call(method: ApiMethod, request: object): Promise<unknown>;
}

async function reviewer(name: string, roles: TeamRole[], viewport = { width: 1440, height: 900 }): Promise<Reviewer> {
  const login = await db.login(name, roles);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `wb-team-e2e-${name}-`));
  temps.push(dataDir);
  // As the app wires it (main/index.ts): the session unlocks the local folder, then opens the team store.
  const session = await openSession({
    dataDir,
    keyWrapper: createMemoryKeyring(),
    scrypt: TEST_SCRYPT,
    team: async (local) => {
      const opened = await openTeamStore({ database: parseDatabaseUrl(cluster.url(login.user, db.name)), password: login.password, ...local });
      stores.push(opened);
      return opened;
    },
  });
  const store = session.store as TeamStore;
  const dispatch = createWorkbenchDispatch(
    { store, appRoot: REPO_ROOT, dataDir, reviewer: () => login.user, team: store, teamConnection: { source: 'environment', database: describeDatabase(parseDatabaseUrl(cluster.url(login.user, db.name))) } },
    createSessionHandlers(session),
  );
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await openApp(context, dispatch, createAppRequestServer({ rendererDir: path.join(REPO_ROOT, 'out', 'renderer'), store }));
  return {
    login: login.user,
    password: login.password,
    page,
    store,
    async call(method, request) {
      const r = await dispatch(method, withIdempotencyKey(method, request as never, randomUUID));
      if (!r.ok) throw new Error(`${method} refused: ${r.error.message}`);
      return r.value;
    },
  };
}

async function openCase(r: Reviewer) {
  await r.page.getByTestId('open-demo').click();
  await r.page.getByTestId('criteria-panel').waitFor({ timeout: WAIT });
}

async function signInUi(page: Page) {
  await page.getByTestId('tab-decision').click();
  await page.getByTestId('rationale-63650').waitFor({ timeout: WAIT });
  if ((await page.getByTestId('rationale-63650').inputValue()) !== RATIONALE) {
    await page.getByTestId('rationale-63650').fill(RATIONALE);
    await page.getByTestId('rationale-63650').blur();
  }
  await page.getByTestId('signing-ready').waitFor({ timeout: WAIT });
  await page.getByTestId('sign').click();
  await page.getByTestId('confirm-sign').click();
}

let intake: Reviewer, nurse: Reviewer, physician: Reviewer;

beforeAll(async () => {
  cluster = await startPgCluster({ name: 'e2e' });
  db = await createTeamDatabase(cluster);
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  intake = await reviewer('intake', ['intake']);
  await loadDemoCase(intake.store, path.join(REPO_ROOT, 'resources'), { actor: intake.login, at: new Date().toISOString() });
  nurse = await reviewer('nurse', ['nurse-reviewer']);
  physician = await reviewer('physician', ['physician-reviewer'], { width: 1280, height: 720 });
  await fs.mkdir(shots, { recursive: true });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  for (const s of stores) await s.close().catch(() => undefined);
  await cluster?.stop();
  for (const d of temps) await fs.rm(d, { recursive: true, force: true });
});

describe('team mode: two reviewers on one case', () => {
  it('one takes the case, the other sees it taken; the nurse cannot sign the denial, the physician signs it', async () => {
    // Both have the case open; the nurse takes it, and the physician's header follows without a reload.
    await openCase(physician);
    await physician.page.getByTestId('take-case').waitFor({ timeout: WAIT });
    await openCase(nurse);
    await nurse.page.getByTestId('take-case').click();
    await expect.poll(() => nurse.page.getByTestId('case-claim').innerText(), { timeout: WAIT }).toBe('You have this case');
    await nurse.page.screenshot({ path: path.join(shots, 'team-case-taken-1440.png') });

    await expect.poll(() => physician.page.getByTestId('case-claim').getAttribute('data-holder'), { timeout: WAIT }).toBe(nurse.login);
    expect(await physician.page.getByTestId('case-claim').innerText()).toBe(`Taken by ${nurse.login}`);
    expect(await physician.page.getByTestId('take-case').count()).toBe(0);
    // ...and the case reads only for the physician: the banner says whose it is, the findings take no click.
    await physician.page.getByTestId('read-only-taken').waitFor({ timeout: WAIT });
    expect(await physician.page.getByTestId('read-only-taken').innerText()).toContain(`${nurse.login} has this case`);
    const findingButtons = physician.page.locator('[role="group"][aria-label^="Finding for "] button');
    await expect.poll(() => findingButtons.count(), { timeout: WAIT }).toBeGreaterThan(0);
    expect(await findingButtons.evaluateAll((bs) => bs.every((b) => (b as HTMLButtonElement).disabled))).toBe(true);
    await physician.page.screenshot({ path: path.join(shots, 'team-case-taken-by-other-1280.png') });
    const axe = await axeViolations(physician.page, 'case header, taken by another reviewer');
    expect(axe.violations, describeViolations([axe])).toEqual([]);

    // The nurse prepares the denial (cannot be established) and tries to sign it.
    // The findings through the API (the criteria panel is driven in decision.e2e.ts).
    await reviewDemo(nurse, CASE);
    await nurse.call('settings.setProfile', { profile: { name: 'Nora Pell', credentials: 'RN', title: 'Nurse Reviewer', specialty: 'Utilization management', peerToPeerPhone: '1-800-555-0142 ext. 2211' } });
    await nurse.page.reload();
    await openCase(nurse);
    await nurse.page.getByTestId('tab-decision').click();
    await nurse.page.getByTestId('rationale-63650').fill(RATIONALE);
    await nurse.page.getByTestId('rationale-63650').blur();
    // Said before Sign is pressed: the check names the rule and the nurse's role, and Sign stays disabled.
    await expect.poll(() => nurse.page.getByTestId('signing-problems').innerText().catch(() => ''), { timeout: WAIT }).toMatch(/signed only by a physician reviewer.*nurse reviewer/s);
    await expect.poll(() => nurse.page.getByTestId('signing-problems').innerText(), { timeout: WAIT }).not.toMatch(/clinical judgment/);
    expect(await nurse.page.getByTestId('sign').isDisabled()).toBe(true);
    await nurse.page.screenshot({ path: path.join(shots, 'team-nurse-cannot-sign-1440.png') });
    // A client that signs anyway (the API called directly) is refused by the service, in the same words.
    await expect(nurse.call('decision.sign', { caseId: CASE })).rejects.toThrow(/signed only by a physician reviewer/);
    expect((await nurse.store.getCase(CASE)).revisions).toHaveLength(0);

    // The nurse gives the case up; the physician takes it and signs.
    await nurse.page.getByTestId('release-case').click();
    await nurse.page.getByTestId('take-case').waitFor({ timeout: WAIT });
    await physician.call('settings.setProfile', { profile: PROFILE });
    await physician.page.reload();
    await openCase(physician);
    await physician.page.getByTestId('take-case').click();
    await expect.poll(() => physician.page.getByTestId('case-claim').innerText(), { timeout: WAIT }).toBe('You have this case');
    await signInUi(physician.page);
    await physician.page.getByTestId('signed-banner').waitFor({ timeout: WAIT });
    await physician.page.screenshot({ path: path.join(shots, 'team-physician-signed-1280.png') });
    const signed = await intake.store.getCase(CASE);
    expect(signed.status).toBe('signed');
    expect(signed.revisions[0]!.determinations[0]!.outcome).toBe('cannot-establish');
    expect((await intake.store.readAudit(CASE)).chain.ok).toBe(true);
  }, 240_000);

  it("the queue says who has each case and follows the others' changes without a reload", async () => {
    const page = intake.page;
    await page.goto(page.url().split('#')[0]!);
    const row = page.locator(`[data-case-id="${CASE}"]`);
    await row.waitFor({ timeout: WAIT });
    expect(await page.getByTestId('team-login').innerText()).toBe(`${intake.login} · Intake`);
    // The physician signed the case holding it: the queue says so.
    await expect.poll(() => row.getByTestId('taken-by').innerText(), { timeout: WAIT }).toBe(physician.login);
    expect(await row.locator('td').nth(4).innerText()).toBe('Decided');
    // Another reviewer's commit reaches this queue through NOTIFY: released, then taken by the nurse.
    await physician.call('cases.release', { caseId: CASE });
    await expect.poll(() => row.getByTestId('taken-by').innerText(), { timeout: WAIT }).toBe('—');
    await nurse.call('cases.take', { caseId: CASE });
    await expect.poll(() => row.getByTestId('taken-by').innerText(), { timeout: WAIT }).toBe(nurse.login);
    // A case made by someone else appears in the open queue, and the place in the list is kept.
    const other = await reviewer('intake2', ['intake'], { width: 1280, height: 720 });
    const demo = await intake.store.getCase(CASE);
    const at = new Date().toISOString();
    await other.store.createCase(
      { ...demo, id: 'team-new-arrival', status: 'new', revisions: [], determination: undefined, documents: [], marks: [], findings: {}, createdAt: at, updatedAt: at, request: { ...demo.request, member: { ...demo.request.member, name: 'Arrival, Newly' } } },
      [],
      { actor: other.login, at, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } },
    );
    await page.locator('[data-case-id="team-new-arrival"]').waitFor({ timeout: WAIT });
    await page.screenshot({ path: path.join(shots, 'team-queue-1440.png') });
    const axe = await axeViolations(page, 'team queue');
    expect(axe.violations, describeViolations([axe])).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(shots, 'team-queue-1280.png') });
  }, 120_000);

  it('the team database screen tests a typed connection, says what is wrong, and saves it only when it works', async () => {
    const page = intake.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('team-settings').click();
    await expect.poll(() => page.getByTestId('team-current').innerText(), { timeout: WAIT }).toMatch(new RegExp(`team database ${describeDatabase(parseDatabaseUrl(cluster.url(intake.login, db.name))).replace(/[.]/g, '\\.')} \\(chosen by WORKBENCH_DATABASE_URL\\)`));
    await page.getByTestId('team-url').fill(cluster.url(intake.login, db.name));
    await page.getByTestId('team-password').fill('not-the-password');
    await page.getByTestId('team-test').click();
    await expect.poll(() => page.getByTestId('team-outcome').innerText(), { timeout: WAIT }).toMatch(/refused this login/);
    await page.getByTestId('team-password').fill(intake.password);
    await page.getByTestId('team-save').click();
    await expect.poll(() => page.getByTestId('team-outcome').innerText(), { timeout: WAIT }).toMatch(/Saved.*used at a start without WORKBENCH_DATABASE_URL/s);
    expect(await page.getByTestId('team-probe').innerText()).toMatch(/certificate verified \(verify-full\)[\s\S]*Schema version 2, up to date[\s\S]*intake/);
    expect(await page.getByTestId('team-password').inputValue()).toBe('');
    await page.screenshot({ path: path.join(shots, 'team-settings-1440.png') });
    const axe = await axeViolations(page, 'team database settings');
    expect(axe.violations, describeViolations([axe])).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: path.join(shots, 'team-settings-1280.png') });
    await page.getByTestId('team-forget').click();
    await expect.poll(() => page.getByTestId('team-outcome').innerText(), { timeout: WAIT }).toMatch(/own store/);
  }, 120_000);

  it('when the database cannot be reached, says so, keeps what the director typed on screen, and saves it once it is back', async () => {
    const page = physician.page;
    await page.goto(page.url().split('#')[0]!);
    await page.locator('[data-case-id="team-new-arrival"]').click();
    await page.getByTestId('tab-decision').click();
    const rationale = page.getByTestId('rationale-63650');
    await rationale.waitFor({ timeout: WAIT });
    const typed = 'Typed while the database was away: the notes do not show six months of conservative care.';
    await cluster.pause();
    try {
      await rationale.fill(typed);
      await rationale.blur();
      await expect.poll(() => page.getByText(/team database cannot be reached/).count(), { timeout: WAIT }).toBeGreaterThan(0);
      expect(await rationale.inputValue()).toBe(typed);
      await page.waitForTimeout(400); // the notice's fade-in, for the screenshot
      await page.screenshot({ path: path.join(shots, 'team-database-away-1280.png') });
    } finally {
      await cluster.start();
    }
    // Nothing was acknowledged while it was away; the next save (focus and leave the field again) lands once.
    await rationale.focus();
    await rationale.blur();
    await expect.poll(async () => (await intake.store.getCase('team-new-arrival')).determination?.determinations[0]?.clinicalRationale, { timeout: WAIT }).toBe(typed);
    expect(await rationale.inputValue()).toBe(typed);
    expect((await intake.store.readAudit('team-new-arrival')).chain.ok).toBe(true);
  }, 120_000);

  it("an open case shows another reviewer's finding as it is committed, without a reload", async () => {
    const criterion = 'CMM-211.trial.surgery-not-indicated';
    const group = (r: Reviewer) => r.page.locator(`[role="group"][aria-label="Finding for ${criterion}"]`);
    for (const r of [physician, nurse]) {
      await r.page.goto(r.page.url().split('#')[0]!);
      await r.page.locator('[data-case-id="team-new-arrival"]').click();
      await r.page.getByTestId('tab-criteria').click();
      await group(r).waitFor({ timeout: WAIT });
    }
    await group(physician).getByRole('button', { name: 'Not met' }).click();
    await expect.poll(() => group(nurse).getByRole('button', { name: 'Not met' }).getAttribute('aria-pressed'), { timeout: WAIT }).toBe('true');
  }, 120_000);

  it('where two reviewers change the same value, the second is told whose came first, sees it, and decides again', async () => {
    const criterion = 'CMM-211.trial.conservative-care';
    const months = nurse.page.getByTestId('fact-conservativeCareMonths').getByTestId('fact-input');
    await months.waitFor({ timeout: WAIT });
    // The nurse is typing the months (the open case is not re-read under the typing) when the physician records them.
    await months.click();
    await months.fill('8');
    await physician.call('findings.set', { caseId: 'team-new-arrival', criterionId: criterion, status: 'not-met', facts: { conservativeCareMonths: 3 } });
    await expect.poll(async () => (await intake.store.getCase('team-new-arrival')).findings[criterion]?.facts?.conservativeCareMonths, { timeout: WAIT }).toBe(3);
    await months.press('Tab');
    const notice = nurse.page.getByRole('alert').filter({ hasText: 'Yours was not saved' });
    await notice.waitFor({ timeout: WAIT });
    expect(await notice.innerText()).toMatch(new RegExp(`${physician.login}\\)? changed the finding for ${criterion.replace(/\./g, '\\.')}`));
    // ...the field now shows the physician's value, and the database kept it.
    await expect.poll(() => months.inputValue(), { timeout: WAIT }).toBe('3');
    expect((await intake.store.getCase('team-new-arrival')).findings[criterion]?.facts?.conservativeCareMonths).toBe(3);
    await nurse.page.waitForTimeout(400); // the notice's fade-in, for the screenshot
    await nurse.page.screenshot({ path: path.join(shots, 'team-same-value-1440.png') });
    // Knowing it, the nurse decides again: 8 lands.
    await months.fill('8');
    await months.press('Tab');
    await expect.poll(async () => (await intake.store.getCase('team-new-arrival')).findings[criterion]?.facts?.conservativeCareMonths, { timeout: WAIT }).toBe(8);
    expect((await intake.store.readAudit('team-new-arrival')).chain.ok).toBe(true);
  }, 120_000);
});
