/** The store contract's suite against the local store: lowdb files, encrypted, on a temp folder. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { describeCaseStoreContract } from './case-store-contract';

const RESOURCES = path.resolve(import.meta.dirname, '..', '..', '..', 'resources');
const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await fs.rm(d, { recursive: true, force: true });
});

describeCaseStoreContract('local lowdb store', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-contract-'));
  temps.push(dir);
  const cipher = createFileCipher(randomBytes(32));
  const store = await openCaseStore(dir, { cipher });
  const caseId = await loadDemoCase(store, RESOURCES);
  return { store, caseId, reopen: () => openCaseStore(dir, { cipher }) };
});
