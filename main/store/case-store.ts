/**
 * The case store: one lowdb file per case plus a small index (ARCHITECTURE.md, "Data on disk").
 * Only the main process writes. Writes to one case are queued so they never interleave.
 * Every file goes through a FileCipher: in the app and the CLI, AES-256-GCM envelopes
 * (SECURITY.md, "Encryption at rest"); a folder written before encryption is migrated on open.
 * A case file that cannot be read is flagged in the list with what is wrong and left untouched.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { CaseFile, type CaseSummary, summarizeCase } from '../../shared/case/schema';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { CipherJSONFile } from './cipher-json-file';
import { EnvelopeError, type FileCipher } from '../crypto/file-cipher';
import { migrateToEncrypted } from '../crypto/migrate-to-encrypted';
import { syncFolder } from './durable-json-file';

interface IndexData {
  schemaVersion: 1;
  cases: CaseSummary[];
  /** size:mtime of each case file when its summary was taken; a cold start trusts summaries whose file still matches. */
  stamps?: Record<string, string>;
}

const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256 = /^[a-f0-9]{64}$/;

export interface CaseStore {
  readonly dataDir: string;
  /** How this store's files are encrypted; services writing PHI beside the cases use it too. */
  readonly cipher: FileCipher;
  listCases(): Promise<CaseSummary[]>;
  hasCase(caseId: string): Promise<boolean>;
  getCase(caseId: string): Promise<CaseFile>;
  /** Writes a new case folder whole, or nothing (staged, then renamed into place). */
  createCase(caseFile: CaseFile, documents: { sha256: string; bytes: Uint8Array }[]): Promise<CaseFile>;
  /** Applies `change` to a copy, validates the result, and saves it durably. */
  updateCase(caseId: string, change: (c: CaseFile) => CaseFile | void): Promise<CaseFile>;
  /**
   * Adds record PDFs to an existing case (an addendum): the bytes first, by content hash, then
   * `change` as updateCase applies it. If the change fails, the files it brought are removed
   * again, so the case stays as it was.
   */
  addDocuments(caseId: string, documents: { sha256: string; bytes: Uint8Array }[], change: (c: CaseFile) => CaseFile | void): Promise<CaseFile>;
  /** A record PDF's bytes, decrypted in memory and checked against its SHA-256. */
  readDocument(caseId: string, sha256: string): Promise<Uint8Array>;
  caseDir(caseId: string): string;
  documentPath(caseId: string, sha256: string): string;
}

export interface CaseStoreOptions {
  /** createFileCipher(dataKey) in the app and CLI; plaintextCipherForTests() only in tests. */
  cipher: FileCipher;
}

export async function openCaseStore(dataDir: string, opts: CaseStoreOptions): Promise<CaseStore> {
  const { cipher } = opts;
  const casesDir = path.join(dataDir, 'cases');
  await fs.mkdir(casesDir, { recursive: true });
  // A staged create that never reached its rename was never acknowledged: drop it.
  await fs.rm(path.join(dataDir, 'staging'), { recursive: true, force: true });
  await migrateToEncrypted(dataDir, cipher);
  const index = new Low<IndexData>(new CipherJSONFile(path.join(dataDir, 'index.json'), cipher), { schemaVersion: 1, cases: [] });
  await readIndex();
  const open = new Map<string, Low<CaseFile>>();
  // size:mtime of each case file as last read or written here: a file changed behind our back
  // (restored, damaged) is read again rather than trusted from the index.
  const stamps = new Map<string, string>(Object.entries(index.data.stamps ?? {}));
  let stampsDirty = false;
  const queues = new Map<string, Promise<unknown>>();
  const indexData = (cases: CaseSummary[]): IndexData => ({ schemaVersion: 1, cases, stamps: Object.fromEntries(stamps) });

  async function readIndex() {
    try {
      await index.read();
    } catch {
      // The index is derived data: rebuild it from the case folders rather than fail.
      index.data = { schemaVersion: 1, cases: [] };
    }
    if (!index.data || !Array.isArray(index.data.cases)) index.data = { schemaVersion: 1, cases: [] };
    if (typeof index.data.stamps !== 'object' || index.data.stamps === null || Array.isArray(index.data.stamps)) delete index.data.stamps;
  }

  function caseDir(caseId: string): string {
    if (typeof caseId !== 'string' || !CASE_ID.test(caseId)) throw new WorkbenchError('invalid-request', 'A case id is letters, digits, - and _.');
    return path.join(casesDir, caseId);
  }

  function documentPath(caseId: string, sha256: string): string {
    if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new WorkbenchError('invalid-request', 'A document id is a SHA-256 in hex.');
    return path.join(caseDir(caseId), 'docs', `${sha256}.pdf`);
  }

  async function stampOf(caseId: string): Promise<string | null> {
    try {
      const s = await fs.stat(path.join(caseDir(caseId), 'case.json'));
      return `${s.size}:${Math.round(s.mtimeMs)}`;
    } catch {
      return null;
    }
  }

  async function loadCase(caseId: string): Promise<Low<CaseFile>> {
    const cached = open.get(caseId);
    if (cached) return cached;
    const file = path.join(caseDir(caseId), 'case.json');
    const stamp = await stampOf(caseId);
    const db = new Low<CaseFile>(new CipherJSONFile(file, cipher), null as unknown as CaseFile);
    try {
      await db.read();
    } catch (e) {
      const what = e instanceof EnvelopeError ? e.message : `it is not readable JSON (${(e as Error).name})`;
      throw new WorkbenchError('damaged', `The case file of ${caseId} cannot be read: ${what} It has been kept as it is for recovery.`);
    }
    if (db.data == null) throw new WorkbenchError('not-found', `There is no case ${caseId}.`);
    const parsed = CaseFile.safeParse(db.data);
    if (!parsed.success) {
      throw new WorkbenchError('damaged', `The case file of ${caseId} does not match the case format: ${describeZodError(parsed.error).join('; ')}. It has been kept as it is for recovery.`);
    }
    if (parsed.data.id !== caseId) {
      throw new WorkbenchError('damaged', `The case file in folder ${caseId} belongs to another case. It has been kept as it is for recovery.`);
    }
    db.data = parsed.data;
    open.set(caseId, db);
    if (stamp && stamps.get(caseId) !== stamp) {
      stamps.set(caseId, stamp);
      stampsDirty = true;
    }
    return db;
  }

  async function rebuildIndex(): Promise<CaseSummary[]> {
    const ids = (await fs.readdir(casesDir, { withFileTypes: true })).filter((d) => d.isDirectory() && CASE_ID.test(d.name)).map((d) => d.name);
    const known = new Map(index.data.cases.map((c) => [c.id, c]));
    const out: CaseSummary[] = [];
    // One stat per case, all at once: the thread pool overlaps them, so 10,000 cases cost one pass, not 10,000 waits.
    const allStamps = await Promise.all(ids.map(stampOf));
    for (const [i, id] of ids.entries()) {
      const stamp = allStamps[i] ?? null;
      if (stamp === null) continue; // a folder without a case file is not a case
      if (stamps.get(id) !== stamp) open.delete(id);
      const fromIndex = known.get(id);
      if (fromIndex && !fromIndex.damaged && stamps.get(id) === stamp) {
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
    index.data = indexData([...others, summary]);
    await index.write();
    stampsDirty = false;
  }

  function enqueue<T>(caseId: string, work: () => Promise<T>): Promise<T> {
    const prev = queues.get(caseId) ?? Promise.resolve();
    const next = prev.then(work, work);
    queues.set(caseId, next.catch(() => undefined));
    return next;
  }

  const store: CaseStore = {
    dataDir,
    cipher,
    caseDir,
    documentPath,

    async addDocuments(caseId, documents, change) {
      for (const d of documents) {
        documentPath(caseId, d.sha256);
        if (createHash('sha256').update(d.bytes).digest('hex') !== d.sha256) {
          throw new WorkbenchError('invalid-document', 'A document\'s bytes do not match its SHA-256.');
        }
      }
      // Content-addressed and not yet listed in the case file, so a file written here is unseen until the change lands.
      const written = await enqueue(caseId, async () => {
        await loadCase(caseId);
        await fs.mkdir(path.join(caseDir(caseId), 'docs'), { recursive: true });
        const files: string[] = [];
        for (const d of documents) {
          const file = documentPath(caseId, d.sha256);
          if (await fs.stat(file).then(() => true, () => false)) continue;
          await cipher.writeFile(file, d.bytes);
          files.push(file);
        }
        return files;
      });
      try {
        return await store.updateCase(caseId, change);
      } catch (e) {
        const listed = new Set((await store.getCase(caseId).catch(() => null))?.documents.map((d) => documentPath(caseId, d.sha256)) ?? []);
        await Promise.all(written.filter((f) => !listed.has(f)).map((f) => fs.rm(f, { force: true })));
        throw e;
      }
    },

    async listCases() {
      const onDisk = await rebuildIndex();
      const listed = onDisk.filter((c) => !c.damaged);
      const changed = stampsDirty || listed.length !== index.data.cases.length || listed.some((c, i) => index.data.cases[i] !== c);
      if (changed) {
        index.data = indexData(listed);
        await index.write();
        stampsDirty = false;
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

    async readDocument(caseId, sha256) {
      const file = documentPath(caseId, sha256);
      let bytes: Buffer | null;
      try {
        bytes = await cipher.readFile(file);
      } catch (e) {
        if (e instanceof EnvelopeError) throw new WorkbenchError('damaged', `A record of case ${caseId} cannot be read: ${e.message}`);
        throw e;
      }
      if (bytes === null) throw new WorkbenchError('not-found', 'That document is not part of this case.');
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
        throw new WorkbenchError('damaged', `A record of case ${caseId} no longer matches its fingerprint; it has been kept as it is.`);
      }
      return bytes;
    },

    async createCase(caseFile, documents) {
      const parsed = CaseFile.parse(caseFile);
      const target = caseDir(parsed.id);
      for (const d of documents) {
        documentPath(parsed.id, d.sha256);
        if (createHash('sha256').update(d.bytes).digest('hex') !== d.sha256) {
          throw new WorkbenchError('invalid-document', 'A document\'s bytes do not match its SHA-256.');
        }
      }
      return enqueue(parsed.id, async () => {
        if (await fs.stat(target).then(() => true, () => false)) {
          throw new WorkbenchError('conflict', `A case ${parsed.id} already exists.`);
        }
        const staging = path.join(dataDir, 'staging', `${parsed.id}-${process.pid}-${Date.now()}`);
        try {
          await fs.mkdir(path.join(staging, 'docs'), { recursive: true });
          for (const d of documents) {
            await fs.writeFile(path.join(staging, 'docs', `${d.sha256}.pdf`), cipher.sealBytes(d.bytes), { flush: true });
          }
          await syncFolder(path.join(staging, 'docs'));
          await cipher.writeJson(path.join(staging, 'case.json'), parsed);
          await fs.rename(staging, target);
          await syncFolder(casesDir);
        } catch (e) {
          await fs.rm(staging, { recursive: true, force: true });
          throw e;
        }
        const stamp = await stampOf(parsed.id);
        if (stamp) {
          stamps.set(parsed.id, stamp);
          stampsDirty = true;
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
        if (parsed.data.id !== caseId) throw new WorkbenchError('invalid-request', 'A change cannot move a case to another id.');
        const before = summarizeCase(db.data);
        const previous = db.data;
        db.data = parsed.data;
        try {
          await db.write();
        } catch (e) {
          db.data = previous;
          throw e;
        }
        const stamp = await stampOf(caseId);
        if (stamp) {
          stamps.set(caseId, stamp);
          stampsDirty = true;
        }
        const after = summarizeCase(parsed.data);
        // The index is rewritten only when a listed field changes, so saving a mark stays O(one case).
        if (JSON.stringify({ ...before, updatedAt: '' }) !== JSON.stringify({ ...after, updatedAt: '' })) await saveSummary(after);
        return structuredClone(parsed.data);
      });
    },
  };
  return store;
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
