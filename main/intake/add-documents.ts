/**
 * Records that arrive after intake (a PAS update's attachments, an addendum the director adds)
 * join an existing case through store.addDocuments: the bytes are sealed under their SHA-256
 * first, then the change lists them, so a crash between the two leaves at most an unlisted file,
 * never a listed document without bytes. The same file twice is one document.
 */
import type { CaseFile } from '../../shared/case/schema';

/** Lists the sealed documents on the case (inside a store change); returns how many were new. */
export function listDocuments(c: CaseFile, documents: readonly { sha256: string; name: string; pageCount: number }[], at: Date): number {
  let added = 0;
  for (const d of documents) {
    if (c.documents.some((x) => x.sha256 === d.sha256)) continue;
    c.documents.push({ sha256: d.sha256, name: d.name, pageCount: d.pageCount, addedAt: at.toISOString() });
    added++;
  }
  return added;
}
