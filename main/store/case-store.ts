/**
 * The case store: one lowdb file per case plus a small index (ARCHITECTURE.md, "Data on disk").
 * Only the main process writes. Writes to one case are queued so they never interleave.
 * A case file that cannot be read is flagged in the list with what is wrong and left untouched.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { CaseFile, type CaseSummary, summarizeCase } from '../../shared/case/schema';
import { WorkbenchError } from '../../shared/api/errors';
import { DurableJSONFile } from './durable-json-file';
import { describeZodError } from '../../shared/api/describe-zod-error';

interface IndexData {
  schemaVersion: 1;
  cases: CaseSummary[];
}

const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface CaseStore {
  readonly dataDir: string;
  listCases(): Promise<CaseSummary[]>;
  hasCase(caseId: string): Promise<boolean>;
  getCase(caseId: string): Promise<CaseFile>;
  /** Writes a new case folder whole, or nothing (staged, then renamed into place). */
  createCase(caseFile: CaseFile, documents: { sha256: string; bytes: Uint8Array }[]): Promise<CaseFile>;
  /** Applies `change` to a copy, validates the result, and saves it durably. */
  updateCase(caseId: string, change: (c: CaseFile) => CaseFile | void): Promise<CaseFile>;
  caseDir(caseId: string): string;
  documentPath(caseId: string, sha256: string): string;
}

export async function openCaseStore(dataDir: string): Promise<CaseStore> {
  const casesDir = path.join(dataDir, 'cases');
  await fs.mkdir(casesDir, { recursive: true });
  const index = new Low<IndexData>(new DurableJSONFile(path.join(dataDir, 'index.json')), { schemaVersion: 1, cases: [] });
  await readIndex();
  const open = new Map<string, Low<CaseFile>>();
  const queues = new Map<string, Promise<unknown>>();

  async function readIndex() {
    try {
      await index.read();
    } catch {
      // The index is derived data: rebuild it from the case folders rather than fail.
      index.data = { schemaVersion: 1, cases: [] };
    }
    if (!index.data || !Array.isArray(index.data.cases)) index.data = { schemaVersion: 1, cases: [] };
  }

  function caseDir(caseId: string): string {
    if (!CASE_ID.test(caseId)) throw new WorkbenchError('invalid-request', 'A case id is letters, digits, - and _.');
    return path.join(casesDir, caseId);
  }

  async function loadCase(caseId: string): Promise<Low<CaseFile>> {
    const cached = open.get(caseId);
    if (cached) return cached;
    const file = path.join(caseDir(caseId), 'case.json');
    const db = new Low<CaseFile>(new DurableJSONFile(file), undefined as unknown as CaseFile);
    try {
      await db.read();
    } catch (e) {
      throw new WorkbenchError('damaged', `The case file of ${caseId} is not readable JSON (${(e as Error).message}). It has been kept as it is for recovery.`);
    }
    if (db.data == null) throw new WorkbenchError('not-found', `There is no case ${caseId}.`);
    const parsed = CaseFile.safeParse(db.data);
    if (!parsed.success) {
      throw new WorkbenchError('damaged', `The case file of ${caseId} does not match the case format: ${describeZodError(parsed.error).join('; ')}. It has been kept as it is for recovery.`);
    }
    db.data = parsed.data;
    open.set(caseId, db);
    return db;
  }

  async function rebuildIndex(): Promise<CaseSummary[]> {
    const ids = (await fs.readdir(casesDir, { withFileTypes: true })).filter((d) => d.isDirectory() && CASE_ID.test(d.name)).map((d) => d.name);
    const known = new Map(index.data.cases.map((c) => [c.id, c]));
    const out: CaseSummary[] = [];
    for (const id of ids) {
      const fromIndex = known.get(id);
      if (fromIndex && !fromIndex.damaged) {
        out.push(fromIndex);
        continue;
      }
      try {
        out.push(summarizeCase((await loadCase(id)).data));
      } catch (e) {
        out.push(damagedSummary(id, e instanceof Error ? e.message : String(e)));
      }
    }
    return out;
  }

  async function saveSummary(summary: CaseSummary) {
    const others = index.data.cases.filter((c) => c.id !== summary.id);
    index.data = { schemaVersion: 1, cases: [...others, summary] };
    await index.write();
  }

  function enqueue<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const prev = queues.get(caseId) ?? Promise.resolve();
    const next = prev.then(work, work);
    queues.set(caseId, next.catch(() => undefined));
    return next;
  }

  return {
    dataDir,
    caseDir,
    documentPath(caseId, sha256) {
      if (!/^[a-f0-9]{64}$/.test(sha256)) throw new WorkbenchError('invalid-request', 'A document id is a SHA-256 in hex.');
      return path.join(caseDir(caseId), 'docs', `${sha256}.pdf`);
    },

    async listCases() {
      const onDisk = await rebuildIndex();
      const changed = onDisk.length !== index.data.cases.length || onDisk.some((c, i) => index.data.cases[i] !== c);
      if (changed) {
        index.data = { schemaVersion: 1, cases: onDisk.filter((c) => !c.damaged) };
        await index.write();
      }
      return [...onDisk].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },

    async hasCase(caseId) {
      try {
        await fs.access(path.join(caseDir(caseId), 'case.json'));
        return true;
      } catch {
        return false;
      }
    },

    async getCase(caseId) {
      return structuredClone((await loadCase(caseId)).data);
    },

    async createCase(caseFile, documents) {
      const parsed = CaseFile.parse(caseFile);
      const target = caseDir(parsed.id);
      return enqueue(parsed.id, async () => {
        if (await fs.stat(target).then(() => true, () => false)) {
          throw new WorkbenchError('conflict', `A case ${parsed.id} already exists.`);
        }
        const staging = path.join(dataDir, 'staging', `${parsed.id}-${process.pid}-${Date.now()}`);
        try {
          await fs.mkdir(path.join(staging, 'docs'), { recursive: true });
          for (const d of documents) {
            await fs.writeFile(path.join(staging, 'docs', `${d.sha256}.pdf`), d.bytes, { flush: true });
          }
          const db = new Low<CaseFile>(new DurableJSONFile(path.join(staging, 'case.json')), parsed);
          await db.write();
          await fs.rename(staging, target);
        } catch (e) {
          await fs.rm(staging, { recursive: true, force: true });
          throw e;
        }
        await saveSummary(summarizeCase(parsed));
        return structuredClone(parsed);
      });
    },

    async updateCase(caseId, change) {
      return enqueue(caseId, async () => {
        const db = await loadCase(caseId);
        const draft = structuredClone(db.data);
        const changed = change(draft) ?? draft;
        changed.updatedAt = new Date().toISOString();
        const parsed = CaseFile.safeParse(changed);
        if (!parsed.success) {
          throw new WorkbenchError('invalid-request', `The change would make the case invalid: ${describeZodError(parsed.error).join('; ')}`);
        }
        const before = summarizeCase(db.data);
        db.data = parsed.data;
        await db.write();
        const after = summarizeCase(parsed.data);
        // The index is rewritten only when a listed field changes, so saving a mark stays O(one case).
        if (JSON.stringify({ ...before, updatedAt: '' }) !== JSON.stringify({ ...after, updatedAt: '' })) await saveSummary(after);
        return structuredClone(parsed.data);
      });
    },
  };
}

function damagedSummary(id: string, reason: string): CaseSummary {
  return {
    id,
    memberName: '(unreadable case file)',
    memberId: '',
    lineOfBusiness: 'commercial',
    codes: [],
    guidelineId: '',
    urgency: 'standard',
    receivedAt: '1970-01-01T00:00:00Z',
    dateOfService: '1970-01-01',
    status: 'new',
    updatedAt: '1970-01-01T00:00:00Z',
    damaged: reason,
  };
}
