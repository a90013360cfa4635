/**
 * No patient data in logs: a whole review runs through the dispatcher with the log at its most
 * verbose, including refused payloads and failing services whose messages carry PHI, while
 * everything written to the log, the console and stdout/stderr is captured; the capture must not
 * contain the member's name, member id, date of birth or the record's text.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers } from '../../../main/api/dispatch';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { createLog, safeFields } from '../../../main/log';
import { openSession } from '../../../main/security/session';
import { createSessionHandlers } from '../../../main/security/session-handlers';
import { apiMethods } from '../../../shared/api/contract';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const MEMBER_NAME = 'Jordan A. Mercer';
const MEMBER_ID = 'HHS884120357';
const DOB = '1971-04-17';
const RECORD_TEXT = 'Mr. Mercer returns after completing physical therapy';
const PHI = [MEMBER_NAME, 'Mercer', MEMBER_ID, DOB, RECORD_TEXT, 'gabapentin 600 mg'];

let captured: string[] = [];
let dataDir = '';
beforeEach(() => {
  captured = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void captured.push(args.map(String).join(' ')));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the log', () => {
  it('drops unknown fields and values of the wrong shape', () => {
    expect(safeFields({ method: 'marks.add', memberName: MEMBER_NAME, note: RECORD_TEXT, code: MEMBER_NAME, count: 3, ms: '12' })).toEqual({ method: 'marks.add', count: 3 });
    const lines: string[] = [];
    createLog({ level: 'debug', sink: (l) => lines.push(l) }).info(MEMBER_NAME, { errorName: `Error: ${RECORD_TEXT}` });
    expect(lines.join('\n')).not.toContain('Mercer');
  });

  it('stays free of PHI through a whole review at the most verbose level', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-logs-'));
    const log = createLog({ level: 'debug', sink: (l) => captured.push(l) });
    const session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT, log });
    const notBuilt = Object.fromEntries(apiMethods.map((m) => [m, () => Promise.reject(new Error(`${m} is not built for ${MEMBER_NAME}`))]));
    const dispatch = createWorkbenchDispatch(
      { store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Log Test', log },
      { ...notBuilt, ...createSessionHandlers(session) } as Partial<Handlers>,
    );
    const ok = async (method: string, payload: unknown) => {
      const r = await dispatch(method, withIdempotencyKey(method, payload, randomUUID));
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    };

    const { caseId } = (await ok('cases.loadDemo', {})) as { caseId: string };
    await ok('cases.list', {});
    const opened = (await ok('cases.open', { caseId })) as { caseFile: { documents: { sha256: string }[]; request: { member: { name: string } } } };
    expect(opened.caseFile.request.member.name).toBe(MEMBER_NAME);
    const sha = opened.caseFile.documents[0]!.sha256;
    await dispatch('review.evaluate', { caseId });
    const mark = (await ok('marks.add', {
      caseId,
      anchor: { kind: 'text', docSha256: sha, page: 1, rects: [[0.1, 0.1, 0.5, 0.12]], quote: RECORD_TEXT, prefix: MEMBER_NAME, suffix: DOB },
      criterionIds: ['CMM-211.trial.conservative-care'],
      note: `${MEMBER_NAME} ${MEMBER_ID} failed PT`,
    })) as { id: string };
    await ok('marks.update', { caseId, markId: mark.id, note: `${RECORD_TEXT} (${MEMBER_ID})` });
    await ok('findings.set', { caseId, criterionId: 'CMM-211.trial.conservative-care', status: 'met', note: `${MEMBER_NAME}: ${RECORD_TEXT}` });
    await ok('cases.setPosition', { caseId, docSha256: sha, page: 2 });
    await ok('marks.remove', { caseId, markId: mark.id, reason: `wrong passage for ${MEMBER_NAME}` });
    // Every other method, called for this case: their errors are logged too.
    for (const m of apiMethods) await dispatch(m, { caseId });
    // Refused payloads and unknown methods that carry PHI.
    await dispatch('marks.add', { caseId, anchor: { quote: RECORD_TEXT }, criterionIds: [MEMBER_ID], note: MEMBER_NAME.repeat(1000) });
    await dispatch(`${MEMBER_NAME}.${MEMBER_ID}`, { note: RECORD_TEXT });
    await dispatch('cases.open', { caseId: `../${MEMBER_ID}` });
    // The lock, and a wrong secret that is PHI.
    await ok('session.lock', {});
    await dispatch('cases.open', { caseId });
    await dispatch('session.unlock', { secret: MEMBER_NAME });
    // A service failing with PHI in its message.
    const failing = createDispatcher({ ...({} as Handlers), 'cases.list': async () => { throw new TypeError(`cannot summarize ${MEMBER_NAME} ${MEMBER_ID}: ${RECORD_TEXT}`); } } as Handlers, log);
    await failing('cases.list', {});

    const all = captured.join('\n');
    expect(captured.length).toBeGreaterThan(20);
    expect(all).toContain('api.call');
    expect(all).toContain('api.internal');
    for (const needle of PHI) expect(all, `the log contains "${needle}"`).not.toContain(needle);
  });
});
