/**
 * The renderer's one call site (renderer/api/client.ts) gives every case-changing call an
 * idempotency key, and sends the same key again when the reviewer retries a call whose outcome is
 * unknown, so "try again" cannot apply a change twice; a settled call's next attempt is a new change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call } from '../../../renderer/api/client';
import type { ApiResult } from '../../../shared/api/errors';

type Sent = { method: string; request: Record<string, unknown> };
let sent: Sent[] = [];
let answers: (ApiResult<unknown> | Error)[] = [];

beforeEach(() => {
  sent = [];
  answers = [];
  (globalThis as { window?: unknown }).window = {
    workbench: {
      invoke: async (method: string, request: Record<string, unknown>) => {
        sent.push({ method, request });
        const a = answers.shift() ?? { ok: true, value: {} };
        if (a instanceof Error) throw a;
        return a;
      },
    },
  };
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

const finding = { caseId: 'c1', criterionId: 'CMM-211.trial.conservative-care', status: 'met' as const };
const keys = () => sent.map((s) => s.request.idempotencyKey);

describe('the renderer API client', () => {
  it('adds a fresh key to each case-changing call that settled, and none to reads', async () => {
    await call('findings.set', finding);
    await call('findings.set', finding);
    await call('cases.open', { caseId: 'c1' });
    expect(keys()[0]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(keys()[1]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(keys()[0]).not.toBe(keys()[1]);
    expect(sent[2]!.request).not.toHaveProperty('idempotencyKey');
  });

  it('sends the same key again after an answer that leaves the outcome unknown, or no answer at all', async () => {
    answers = [{ ok: false, error: { code: 'internal', message: 'Something went wrong in findings.set. Your earlier work is saved; try again.' } }, new Error('IPC channel closed'), { ok: true, value: {} }];
    await expect(call('findings.set', finding)).rejects.toThrow(/try again/);
    await expect(call('findings.set', finding)).rejects.toThrow(/did not answer \(IPC channel closed\)/);
    await call('findings.set', finding);
    expect(new Set(keys()).size).toBe(1);
    // Settled: the next one is a new change.
    await call('findings.set', finding);
    expect(new Set(keys()).size).toBe(2);
  });

  it('keeps the key when the team database could not be reached (the commit may have happened)', async () => {
    answers = [{ ok: false, error: { code: 'unavailable', message: 'The team database cannot be reached.' } }, { ok: true, value: {} }];
    await expect(call('findings.set', finding)).rejects.toThrow(/cannot be reached/);
    await call('findings.set', finding);
    expect(new Set(keys()).size).toBe(1);
  });

  it('takes a refusal for a known reason as settled, and another request as another change', async () => {
    answers = [{ ok: false, error: { code: 'read-only', message: 'This case is signed.' } }, { ok: false, error: { code: 'internal', message: 'x' } }];
    await expect(call('findings.set', finding)).rejects.toThrow(/signed/);
    await expect(call('findings.set', { ...finding, status: 'not-met' })).rejects.toThrow();
    await call('findings.set', finding);
    expect(new Set(keys()).size).toBe(3);
  });
});
