/**
 * Records that arrive after intake (a PAS update's attachments, a fax the director adds) join an
 * existing case: each PDF is sealed into the case's docs folder under its SHA-256 first, then the
 * case file lists it, so a crash between the two leaves at most an unlisted file, never a listed
 * document without bytes. The same file twice is one document.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaseFile } from '../../shared/case/schema';
import type { CaseStore } from '../store/case-store';
import type { NewDocument } from './new-case';

export async function sealDocuments(store: CaseStore, caseId: string, documents: NewDocument[]): Promise<void> {
  for (const d of documents) {
    const file = store.documentPath(caseId, d.sha256);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, store.cipher.sealBytes(d.bytes), { flush: true });
  }
}

/** Lists the sealed documents on the case (inside a store.updateCase change); returns how many were new. */
export function listDocuments(c: CaseFile, documents: NewDocument[], at: Date): number {
  let added = 0;
  for (const d of documents) {
    if (c.documents.some((x) => x.sha256 === d.sha256)) continue;
    c.documents.push({ sha256: d.sha256, name: d.name, pageCount: d.pageCount, addedAt: at.toISOString() });
    added++;
  }
  return added;
}
