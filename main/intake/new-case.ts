/**
 * Creating a case from a checked request and checked PDFs: one case folder written whole by the
 * store (staged, then renamed), or nothing. Shared by the API handlers and the CLI.
 */
import { createHash, randomUUID } from 'node:crypto';
import { CASE_SCHEMA_VERSION, CaseFile, type CaseRequest } from '../../shared/case/schema';
import type { RuleSet } from '../../shared/rules/rule-set';
import type { CaseStore } from '../store/case-store';
import { auditEvents } from '../audit/audit-events';

export interface NewDocument {
  sha256: string;
  name: string;
  pageCount: number;
  bytes: Uint8Array;
}

/**
 * A case id that carries no PHI (ids appear in URLs, file names and logs): date received and a
 * random tail, or a tail derived from the call's idempotency key, so a retried create names the
 * case the first one made and the store answers with it instead of making a second.
 */
export function newCaseId(receivedAt: string, idempotencyKey?: string): string {
  const tail = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex') : randomUUID().replaceAll('-', '');
  return `PA-${receivedAt.slice(0, 10).replaceAll('-', '')}-${tail.slice(0, 8)}`;
}

/** `by` names who created it and the call's idempotency key. */
export async function createNewCase(
  store: CaseStore,
  request: CaseRequest,
  documents: NewDocument[],
  now: Date,
  by: { actor: string; idempotencyKey?: string; how?: string },
): Promise<CaseFile> {
  // The same file given twice (or under two names) is one document.
  const unique = new Map<string, NewDocument>();
  for (const d of documents) if (!unique.has(d.sha256)) unique.set(d.sha256, d);
  const at = now.toISOString();
  // Parsed, so fields other areas add to the case file (with defaults) are filled in too.
  const caseFile: CaseFile = CaseFile.parse({
    schemaVersion: CASE_SCHEMA_VERSION,
    id: newCaseId(request.receivedAt, by.idempotencyKey),
    createdAt: at,
    updatedAt: at,
    status: 'new',
    request,
    documents: [...unique.values()].map((d) => ({ sha256: d.sha256, name: d.name, pageCount: d.pageCount, addedAt: at })),
    marks: [],
    findings: {},
    customCriteria: [],
    imaging: [],
    revisions: [],
  });
  return store.createCase(
    caseFile,
    [...unique.values()].map((d) => ({ sha256: d.sha256, bytes: d.bytes })),
    { ...(by.idempotencyKey ? { idempotencyKey: by.idempotencyKey } : {}), actor: by.actor, at, audit: auditEvents.caseCreated(unique.size, by.how) },
  );
}

/** Guideline ids whose rule files (role "guideline") list any of the codes as requested or companion codes. */
export function guidelinesForCodes(rules: RuleSet, codes: string[]): string[] {
  const ids = new Set<string>();
  for (const r of rules.ruleFiles) {
    if (r.role !== 'guideline') continue;
    const listed = [...r.appliesTo.codes, ...(r.appliesTo.companionCodes ?? [])].map((c) => c.code);
    if (codes.some((c) => listed.includes(c))) ids.add(r.guidelineId);
  }
  return [...ids].sort();
}
