/** The team API on the local store (one director): every role, nobody to take a case from. */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, type Workbench } from '../decision/decision-fixture';

let wb: Workbench;
let caseId: string;
beforeAll(async () => {
  wb = await openWorkbench();
  caseId = (await wb.call('cases.loadDemo', {})).caseId;
});
afterAll(async () => {
  await fs.rm(wb.dataDir, { recursive: true, force: true });
});

describe('team API with the local store', () => {
  it('names the one director with every role, and nobody holds a case', async () => {
    expect(await wb.call('team.whoAmI', {})).toMatchObject({ mode: 'local', roles: ['intake', 'nurse-reviewer', 'physician-reviewer', 'supervisor'] });
    expect(await wb.call('cases.assignment', { caseId })).toEqual({ assignment: null });
    // Nobody else changes a local store: the live-refresh loop is told to stop at once.
    expect(await wb.call('team.waitForChange', { caseId })).toEqual({ changed: false, live: false });
  });

  it('refuses to take a case in a sentence, and writes nothing', async () => {
    const before = (await wb.session.store.readAudit(caseId)).events.length;
    const e = await wb.refused('cases.take', { caseId });
    expect(e).toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/one director's cases on this machine/) });
    expect((await wb.refused('cases.reassign', { caseId, to: 'Robert; DROP TABLE cases' })).code).toBe('invalid-request');
    expect((await wb.session.store.readAudit(caseId)).events).toHaveLength(before);
  });
});
