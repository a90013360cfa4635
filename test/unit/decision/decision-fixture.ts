/** The workbench API on a temp, encrypted data folder with the demo case, as the app builds it. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSession, type Session } from '../../../main/security/session';
import { createSessionHandlers } from '../../../main/security/session-handlers';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { randomUUID } from 'node:crypto';
import type { ApiMethod, ApiResponse } from '../../../shared/api/contract';
import type { RequestWithoutKey } from '../../../shared/api/idempotency';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import type { ApiError } from '../../../shared/api/errors';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';

export { PROFILE, reviewDemo } from '../../support/demo-review';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Workbench {
  dataDir: string;
  saveDir: string;
  session: Session;
  /** A case-changing call gets a fresh idempotency key unless the request names one. */
  call<M extends ApiMethod>(method: M, request: RequestWithoutKey<M> & { idempotencyKey?: string }): Promise<ApiResponse<M>>;
  /** The typed error a refused call answers with. */
  refused<M extends ApiMethod>(method: M, request: RequestWithoutKey<M> & { idempotencyKey?: string }): Promise<ApiError>;
  /** What the save dialog answers next: a file name in saveDir, or null (cancelled). */
  nextSave: { cancel: boolean };
  /** The files the stand-in for the OS file manager was asked to show. */
  shownInFolder: string[];
}

export async function openWorkbench(): Promise<Workbench> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'decision-'));
  const saveDir = path.join(dataDir, 'saved');
  await fs.mkdir(saveDir);
  const session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT });
  const nextSave = { cancel: false };
  const shownInFolder: string[] = [];
  const dispatch = createWorkbenchDispatch(
    {
      store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'unit-reviewer',
      chooseSavePath: async (name) => (nextSave.cancel ? null : path.join(saveDir, name)),
      showItemInFolder: (file) => void shownInFolder.push(file),
    },
    createSessionHandlers(session),
  );
  return {
    dataDir,
    saveDir,
    session,
    nextSave,
    shownInFolder,
    async call(method, request) {
      const r = await dispatch(method, withIdempotencyKey(method, request, randomUUID));
      if (!r.ok) throw new Error(`${method} refused: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    },
    async refused(method, request) {
      const r = await dispatch(method, withIdempotencyKey(method, request, randomUUID));
      if (r.ok) throw new Error(`${method} was accepted`);
      return r.error;
    },
  };
}
