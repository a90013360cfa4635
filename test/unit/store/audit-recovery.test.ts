/**
 * What the local store does with a trail a crash or an older version left behind, at the next
 * open: a torn line is cut off and its event written again from the case file; a torn line nothing
 * explains is set aside and the repair recorded (never a silent gap); a trail that cannot be
 * written holds up no change. Through the real dispatcher and the encrypted store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { createFileCipher, type FileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import type { Handlers } from '../../../main/api/dispatch';
import { apiMethods } from '../../../shared/api/contract';
import { JOURNAL_KEY } from '../../../main/store/case-journal';
import { testChange } from '../../support/change-record';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CRITERION = 'CMM-211.trial.conservative-care';
const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) {
    await fs.chmod(d, 0o700).catch(() => undefined);
    await fs.rm(d, { recursive: true, force: true });
  }
});

async function setup(): Promise<{ dir: string; cipher: FileCipher; store: CaseStore; caseId: string; trail: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-recovery-'));
  temps.push(dir);
  const cipher = createFileCipher(randomBytes(32));
  const store = await openCaseStore(dir, { cipher });
  const caseId = await loadDemoCase(store, path.join(ROOT, 'resources'));
  return { dir, cipher, store, caseId, trail: path.join(store.caseDir(caseId), 'audit.jsonl') };
}

function dispatchOn(store: CaseStore, dataDir: string) {
  const notHere = Object.fromEntries(apiMethods.map((m) => [m, () => Promise.reject(new Error(`${m} is not under test`))])) as Partial<Handlers>;
  return createWorkbenchDispatch({ store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Recovery' }, notHere);
}

/** The case file as an older version wrote it: no journal (and a head file beside the trail). */
async function makeLegacy(cipher: FileCipher, store: CaseStore, caseId: string) {
  const file = path.join(store.caseDir(caseId), 'case.json');
  const stored = (await cipher.readJson(file)) as Record<string, unknown>;
  delete stored[JOURNAL_KEY];
  await cipher.writeJson(file, stored);
}

describe('audit trail recovery at open', () => {
  it('sets aside a torn last line an older version left, records that, and records every later change with its event', async () => {
    const { dir, cipher, store, caseId, trail } = await setup();
    await store.updateCase(caseId, (c) => void (c.status = 'in-review'), testChange('before the crash'));
    await makeLegacy(cipher, store, caseId);
    // The old version's crash: half a sealed line, no newline.
    const torn = cipher.sealLine(JSON.stringify({ seq: 3, summary: 'never finished' })).slice(0, 40);
    await fs.appendFile(trail, torn);

    const reopened = await openCaseStore(dir, { cipher });
    const dispatch = dispatchOn(reopened, dir);
    for (const status of ['met', 'not-met', 'met'] as const) {
      const r = await dispatch('findings.set', { caseId, idempotencyKey: randomUUID(), criterionId: CRITERION, status });
      expect(r, 'saved, not "Something went wrong"').toMatchObject({ ok: true });
    }
    const audit = await reopened.readAudit(caseId);
    expect(audit.chain).toEqual({ ok: true, count: 6 });
    expect(audit.problem).toBeUndefined();
    expect(audit.events.map((e) => e.type)).toEqual(['case-created', 'request-edited', 'trail-repaired', 'finding-set', 'finding-set', 'finding-set']);
    const repair = audit.events[2]!;
    expect(repair.actor).toBe('workbench (store recovery)');
    expect(repair.summary).toMatch(/^line 3 of the trail was cut off or unreadable; its 40 bytes were set aside in audit-line-3-set-aside-\d+\.bin and the trail goes on after line 2$/);
    const aside = path.join(reopened.caseDir(caseId), String(repair.details!.setAside));
    expect(await fs.readFile(aside, 'utf8')).toBe(torn);
    expect((await fs.stat(aside)).mode & 0o777).toBe(0o600);
  });

  it('cuts a torn line of an event the case file holds and writes the event again, with nothing to report', async () => {
    const { dir, cipher, store, caseId, trail } = await setup();
    await store.updateCase(caseId, (c) => void (c.status = 'in-review'), testChange('the change'));
    // A crash in the middle of appending the line: the case file (with the event) is already written.
    const bytes = await fs.readFile(trail);
    const lastLine = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    await fs.writeFile(trail, bytes.subarray(0, lastLine + Math.floor((bytes.length - lastLine) / 2)));

    const reopened = await openCaseStore(dir, { cipher });
    const audit = await reopened.readAudit(caseId);
    expect(audit.chain).toEqual({ ok: true, count: 2 });
    expect(audit.events.map((e) => e.summary)).toEqual(['demo case loaded with 3 records', 'the change']);
    expect((await fs.readdir(reopened.caseDir(caseId))).filter((f) => f.includes('set-aside'))).toEqual([]);
    // A line that never got written at all (a crash just before the append) comes back the same way.
    await fs.writeFile(trail, bytes.subarray(0, lastLine));
    expect((await (await openCaseStore(dir, { cipher })).readAudit(caseId)).chain).toEqual({ ok: true, count: 2 });
  });

  it('names events cut off a trail an older version kept, from its head file', async () => {
    const { dir, cipher, store, caseId, trail } = await setup();
    for (const s of ['a', 'b', 'c']) await store.updateCase(caseId, (c) => void (c.status = 'in-review'), testChange(s));
    const lines = (await fs.readFile(trail, 'utf8')).trimEnd().split('\n');
    const last = JSON.parse(cipher.openLine(lines[3]!)) as { seq: number; hash: string };
    await makeLegacy(cipher, store, caseId);
    await cipher.writeJson(path.join(store.caseDir(caseId), 'audit-head.json'), { seq: last.seq, hash: last.hash });
    await fs.writeFile(trail, `${lines.slice(0, 3).join('\n')}\n`);

    const audit = await (await openCaseStore(dir, { cipher })).readAudit(caseId);
    expect(audit.events.at(-1)?.summary).toBe('event 4 is missing from the end of the trail (removed or lost); the trail goes on from event 4');
    expect(audit.chain).toEqual({ ok: false, firstBad: { seq: 4, reason: 'removed' } });
    // The head now lives in the case file; the old head file is gone.
    await expect(fs.access(path.join(store.caseDir(caseId), 'audit-head.json'))).rejects.toThrow();
  });

  it('names changes a case file restored from a backup no longer holds', async () => {
    const { dir, cipher, store, caseId } = await setup();
    const file = path.join(store.caseDir(caseId), 'case.json');
    const backup = await fs.readFile(file);
    await store.updateCase(caseId, (c) => void (c.status = 'in-review'), testChange('after the backup'));
    await fs.writeFile(file, backup);
    const audit = await (await openCaseStore(dir, { cipher })).readAudit(caseId);
    expect(audit.events.at(-1)?.summary).toBe('the case file is older than its trail (restored from a backup?): it does not hold the changes of event 2');
    expect(audit.chain).toEqual({ ok: true, count: 3 });
  });

  it('keeps a change with its event when the trail cannot be written, and writes the event once it can', async () => {
    const { dir, cipher, store, caseId, trail } = await setup();
    // The trail file replaced by a folder: every append fails (as on a full or read-only disk).
    await fs.rename(trail, `${trail}.saved`);
    await fs.mkdir(trail);
    const dispatch = dispatchOn(store, dir);
    const r = await dispatch('findings.set', { caseId, idempotencyKey: randomUUID(), criterionId: CRITERION, status: 'met' });
    expect(r).toMatchObject({ ok: true });
    expect((await store.getCase(caseId)).findings[CRITERION]?.status).toBe('met');
    const refused = await dispatch('audit.list', { caseId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'damaged', message: expect.stringMatching(/cannot be read or written \(EISDIR\); the changes are kept with the case/) } });

    await fs.rmdir(trail);
    await fs.rename(`${trail}.saved`, trail);
    const audit = await (await openCaseStore(dir, { cipher })).readAudit(caseId);
    expect(audit.chain).toEqual({ ok: true, count: 2 });
    expect(audit.events.at(-1)).toMatchObject({ type: 'finding-set', actor: 'Dr. Recovery', summary: "finding set to met", details: { criterionId: CRITERION } });
  });
});
