/**
 * Team mode end to end below the UI: the real API dispatcher on team stores, one per login, on a
 * PostgreSQL server this file starts. Intake builds the case; a nurse reviewer takes it, prepares
 * an adverse determination and cannot sign it (refused by the service, and by the database when a
 * modified client skips the service); others read it only while it is held; a supervisor
 * reassigns it; the physician reviewer signs it; a claim lapses; every step is audited and the
 * chain verifies.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import type { TeamStore } from '../../../main/store/team-store';
import type { ApiMethod, ApiResponse } from '../../../shared/api/contract';
import type { RequestWithoutKey } from '../../../shared/api/idempotency';
import type { ApiError } from '../../../shared/api/errors';
import type { CodeDetermination } from '../../../shared/determination/schema';
import type { TeamRole } from '../../../shared/team/team-roles';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import { startPgCluster, type PgCluster } from '../../support/pg-cluster';
import { adminClient, createTeamDatabase, demoCopies, REPO_ROOT, type TeamTestDatabase } from '../../support/team-database';
import { PROFILE, reviewDemo } from '../../support/demo-review';

interface Reviewer {
  login: string;
  store: TeamStore;
  call<M extends ApiMethod>(method: M, request: RequestWithoutKey<M> & { idempotencyKey?: string }): Promise<ApiResponse<M>>;
  refused<M extends ApiMethod>(method: M, request: RequestWithoutKey<M> & { idempotencyKey?: string }): Promise<ApiError>;
}

let cluster: PgCluster;
let db: TeamTestDatabase;
const temps: string[] = [];
const stores: TeamStore[] = [];

/** A reviewer's workbench: their own data folder (profile, caches), the shared database as their login. */
async function reviewer(name: string, roles: TeamRole[]): Promise<Reviewer> {
  const login = await db.login(name, roles);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `wb-team-${name}-`));
  temps.push(dataDir);
  const store = await db.open(login, dataDir);
  stores.push(store);
  const dispatch = createWorkbenchDispatch({ store, appRoot: REPO_ROOT, dataDir, reviewer: () => login.user, team: store }, noSession);
  const send = <M extends ApiMethod>(method: M, request: RequestWithoutKey<M> & { idempotencyKey?: string }) => dispatch(method, withIdempotencyKey(method, request, randomUUID));
  return {
    login: login.user,
    store,
    async call(method, request) {
      const r = await send(method, request);
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async refused(method, request) {
      const r = await send(method, request);
      if (r.ok) throw new Error(`${method} was accepted`);
      return r.error;
    },
  };
}

const byHand = (summary: string) => ({ actor: 'modified client', at: new Date().toISOString(), audit: { type: 'finding-set' as const, summary } });
const adverse = (ds: CodeDetermination[]) => ds.map((d) => ({ ...d, outcome: 'cannot-establish' as const, clinicalRationale: 'Without a psychological evaluation the trial cannot be judged safe for this member.' }));

/** The lock screen is the local session's (main/security/session.ts), not part of what these tests drive. */
const noSession = Object.fromEntries(
  ['session.status', 'session.unlock', 'session.lock', 'session.setPassphrase', 'session.setPin', 'settings.setIdleLock'].map((m) => [m, () => Promise.reject(new Error(`${m} is not driven by this test`))]),
);

let intake: Reviewer, nurse: Reviewer, physician: Reviewer, supervisor: Reviewer;
let caseId: string;

beforeAll(async () => {
  cluster = await startPgCluster({ name: 'team-mode' });
  db = await createTeamDatabase(cluster);
  intake = await reviewer('intake', ['intake']);
  nurse = await reviewer('nurse', ['nurse-reviewer']);
  physician = await reviewer('physician', ['physician-reviewer']);
  supervisor = await reviewer('supervisor', ['supervisor']);
  caseId = await loadDemoCase(intake.store, path.join(REPO_ROOT, 'resources'), { actor: intake.login, at: new Date().toISOString() });
}, 120_000);
afterAll(async () => {
  for (const s of stores) await s.close().catch(() => undefined);
  await cluster?.stop();
  for (const d of temps) await fs.rm(d, { recursive: true, force: true });
});

describe('team mode: roles, assignment and signing', () => {
  it('names each login with its roles from the database', async () => {
    expect(await nurse.store.whoAmI()).toEqual({ mode: 'team', login: nurse.login, roles: ['nurse-reviewer'] });
    expect((await supervisor.store.whoAmI()).roles).toEqual(['supervisor']);
  });

  it('lets only intake (or a supervisor) create cases', async () => {
    const demo = await nurse.store.getCase(caseId);
    await expect(nurse.store.createCase({ ...demo, id: 'by-nurse', documents: [] }, [], byHand('created'))).rejects.toMatchObject({ code: 'not-permitted' });
  });

  it('a case one reviewer takes is read-only to the others, in the service and in the database', async () => {
    expect(await nurse.call('team.whoAmI', {})).toEqual({ mode: 'team', login: nurse.login, roles: ['nurse-reviewer'] });
    const { assignment: taken } = await nurse.call('cases.take', { caseId });
    expect(taken?.holder).toBe(nurse.login);
    expect((await physician.call('cases.assignment', { caseId })).assignment?.holder).toBe(nurse.login);
    expect((await physician.store.assignment(caseId))?.holder).toBe(nurse.login);
    // The queue shows who has it.
    expect((await physician.store.listCases()).find((c) => c.id === caseId)).toMatchObject({ assignedTo: nurse.login, assignmentExpiresAt: expect.any(String) });
    // The other reviewer still reads it.
    expect((await physician.call('cases.open', { caseId })).caseFile.id).toBe(caseId);
    const e = await physician.refused('findings.set', { caseId, criterionId: 'CMM-211.trial.conservative-care', status: 'met' });
    expect(e.code).toBe('read-only');
    expect(e.message).toContain(nurse.login);
    // A modified client writing SQL itself: row-level security hides the row from its UPDATE.
    const r = await physician.store.withClient((c) => c.query("UPDATE cases SET status = 'in-review', version = version + 1 WHERE id = $1", [caseId]));
    expect(r.rowCount).toBe(0);
    // Taking it from the holder is for a supervisor only.
    await expect(physician.store.assign(caseId, { kind: 'take' }, byHand('take'))).rejects.toMatchObject({ code: 'read-only' });
  });

  it('a nurse reviewer prepares an adverse determination and cannot sign it', async () => {
    await reviewDemo(nurse, caseId);
    await nurse.call('settings.setProfile', { profile: { ...PROFILE, name: 'Nora Pell', credentials: 'RN' } });
    const s = await nurse.call('decision.get', { caseId });
    // The draft is saved, and the only check left says, before signing, that this login may not sign it.
    const edited = await nurse.call('decision.edit', { caseId, determinations: adverse(s.suggested) });
    expect(edited.problems.map((p) => p.kind)).toEqual(['not-permitted']);
    expect(edited.problems[0]!.message).toMatch(/signed only by a physician reviewer\. Your login \S+ is nurse reviewer/);
    const e = await nurse.refused('decision.sign', { caseId });
    expect(e.code).toBe('not-permitted');
    expect(e.message).toMatch(/"Medical necessity cannot be established from the records sent" is signed only by a physician reviewer/);
    const c = await nurse.store.getCase(caseId);
    expect(c.status).not.toBe('signed');
    expect(c.revisions).toHaveLength(0);
  });

  it('the database refuses the signature when a modified client skips the service check', async () => {
    const login = await db.login('nurse2', ['nurse-reviewer']);
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-nurse2-'));
    temps.push(dataDir);
    const store = await db.open(login, dataDir);
    stores.push(store);
    const dispatch = createWorkbenchDispatch({ store, appRoot: REPO_ROOT, dataDir, reviewer: () => login.user }, noSession);
    const call = (m: ApiMethod, req: object) => dispatch(m, withIdempotencyKey(m, req as never, randomUUID));
    await call('settings.setProfile', { profile: { ...PROFILE, name: 'Nina Moss', credentials: 'RN' } });
    // The case is the first nurse's: a supervisor gives it to this one.
    await supervisor.store.assign(caseId, { kind: 'reassign', to: login.user }, { actor: supervisor.login, at: new Date().toISOString(), audit: { type: 'assignment-changed', summary: 'reassign' } });
    const r = await call('decision.sign', { caseId });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'not-permitted', message: expect.stringMatching(/may not sign the outcome cannot-establish/) });
    expect((await store.getCase(caseId)).revisions).toHaveLength(0);
  });

  it('a supervisor reassigns the case to the physician reviewer, who signs it; every step is audited', async () => {
    await expect(nurse.store.assign(caseId, { kind: 'reassign', to: physician.login }, byHand('reassign'))).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(supervisor.store.assign(caseId, { kind: 'reassign', to: intake.login }, byHand('reassign'))).rejects.toMatchObject({ code: 'invalid-request' });
    expect((await nurse.refused('cases.reassign', { caseId, to: physician.login })).code).toBe('not-permitted');
    const { assignment: a } = await supervisor.call('cases.reassign', { caseId, to: physician.login });
    expect(a?.holder).toBe(physician.login);
    await physician.call('settings.setProfile', { profile: PROFILE });
    // As the Decision tab does: the physician is shown the draft the nurse prepared, then signs it.
    await physician.call('decision.get', { caseId });
    const signed = await physician.call('decision.sign', { caseId });
    expect(signed.status).toBe('signed');
    expect(signed.revisions[0]!.determinations[0]!.outcome).toBe('cannot-establish');
    const trail = await supervisor.store.readAudit(caseId);
    expect(trail.chain.ok).toBe(true);
    const assignments = trail.events.filter((e) => e.type === 'assignment-changed').map((e) => e.summary);
    expect(assignments).toEqual([
      `case taken by ${nurse.login}`,
      expect.stringMatching(new RegExp(`reassigned to nurse2_.* from ${nurse.login} by ${supervisor.login}`)),
      expect.stringMatching(new RegExp(`reassigned to ${physician.login} from nurse2_.* by ${supervisor.login}`)),
    ]);
    expect(trail.events.at(-1)).toMatchObject({ type: 'signed', actor: expect.stringContaining(physician.login) });
  });

  it('keeps the letter in the database: another reviewer, on another machine, reads the same bytes', async () => {
    const revisionId = (await physician.store.getCase(caseId)).revisions[0]!.id;
    const preview = await physician.call('letter.preview', { caseId, revisionId });
    const kept = await supervisor.store.readLetter(caseId, revisionId);
    expect(kept).not.toBeNull();
    expect(createHash('sha256').update(kept!).digest('hex')).toBe(preview.sha256);
    expect(kept!.subarray(0, 5).toString()).toBe('%PDF-');
    // Rows are added, never replaced: a reviewer's login cannot overwrite or remove the kept copy.
    await expect(physician.store.withClient((c) => c.query("UPDATE case_letters SET bytes = '\\x00'"))).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(physician.store.withClient((c) => c.query('DELETE FROM case_letters'))).rejects.toMatchObject({ code: 'not-permitted' });
    const raw = await adminClient(cluster, db.name);
    try {
      expect(Number((await raw.query('SELECT count(*) FROM case_letters WHERE case_id = $1', [caseId])).rows[0].count)).toBe(1);
    } finally {
      await raw.end();
    }
  });

  it('a claim lapses after the set time without activity, and is released by its holder', async () => {
    const [other] = await demoCopies(intake.store, 1, 'lapse');
    const record = (who: Reviewer) => ({ actor: who.login, at: new Date().toISOString(), audit: { type: 'assignment-changed' as const, summary: 'take' } });
    await nurse.store.assign(other!, { kind: 'take' }, record(nurse));
    const admin = await adminClient(cluster, db.name);
    try {
      await admin.query(`UPDATE workbench_settings SET value = '0' WHERE key = 'claimExpiryMinutes'`);
      expect(await physician.store.assignment(other!)).toBeNull();
      // (With no time allowed, the new claim lapses as soon as it is read: look at it once the time is back.)
      await physician.store.assign(other!, { kind: 'take' }, record(physician));
      await admin.query(`UPDATE workbench_settings SET value = '30' WHERE key = 'claimExpiryMinutes'`);
    } finally {
      await admin.end();
    }
    expect((await nurse.store.assignment(other!))?.holder).toBe(physician.login);
    expect(await physician.store.assign(other!, { kind: 'release' }, record(physician))).toBeNull();
    expect((await nurse.store.listCases()).find((c) => c.id === other)).not.toHaveProperty('assignedTo');
    const summaries = (await nurse.store.readAudit(other!)).events.filter((e) => e.type === 'assignment-changed').map((e) => e.summary);
    expect(summaries).toEqual([`case taken by ${nurse.login}`, `the claim of ${nurse.login} lapsed without activity; case taken by ${physician.login}`, `case released by ${physician.login}`]);
  });
  it('the database refuses a change without its audit event, an event beside the chain, and editing the trail', async () => {
    const [id] = await demoCopies(intake.store, 1, 'raw');
    const q = (sql: string, params: unknown[]) => nurse.store.withClient((c) => c.query(sql, params));
    await expect(q('UPDATE cases SET version = version + 1, audit_seq = audit_seq + 1 WHERE id = $1', [id])).rejects.toMatchObject({ code: 'not-permitted', message: expect.stringMatching(/changed without its audit event/) });
    await expect(q("INSERT INTO audit_events (case_id, seq, type, event, prev_hash, hash) VALUES ($1, 2, 'finding-set', '{}', 'x', 'y')", [id])).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(q("UPDATE audit_events SET event = '{}' WHERE case_id = $1", [id])).rejects.toMatchObject({ code: 'not-permitted' });
    await expect(q('DELETE FROM case_documents WHERE case_id = $1', [id])).rejects.toMatchObject({ code: 'not-permitted' });
    expect((await nurse.store.readAudit(id!)).chain).toEqual({ ok: true, count: 1 });
  });
  it('reports another reviewer\'s change as it is committed (LISTEN/NOTIFY), and nothing when nothing changes or the change is its own', async () => {
    const [id] = await demoCopies(intake.store, 1, 'live');
    const waiting = physician.call('team.waitForChange', { caseId: id!, timeoutMs: 20_000 });
    // The listener connects first; then the nurse's change is announced at its commit.
    await new Promise((r) => setTimeout(r, 500));
    const t0 = Date.now();
    await nurse.call('cases.take', { caseId: id! });
    expect(await waiting).toEqual({ changed: true, live: true });
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await physician.call('team.waitForChange', { caseId: id!, timeoutMs: 1000 })).toEqual({ changed: false, live: true });
    // The nurse's own change is not news to the nurse's window (it shows the answer already).
    const own = nurse.call('team.waitForChange', { caseId: id!, timeoutMs: 1500 });
    await new Promise((r) => setTimeout(r, 300));
    await nurse.call('cases.release', { caseId: id! });
    expect(await own).toEqual({ changed: false, live: true });
  });
  it('says the database cannot be reached, saves nothing, and applies the retried change once when it is back', async () => {
    const [id] = await demoCopies(intake.store, 1, 'away');
    const before = (await nurse.store.readAudit(id!)).events.length;
    const key = 'retry-after-outage-0001';
    const change = { caseId: id!, idempotencyKey: key, criterionId: 'CMM-211.trial.conservative-care', status: 'met' as const, facts: { conservativeCareMonths: 7 } };
    await cluster.pause();
    try {
      const e = await nurse.refused('findings.set', change);
      expect(e).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/cannot be reached\. Nothing from this step was saved/) });
    } finally {
      await cluster.start();
    }
    // The renderer sends the same key again ("try again"): applied once, one event.
    await nurse.call('findings.set', change);
    await nurse.call('findings.set', change);
    const trail = await physician.store.readAudit(id!);
    expect(trail.chain).toEqual({ ok: true, count: before + 1 });
    expect((await physician.store.getCase(id!)).findings['CMM-211.trial.conservative-care']?.status).toBe('met');
  }, 60_000);

  it('where two reviewers change the same thing, the second is told whose change came first and decides again; other things merge', async () => {
    const [id] = await demoCopies(intake.store, 1, 'both');
    const psych = 'CMM-211.trial.mental-health-evaluation';
    const care = 'CMM-211.trial.conservative-care';
    await nurse.call('cases.open', { caseId: id! });
    // The physician, who opened it too, sets the psychological evaluation.
    await physician.call('cases.open', { caseId: id! });
    await physician.call('findings.set', { caseId: id!, criterionId: psych, status: 'met' });
    // A change to something else goes through on the newer version, the physician's finding kept.
    await nurse.call('findings.set', { caseId: id!, criterionId: care, status: 'met', facts: { conservativeCareMonths: 7 } });
    expect((await intake.store.getCase(id!)).findings[psych]?.status).toBe('met');
    // The physician changes it again; the nurse, not having seen that, changes the same finding.
    await physician.call('findings.set', { caseId: id!, criterionId: psych, status: 'not-met' });
    const refused = await nurse.refused('findings.set', { caseId: id!, criterionId: psych, status: 'met' });
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.message).toMatch(new RegExp(`${physician.login}\\)? changed the finding for ${psych.replace(/\./g, '\\.')} at \\d\\d:\\d\\d UTC, after you opened the case\\. Yours was not saved`));
    expect((await intake.store.getCase(id!)).findings[psych]?.status).toBe('not-met');
    // Told, the nurse decides again: the same change now lands, once, with its event.
    const before = (await intake.store.readAudit(id!)).events.length;
    await nurse.call('findings.set', { caseId: id!, criterionId: psych, status: 'met' });
    expect((await intake.store.getCase(id!)).findings[psych]?.status).toBe('met');
    expect((await intake.store.readAudit(id!)).chain).toEqual({ ok: true, count: before + 1 });
  });

  it("a determination changed by another reviewer after the Decision tab showed it is named before it is overwritten, though the case view was read again since", async () => {
    const [id] = await demoCopies(intake.store, 1, 'decide');
    await nurse.call('cases.open', { caseId: id! });
    const shownToNurse = await nurse.call('decision.get', { caseId: id! });
    await physician.call('decision.get', { caseId: id! });
    const physicianDraft = adverse((await physician.call('decision.get', { caseId: id! })).draft!.determinations);
    await physician.call('decision.edit', { caseId: id!, determinations: physicianDraft });
    // The nurse's case view follows the change live (cases.open); the Decision tab still shows the old draft.
    await nurse.call('cases.open', { caseId: id! });
    const nurseDraft = shownToNurse.draft!.determinations.map((d) => ({ ...d, clinicalRationale: 'The records meet every criterion for this member.' }));
    const refused = await nurse.refused('decision.edit', { caseId: id!, determinations: nurseDraft });
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/changed the determination for 63650/);
    expect((await intake.store.getCase(id!)).determination?.determinations[0]?.outcome).toBe('cannot-establish');
  });

  it('closes at once while the database is away and the live listener waits to connect again', async () => {
    const login = await db.login('closer', ['nurse-reviewer']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-team-close-'));
    temps.push(dir);
    const store = await db.open(login, dir);
    store.watch(() => undefined);
    await store.whoAmI();
    await cluster.pause();
    let took: number;
    try {
      // Refused connections back off 0.5, 1, 2, 4 s …: by now the listener waits several seconds between tries.
      await new Promise((r) => setTimeout(r, 4_000));
      const started = Date.now();
      await store.close();
      took = Date.now() - started;
    } finally {
      await cluster.start();
    }
    expect(took).toBeLessThan(2_000);
  }, 30_000);
});
