/**
 * The built-in demo case (resources/demo): a synthetic spinal cord stimulator trial request
 * with its records, copied into the store the first time a reviewer asks for it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CaseFile } from '../../shared/case/schema';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseStore } from '../store/case-store';
import { sha256Hex } from '../documents/hash-document';
import { auditEvents } from '../audit/audit-events';

export const DEMO_CASE_ID = 'demo-scs-trial';

/** `by` is who asked for it (the reviewer, from the queue); tests and tools load it as "system". */
export async function loadDemoCase(store: CaseStore, resourcesDir: string, by: { actor: string; at: string } = { actor: 'system', at: new Date().toISOString() }): Promise<string> {
  const demoDir = path.join(resourcesDir, 'demo');
  const raw = JSON.parse(await fs.readFile(path.join(demoDir, 'case.json'), 'utf8'));
  const parsed = CaseFile.parse(raw);
  if (await store.hasCase(parsed.id)) return parsed.id;
  const files = (await fs.readdir(demoDir)).filter((f) => f.endsWith('.pdf'));
  const bySha = new Map<string, Uint8Array>();
  for (const f of files) {
    const bytes = await fs.readFile(path.join(demoDir, f));
    bySha.set(sha256Hex(bytes), bytes);
  }
  const documents = parsed.documents.map((d) => {
    const bytes = bySha.get(d.sha256);
    if (!bytes) throw new WorkbenchError('damaged', `The demo document "${d.name}" is missing from ${demoDir}; run npm run demo to rebuild it.`);
    return { sha256: d.sha256, bytes };
  });
  const now = new Date().toISOString();
  // No idempotency key: loading the demo twice finds it in the store and loads nothing.
  await store.createCase({ ...parsed, createdAt: now, updatedAt: now }, documents, { ...by, audit: auditEvents.caseCreated(documents.length, 'demo case loaded') });
  return parsed.id;
}
