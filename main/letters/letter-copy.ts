/**
 * The copy of each letter kept with its case (<caseDir>/letters/<revisionId>.pdf). A letter names
 * the member, so it is written and read through the store's FileCipher like the records are, and
 * served to the renderer from /letters/<caseId>/<revisionId>.pdf as bytes, never as JSON.
 */
import { makePrivateFolder } from '../store/durable-json-file';
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseStore } from '../store/case-store';

const REVISION_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function letterCopyPath(store: CaseStore, caseId: string, revisionId: string): string {
  if (!REVISION_ID.test(revisionId)) throw new WorkbenchError('invalid-request', 'A revision id is letters, digits, - and _.');
  return path.join(store.caseDir(caseId), 'letters', `${revisionId}.pdf`);
}

export function letterUrl(caseId: string, revisionId: string): string {
  return `letters/${caseId}/${revisionId}.pdf`;
}

export async function writeLetterCopy(store: CaseStore, caseId: string, revisionId: string, pdf: Uint8Array): Promise<void> {
  const file = letterCopyPath(store, caseId, revisionId);
  await makePrivateFolder(path.dirname(file));
  await store.cipher.writeFile(file, pdf);
}

/** The kept copy, decrypted in memory; null when none was kept yet. */
export async function readLetterCopy(store: CaseStore, caseId: string, revisionId: string): Promise<Buffer | null> {
  return store.cipher.readFile(letterCopyPath(store, caseId, revisionId));
}
