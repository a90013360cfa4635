/**
 * A retried call is not applied twice: every case-changing method requires an idempotency key,
 * and the same call sent again with its key answers as the first did, with no second change and
 * no second audit event. Through the real dispatcher, handlers and encrypted store.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, apiMethods } from '../../../shared/api/contract';
import { CASE_CHANGING_METHODS } from '../../../shared/api/idempotency';
import { openWorkbench, PROFILE, reviewDemo, type Workbench } from '../decision/decision-fixture';

let wb: Workbench;
let caseId: string;
let sha: string;

beforeAll(async () => {
  wb = await openWorkbench();
  caseId = (await wb.call('cases.loadDemo', {})).caseId;
  sha = (await wb.session.store.getCase(caseId)).documents[0]!.sha256;
});

const eventsOf = async () => (await wb.call('audit.list', { caseId })).events;

describe('idempotency keys', () => {
  it('are required on exactly the methods that change a case', () => {
    const withKey = apiMethods.filter((m) => {
      const shape = (api[m].request as unknown as { shape?: Record<string, unknown> }).shape;
      return !!shape && 'idempotencyKey' in shape;
    });
    expect(withKey.sort()).toEqual([...CASE_CHANGING_METHODS].sort());
  });

  it('refuses a case-changing call without one, before any service runs', async () => {
    const before = (await eventsOf()).length;
    const error = await wb.refused('findings.set', { caseId, idempotencyKey: 'short', criterionId: 'CMM-211.trial.conservative-care', status: 'met' });
    expect(error).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/idempotencyKey: an idempotency key is 16 to 64/) });
    expect((await eventsOf()).length).toBe(before);
  });

  it('answers a repeated marks.add with the mark the first one made, and records one event', async () => {
    const key = randomUUID();
    const req = { caseId, idempotencyKey: key, anchor: { kind: 'text' as const, docSha256: sha, page: 1, rects: [[1, 1, 2, 2]] as [number, number, number, number][], quote: 'the passage' }, criterionIds: ['CMM-211.trial.conservative-care'] };
    const first = await wb.call('marks.add', req);
    const again = await wb.call('marks.add', req);
    expect(again).toEqual(first);
    expect(first.id).toBe(`mark-${key}`);
    const c = await wb.session.store.getCase(caseId);
    expect(c.marks.filter((m) => m.id === first.id)).toHaveLength(1);
    expect((await eventsOf()).filter((e) => e.details?.markId === first.id)).toHaveLength(1);
  });

  it('does not add an imaging study twice, nor set a finding twice', async () => {
    const key = randomUUID();
    const study = { caseId, idempotencyKey: key, study: { modality: 'mri' as const, bodyRegion: 'lumbar spine' } };
    expect((await wb.call('imaging.add', study)).id).toBe((await wb.call('imaging.add', study)).id);
    expect((await wb.session.store.getCase(caseId)).imaging.filter((s) => s.id === `study-${key}`)).toHaveLength(1);
    const before = (await eventsOf()).length;
    const finding = { caseId, idempotencyKey: randomUUID(), criterionId: 'CMM-211.trial.surgery-not-indicated', status: 'met' as const };
    await wb.call('findings.set', finding);
    await wb.call('findings.set', finding);
    expect((await eventsOf()).length).toBe(before + 1);
  });

  it('signs once when the sign call is sent twice', async () => {
    await wb.call('settings.setProfile', { profile: PROFILE });
    await reviewDemo(wb, caseId);
    const s = await wb.call('decision.get', { caseId });
    await wb.call('decision.edit', { caseId, determinations: s.suggested.map((d) => ({ ...d, clinicalRationale: 'Reviewed against each criterion of the guideline.' })) });
    const key = randomUUID();
    const signed = await wb.call('decision.sign', { caseId, idempotencyKey: key });
    if (signed.revisions.length === 0) throw new Error(`not signed: ${JSON.stringify(signed.problems)}`);
    const again = await wb.call('decision.sign', { caseId, idempotencyKey: key });
    expect(again.revisions).toEqual(signed.revisions);
    expect((await eventsOf()).filter((e) => e.type === 'signed')).toHaveLength(1);
  });

  it('answers a repeated cases.create with the case the first one made', async () => {
    const demo = await wb.session.store.getCase(caseId);
    const key = randomUUID();
    const request = { ...demo.request, receivedAt: '2026-11-30T09:00:00Z' };
    const first = await wb.call('cases.create', { idempotencyKey: key, request, attachments: [] });
    const again = await wb.call('cases.create', { idempotencyKey: key, request, attachments: [] });
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    expect((await wb.call('cases.list', {})).filter((c) => c.id === (first as { caseId: string }).caseId)).toHaveLength(1);
    // A new key is a new case.
    const other = await wb.call('cases.create', { idempotencyKey: randomUUID(), request, attachments: [] });
    expect(other).toMatchObject({ ok: true });
    expect((other as { caseId: string }).caseId).not.toBe((first as { caseId: string }).caseId);
  });
});
