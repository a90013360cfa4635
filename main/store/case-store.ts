/**
 * The local case store: one lowdb file per case plus a small index (ARCHITECTURE.md, "Data on disk"),
 * implementing the store contract of main/store/case-store-contract.ts.
 * Only the main process writes. Writes to one case are queued so they never interleave.
 * Every file goes through a FileCipher: in the app and the CLI, AES-256-GCM envelopes
 * (SECURITY.md, "Encryption at rest"); a folder written before encryption is migrated on open.
 * A case file that cannot be read is flagged in the list with what is wrong and left untouched.
 *
 * A change and its audit event are written together: the event goes into the case file's journal
 * (main/store/case-journal.ts) in the same atomic write as the change, then its line is appended
 * to audit.jsonl. The first time a case is opened in a process, the trail is brought up to the
 * journal (a line lost or torn by a crash is appended again).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { CaseFile, type CaseSummary, summarizeCase } from '../../shared/case/schema';
import type { AuditEventInput } from '../../shared/audit/audit-event';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { CipherJSONFile } from './cipher-json-file';
import { EnvelopeError, type FileCipher } from '../crypto/file-cipher';
import { migrateToEncrypted } from '../crypto/migrate-to-encrypted';
import { makeDataFolderPrivate, makePrivateFolder, PRIVATE_FILE, syncFolder, writeFileDurably } from './durable-json-file';
import { appendAuditLines, chainEvent, cutTrailAt, readTrail, verifyEvents } from '../audit/audit-log';
import { CaseJournal, dropLegacyHead, EMPTY_JOURNAL, JOURNAL_KEY, recoverTrail } from './case-journal';
import { checkRevisionId, IDEMPOTENCY_WINDOW, type AuditTrail, type CaseStore, type ChangeRecord } from './case-store-contract';
import { silentLog, type Log } from '../log';
import { createMemoryQueue } from './memory-queue';
import { memberKey } from '../../shared/case/member-key';

export type { AuditDraft, AuditTrail, CaseStore, ChangeRecord } from './case-store-contract';

interface IndexData {
  schemaVersion: 1;
  cases: CaseSummary[];
  /** size:mtime of each case file when its summary was taken; a cold start trusts summaries whose file still matches. */
  stamps?: Record<string, string>;
}

const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SHA256 = /^[a-f0-9]{64}$/;

/** A case file as stored: the case and the store's journal beside it. */
type StoredCase = CaseFile & { [JOURNAL_KEY]?: CaseJournal };

interface OpenCase {
  db: Low<StoredCase>;
  /** The case without the journal: what the services see. */
  caseFile: CaseFile;
  /** Undefined for a case written before the journal, until its trail has been read. */
  journal: CaseJournal | undefined;
  /** The trail has been brought up to the journal in this process. */
  trailChecked: boolean;
  /** Why the trail could not be brought up to date on the last try (an errno code). */
  trailProblem?: string;
  legacyHeadFile?: string;
}

export interface CaseStoreOptions {
  /** createFileCipher(dataKey) in the app and CLI; plaintextCipherForTests() only in tests. */
  cipher: FileCipher;
  /** PHI-free events: a trail repaired, an audit line that could not be appended yet. */
  log?: Log;
}

/** Who records the repairs the store itself makes to a trail. */
const STORE_ACTOR = 'workbench (store recovery)';

export async function openCaseStore(dataDir: string, opts: CaseStoreOptions): Promise<CaseStore> {
  const { cipher } = opts;
  const log = opts.log ?? silentLog;
  const casesDir = path.join(dataDir, 'cases');
  if (await fs.stat(dataDir).then(() => true, () => false)) await makeDataFolderPrivate(dataDir);
  await makePrivateFolder(casesDir);
  // A staged create that never reached its rename was never acknowledged: drop it.
  await fs.rm(path.join(dataDir, 'staging'), { recursive: true, force: true });
  await migrateToEncrypted(dataDir, cipher);
  const index = new Low<IndexData>(new CipherJSONFile(path.join(dataDir, 'index.json'), cipher), { schemaVersion: 1, cases: [] });
  await readIndex();
  const open = new Map<string, OpenCase>();
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

  async function noteStamp(caseId: string) {
    const stamp = await stampOf(caseId);
    if (stamp && stamps.get(caseId) !== stamp) {
      stamps.set(caseId, stamp);
      stampsDirty = true;
    }
  }

  const damaged = (caseId: string, what: string) => new WorkbenchError('damaged', `The case file of ${caseId} ${what} It has been kept as it is for recovery.`);

  async function loadCase(caseId: string): Promise<OpenCase> {
    const cached = open.get(caseId);
    if (cached) return cached;
    const file = path.join(caseDir(caseId), 'case.json');
    const db = new Low<StoredCase>(new CipherJSONFile(file, cipher), null as unknown as StoredCase);
    try {
      await db.read();
    } catch (e) {
      const what = e instanceof EnvelopeError ? e.message : `it is not readable JSON (${(e as Error).name})`;
      throw damaged(caseId, `cannot be read: ${what}`);
    }
    if (db.data == null) throw new WorkbenchError('not-found', `There is no case ${caseId}.`);
    const { [JOURNAL_KEY]: storedJournal, ...rest } = db.data as StoredCase & Record<string, unknown>;
    const parsed = CaseFile.safeParse(rest);
    if (!parsed.success) throw damaged(caseId, `does not match the case format: ${describeZodError(parsed.error).join('; ')}.`);
    if (parsed.data.id !== caseId) throw new WorkbenchError('damaged', `The case file in folder ${caseId} belongs to another case. It has been kept as it is for recovery.`);
    let journal: CaseJournal | undefined;
    if (storedJournal !== undefined) {
      const j = CaseJournal.safeParse(storedJournal);
      if (!j.success) throw damaged(caseId, `has a store journal that cannot be read: ${describeZodError(j.error).join('; ')}.`);
      journal = j.data;
    }
    const entry: OpenCase = { db, caseFile: parsed.data, journal, trailChecked: false };
    open.set(caseId, entry);
    await noteStamp(caseId);
    return entry;
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
        out.push(summarizeCase((await loadCase(id)).caseFile));
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

  /**
   * The commit point: the case, its new events (chained after the journal's head) and the key go
   * into the case file in one durable write. Only then are the lines appended to audit.jsonl; if
   * that fails the events stay pending in the journal and the next open appends them.
   */
  async function commit(caseId: string, entry: OpenCase, next: CaseFile, inputs: AuditEventInput[], key?: string) {
    const base = entry.journal ?? EMPTY_JOURNAL;
    let head = base.head;
    const events = inputs.map((input) => {
      const e = chainEvent(input, head);
      head = { seq: e.seq, hash: e.hash };
      return e;
    });
    const keys = key ? [...base.keys.filter((k) => k !== key), key].slice(-IDEMPOTENCY_WINDOW) : base.keys;
    const journal: CaseJournal = { head, pending: [...base.pending, ...events], keys };
    entry.db.data = { ...next, [JOURNAL_KEY]: journal };
    try {
      await entry.db.write();
    } catch (e) {
      // What reached the disk is unknown: read it again next time rather than trust memory.
      open.delete(caseId);
      throw e;
    }
    entry.caseFile = next;
    entry.journal = journal;
    if (entry.legacyHeadFile) {
      await dropLegacyHead(entry.legacyHeadFile);
      delete entry.legacyHeadFile;
    }
    await noteStamp(caseId);
    await flushPending(caseId, entry);
  }

  async function flushPending(caseId: string, entry: OpenCase) {
    const journal = entry.journal;
    // A trail not yet repaired (a torn tail still there) gets nothing appended after the damage.
    if (!journal || journal.pending.length === 0 || !entry.trailChecked) return;
    try {
      await appendAuditLines(caseDir(caseId), journal.pending, cipher);
      // The case file still lists them until its next write; recovery finds them in the trail then.
      entry.journal = { ...journal, pending: [] };
    } catch (e) {
      // The events are durable in the case file: the change stands, the trail catches up at the next open.
      entry.trailChecked = false;
      log.warn('audit.append-deferred', { errorName: (e as Error)?.name ?? 'Error', count: journal.pending.length });
    }
  }

  /**
   * The case, with its trail brought up to its journal once per process (inside the case's queue).
   * If the trail cannot be read or written now, the case still opens and changes still commit:
   * their events wait in the case file, and the repair is tried again on the next call.
   */
  async function openChecked(caseId: string): Promise<OpenCase> {
    const entry = await loadCase(caseId);
    if (entry.trailChecked) return entry;
    try {
      await repairTrail(caseId, entry);
    } catch (e) {
      log.warn('audit.trail-unavailable', { errorName: (e as Error)?.name ?? 'Error' });
      entry.trailProblem = (e as NodeJS.ErrnoException)?.code ?? 'unreadable';
      return entry;
    }
    delete entry.trailProblem;
    return entry;
  }

  /**
   * In this order, so a crash at any step leaves the next open able to finish and nothing unsaid:
   * torn bytes set aside, the repair events recorded in the case file (pending), the torn tail
   * cut off, then every pending event appended.
   */
  async function repairTrail(caseId: string, entry: OpenCase) {
    const dir = caseDir(caseId);
    const r = await recoverTrail(dir, entry.journal, cipher);
    entry.journal = r.journal;
    if (r.legacyHeadFile) entry.legacyHeadFile = r.legacyHeadFile;
    if (r.tornTail?.setAside) await writeFileDurably(path.join(dir, r.tornTail.setAside), r.tornTail.bytes, undefined, { privateFolder: true });
    if (r.repairs.length > 0) {
      log.warn('audit.trail-repaired', { count: r.repairs.length });
      const at = new Date().toISOString();
      // trailChecked is still false: commit keeps the events pending instead of appending after the damage.
      await commit(caseId, entry, entry.caseFile, r.repairs.map((d) => ({ at, actor: STORE_ACTOR, ...d })));
    }
    if (r.tornTail) await cutTrailAt(dir, r.tornTail.offset);
    await appendAuditLines(dir, entry.journal!.pending, cipher);
    entry.journal = { ...entry.journal!, pending: [] };
    entry.trailChecked = true;
  }

  function eventOf(record: ChangeRecord, after: CaseFile): AuditEventInput | null {
    if (record.audit === null) return null;
    const draft = typeof record.audit === 'function' ? record.audit(after) : record.audit;
    return { at: record.at, actor: record.actor, ...draft };
  }

  const trailUnavailable = (caseId: string, entry: OpenCase, consequence: string) =>
    new WorkbenchError('damaged', `The audit trail of case ${caseId} cannot be read or written (${entry.trailProblem ?? 'unreadable'}); ${consequence}.`);

  const replayed = (entry: OpenCase, key: string | undefined) => key !== undefined && (entry.journal?.keys.includes(key) ?? false);

  /** <caseDir>/letters/<revisionId>.pdf, encrypted like the records. */
  function letterFile(caseId: string, revisionId: string): string {
    checkRevisionId(revisionId);
    return path.join(caseDir(caseId), 'letters', `${revisionId}.pdf`);
  }

  const store: CaseStore = {
    dataDir,
    cipher,
    caseDir,
    documentPath,

    async addDocuments(caseId, documents, change, record) {
      for (const d of documents) {
        documentPath(caseId, d.sha256);
        if (createHash('sha256').update(d.bytes).digest('hex') !== d.sha256) {
          throw new WorkbenchError('invalid-document', 'A document\'s bytes do not match its SHA-256.');
        }
      }
      // Content-addressed and not yet listed in the case file, so a file written here is unseen until the change lands.
      const written = await enqueue(caseId, async () => {
        await loadCase(caseId);
        await makePrivateFolder(path.join(caseDir(caseId), 'docs'));
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
        return await store.updateCase(caseId, change, record);
      } catch (e) {
        const listed = new Set((await store.getCase(caseId).catch(() => null))?.documents.map((d) => documentPath(caseId, d.sha256)) ?? []);
        await Promise.all(written.filter((f) => !listed.has(f)).map((f) => fs.rm(f, { force: true })));
        throw e;
      }
    },

    queryQueue: createMemoryQueue(() => store.listCases()),

    async keepLetter(caseId, revisionId, pdf) {
      const file = letterFile(caseId, revisionId);
      await makePrivateFolder(path.dirname(file));
      await cipher.writeFile(file, pdf);
    },

    async readLetter(caseId, revisionId) {
      // One copy per revision here: the one kept last (re-rendered only when it differs).
      return cipher.readFile(letterFile(caseId, revisionId));
    },

    async listCasesOfMember(memberId) {
      const wanted = memberKey(memberId);
      return (await store.listCases()).filter((s) => !s.damaged && memberKey(s.memberId) === wanted);
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
      const cached = open.get(caseId);
      const entry = cached?.trailChecked ? cached : await enqueue(caseId, () => openChecked(caseId));
      return structuredClone(entry.caseFile);
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

    async createCase(caseFile, documents, record) {
      const parsed = CaseFile.parse(caseFile);
      const target = caseDir(parsed.id);
      for (const d of documents) {
        documentPath(parsed.id, d.sha256);
        if (createHash('sha256').update(d.bytes).digest('hex') !== d.sha256) {
          throw new WorkbenchError('invalid-document', 'A document\'s bytes do not match its SHA-256.');
        }
      }
      const key = record.idempotencyKey;
      return enqueue(parsed.id, async () => {
        if (await fs.stat(target).then(() => true, () => false)) {
          // The same create sent again (its answer was lost): the case it made is the answer.
          const existing = key ? await openChecked(parsed.id).catch(() => null) : null;
          if (existing && replayed(existing, key)) return structuredClone(existing.caseFile);
          throw new WorkbenchError('conflict', `A case ${parsed.id} already exists.`);
        }
        const input = eventOf(record, parsed);
        const first = input ? chainEvent(input, null) : null;
        const journal: CaseJournal = { head: first ? { seq: first.seq, hash: first.hash } : EMPTY_JOURNAL.head, pending: [], keys: key ? [key] : [] };
        const staging = path.join(dataDir, 'staging', `${parsed.id}-${process.pid}-${Date.now()}`);
        try {
          await makePrivateFolder(path.join(staging, 'docs'));
          for (const d of documents) {
            await fs.writeFile(path.join(staging, 'docs', `${d.sha256}.pdf`), cipher.sealBytes(d.bytes), { flush: true, mode: PRIVATE_FILE });
          }
          await syncFolder(path.join(staging, 'docs'));
          // The first event is in the staged trail: the case and its creation appear together.
          if (first) await appendAuditLines(staging, [first], cipher);
          await cipher.writeJson(path.join(staging, 'case.json'), { ...parsed, [JOURNAL_KEY]: journal });
          await fs.rename(staging, target);
          await syncFolder(casesDir);
        } catch (e) {
          await fs.rm(staging, { recursive: true, force: true });
          throw e;
        }
        await noteStamp(parsed.id);
        await saveSummary(summarizeCase(parsed));
        return structuredClone(parsed);
      });
    },

    async updateCase(caseId, change, record) {
      return enqueue(caseId, async () => {
        const entry = await openChecked(caseId);
        // Without a journal (written before this version) the trail itself is the head: unreadable, no event could chain on.
        if (!entry.journal) throw trailUnavailable(caseId, entry, 'changes cannot be recorded until it can be read');
        const key = record.idempotencyKey;
        // Already applied (the answer to the first try was lost): answer with the case as it is.
        if (replayed(entry, key)) return structuredClone(entry.caseFile);
        const draft = structuredClone(entry.caseFile);
        const changed = change(draft) ?? draft;
        changed.updatedAt = new Date().toISOString();
        const parsed = CaseFile.safeParse(changed);
        if (!parsed.success) {
          throw new WorkbenchError('invalid-request', `The change would make the case invalid: ${describeZodError(parsed.error).join('; ')}`);
        }
        if (parsed.data.id !== caseId) throw new WorkbenchError('invalid-request', 'A change cannot move a case to another id.');
        const before = summarizeCase(entry.caseFile);
        const input = eventOf(record, parsed.data);
        await commit(caseId, entry, parsed.data, input ? [input] : [], key);
        const after = summarizeCase(parsed.data);
        // The index is rewritten only when a listed field changes, so saving a mark stays O(one case).
        if (JSON.stringify({ ...before, updatedAt: '' }) !== JSON.stringify({ ...after, updatedAt: '' })) await saveSummary(after);
        return structuredClone(parsed.data);
      });
    },

    async readAudit(caseId): Promise<AuditTrail> {
      return enqueue(caseId, async () => {
        const entry = await openChecked(caseId);
        const trail = await readTrail(caseDir(caseId), cipher).catch((e: unknown) => {
          entry.trailProblem = (e as NodeJS.ErrnoException)?.code ?? 'unreadable';
          throw trailUnavailable(caseId, entry, 'the changes are kept with the case and are added to the trail once it can be written again');
        });
        const lines = trail.tornTail ? [...trail.events, undefined] : trail.events;
        const chain = verifyEvents(lines, entry.journal?.head);
        const unreadable = lines.flatMap((e, i) => (e ? [] : [i + 1]));
        const pending = entry.journal?.pending.length ?? 0;
        const problems = [
          ...(unreadable.length ? [`Line${unreadable.length > 1 ? 's' : ''} ${unreadable.join(', ')} of the trail cannot be read.`] : []),
          ...(pending ? [`The last ${pending} event${pending > 1 ? 's are' : ' is'} kept with the case but could not be added to the trail file yet; they are added at the next open.`] : []),
        ];
        return { events: lines.filter((e) => e !== undefined), chain, ...(problems.length ? { problem: problems.join(' ') } : {}) };
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
