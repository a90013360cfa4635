/** imaging.* through the real dispatcher and store: validation, history with who and when, recorded removal, audit. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { plaintextCipherForTests } from '../../../main/crypto/file-cipher';
import { readAuditEvents } from '../../../main/audit/audit-log';
import { IMAGING_LEAF_ID } from '../../../shared/imaging/reconcile-imaging';
import type { ImagingStudy } from '../../../shared/imaging/schema';
import type { Dispatch, Handlers } from '../../../main/api/dispatch';
import { apiMethods } from '../../../shared/api/contract';
import { withIdempotencyKey } from '../../support/with-idempotency-key';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
let store: CaseStore;
let dispatch: Dispatch;
let caseId: string;
let clock = Date.parse('2026-11-20T10:00:00Z');

/** A call as the renderer sends it: a case-changing one with a fresh idempotency key. */
const keyed = (method: string, payload: unknown) => dispatch(method, withIdempotencyKey(method, payload, randomUUID));

async function ok<T>(method: string, payload: unknown): Promise<T> {
  const r = await keyed(method, payload);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function addMark(docSha256: string, quote: string): Promise<string> {
  const m = await ok<{ id: string }>('marks.add', { caseId, anchor: { kind: 'text', docSha256, page: 1, rects: [[0, 0, 10, 10]], quote }, criterionIds: [IMAGING_LEAF_ID] });
  return m.id;
}

beforeAll(async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imaging-handlers-'));
  store = await openCaseStore(dataDir, { cipher: plaintextCipherForTests() });
  // Session handlers are not part of what is tested here: stand-ins that fail loudly if reached.
  const notHere = Object.fromEntries(apiMethods.map((m) => [m, () => Promise.reject(new Error(`${m} is not under test`))])) as Partial<Handlers>;
  dispatch = createWorkbenchDispatch({ store, appRoot: root, dataDir, reviewer: () => 'Dr. Unit Reviewer', now: () => new Date((clock += 60_000)) }, notHere);
  caseId = (await ok<{ caseId: string }>('cases.loadDemo', {})).caseId;
});

describe('imaging handlers', () => {
  it('adds, links readings, marks a significant discrepancy, reconciles; every step in the history and the audit trail', async () => {
    const c = await store.getCase(caseId);
    const sha = c.documents[0]!.sha256;
    const [rad, prov, addendum] = [await addMark(sha, 'radiologist'), await addMark(sha, 'provider'), await addMark(sha, 'addendum')];

    const added = await ok<ImagingStudy>('imaging.add', { caseId, study: { modality: 'mri', bodyRegion: 'lumbar spine', date: '2026-03-03', facility: 'Lakeside' } });
    expect(added.history).toEqual([{ at: expect.any(String), by: 'Dr. Unit Reviewer', change: 'added MRI lumbar spine of March 3, 2026' }]);

    await ok('imaging.update', { caseId, studyId: added.id, change: { radiologistReading: { summary: 'mild', markIds: [rad] }, providerReading: { summary: 'severe', markIds: [prov], readerName: 'Dr. Vasquez' } } });
    await ok('imaging.update', { caseId, studyId: added.id, change: { discrepancy: { level: 'significant', aspects: ['severity'] } } });
    let ev = await ok<{ evaluation: { rules: { ruleId: string; tree: unknown }[]; codes: { reasons: { letterSentence: string }[] }[] } }>('review.evaluate', { caseId });
    expect(JSON.stringify(ev.evaluation.rules)).toContain('"decidedBy":"imaging"');
    expect(ev.evaluation.codes[0]!.reasons.map((r) => r.letterSentence)).toContain('The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.');

    const done = await ok<ImagingStudy>('imaging.update', { caseId, studyId: added.id, change: { reconciliation: { reconciledInRecords: true, markIds: [addendum], note: 'Addendum agrees with the radiologist.' } } });
    expect(done.history.map((h) => h.change)).toEqual([
      'added MRI lumbar spine of March 3, 2026',
      "radiologist's reading: 1 passage linked; radiologist's reading: summary edited; provider's reading: 1 passage linked; provider's reading: summary edited; provider's reading: reader Dr. Vasquez",
      'discrepancy: clinically significant (severity)',
      'records reconcile the readings; reconciling passages: 1; reconciliation note edited',
    ]);
    expect(new Set(done.history.map((h) => h.at)).size).toBe(4);
    ev = await ok('review.evaluate', { caseId });
    expect(JSON.stringify(ev.evaluation.codes[0]!.reasons)).not.toContain('read differently');

    const audit = await readAuditEvents(store.caseDir(caseId));
    expect(audit.filter((e) => e.type === 'imaging-changed').map((e) => e.summary)).toEqual([
      'imaging study MRI lumbar spine of March 3, 2026 recorded',
      "MRI lumbar spine of March 3, 2026: the radiologist's reading, the treating provider's reading changed",
      'MRI lumbar spine of March 3, 2026: the discrepancy changed',
      'MRI lumbar spine of March 3, 2026: the reconciliation changed',
    ]);
  });

  it('refuses a link to a mark that is not a live mark of the case, and saves nothing', async () => {
    const study = await ok<ImagingStudy>('imaging.add', { caseId, study: { modality: 'ct', bodyRegion: 'pelvis' } });
    const r = await keyed('imaging.update', { caseId, studyId: study.id, change: { radiologistReading: { summary: '', markIds: ['mark-nope'] } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect((await store.getCase(caseId)).imaging.find((s) => s.id === study.id)!.radiologistReading.markIds).toEqual([]);
    expect(await dispatch('imaging.add', { caseId, study: { modality: 'pet', bodyRegion: 'x' } })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('a removal is recorded, not a delete, and the study no longer decides the leaf', async () => {
    const study = await ok<ImagingStudy>('imaging.add', { caseId, study: { modality: 'myelography', bodyRegion: 'lumbar spine' } });
    const removed = await ok<ImagingStudy>('imaging.remove', { caseId, studyId: study.id, reason: 'entered twice' });
    expect(removed.removed).toMatchObject({ by: 'Dr. Unit Reviewer', reason: 'entered twice' });
    expect(removed.history.at(-1)!.change).toBe('removed: entered twice');
    expect((await store.getCase(caseId)).imaging.some((s) => s.id === study.id)).toBe(true);
    expect(await keyed('imaging.update', { caseId, studyId: study.id, change: { facility: 'x' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('clearing the discrepancy with null puts it back to not assessed', async () => {
    const study = await ok<ImagingStudy>('imaging.add', { caseId, study: { modality: 'mri', bodyRegion: 'cervical spine', discrepancy: { level: 'none' } } });
    const cleared = await ok<ImagingStudy>('imaging.update', { caseId, studyId: study.id, change: { discrepancy: null } });
    expect(cleared.discrepancy).toBeUndefined();
    expect(cleared.history.at(-1)!.change).toBe('discrepancy: not assessed');
  });
});
