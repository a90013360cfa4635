/**
 * The local store's write-ahead record: kept inside each case file (under `storeJournal`), so it is
 * written in the same atomic write as the change it records. It holds the head of the case's
 * audit trail, the events not yet confirmed in audit.jsonl, and the idempotency keys of the last
 * changes. See main/store/case-store-contract.ts for what the store promises with it.
 *
 * After a crash between the case write and the audit line, the trail is behind the case: at the
 * next open `recoverTrail` says to cut off a torn last line and append the missing events again.
 * What it cannot explain (a torn line no pending event accounts for, events missing before the
 * head, a case file older than its trail) becomes a 'trail-repaired' event, never a silent gap.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AUDIT_GENESIS_HASH, AuditEvent } from '../../shared/audit/audit-event';
import { readTrail, type AuditHead, type AuditLineCodec } from '../audit/audit-log';
import type { FileCipher } from '../crypto/file-cipher';
import type { AuditDraft } from './case-store-contract';

export const JOURNAL_KEY = 'storeJournal';
/** Kept by versions before the journal: the trail's last seq and hash. Read once to migrate. */
const LEGACY_HEAD_FILE = 'audit-head.json';

const sha256Hex = z.string().regex(/^[a-f0-9]{64}$/);
export const CaseJournal = z.object({
  head: z.object({ seq: z.number().int().min(0), hash: sha256Hex }),
  /** Events written with the case that audit.jsonl may not hold yet. */
  pending: z.array(AuditEvent).default([]),
  /** Idempotency keys of the latest changes, oldest first. */
  keys: z.array(z.string()).default([]),
});
export type CaseJournal = z.infer<typeof CaseJournal>;

export const EMPTY_JOURNAL: CaseJournal = { head: { seq: 0, hash: AUDIT_GENESIS_HASH }, pending: [], keys: [] };

export interface Recovery {
  /** The journal as it should be: head adjusted, and pending = every event the trail lacks, in order. */
  journal: CaseJournal;
  /** A torn last line to cut off at `offset`; `setAside` names the file its bytes go to first, when nothing explains it. */
  tornTail?: { offset: number; bytes: Buffer; setAside?: string };
  /** What the trail lacked that the store cannot restore, each to be recorded as an event. */
  repairs: AuditDraft[];
  /** The folder held the legacy head file, which the next journal write makes obsolete. */
  legacyHeadFile?: string;
}

const headOf = (e: AuditEvent): AuditHead => ({ seq: e.seq, hash: e.hash });
/** "event 5" / "events 5 to 7". */
const span = (from: number, to: number) => (from === to ? `event ${from}` : `events ${from} to ${to}`);
const events = (from: number, to: number) => `${span(from, to)} ${from === to ? 'is' : 'are'}`;

/**
 * A case written before the journal existed: the head is the trail's last readable event, or the
 * legacy head file's when that is further on (the trail was cut off after it).
 */
async function legacyJournal(caseDir: string, lastEvent: AuditEvent | undefined, cipher: FileCipher): Promise<{ journal: CaseJournal; legacyHeadFile?: string }> {
  const file = path.join(caseDir, LEGACY_HEAD_FILE);
  let legacy: AuditHead | null = null;
  try {
    const v = (await cipher.readJson(file)) as Partial<AuditHead> | null;
    if (v && typeof v.seq === 'number' && typeof v.hash === 'string' && sha256Hex.safeParse(v.hash).success) legacy = { seq: v.seq, hash: v.hash };
  } catch {
    legacy = null; // a damaged head file tells us nothing; the trail itself is checked by verify
  }
  const fromTrail = lastEvent ? headOf(lastEvent) : EMPTY_JOURNAL.head;
  const head = legacy && legacy.seq > fromTrail.seq ? legacy : fromTrail;
  return { journal: { ...EMPTY_JOURNAL, head }, ...(legacy ? { legacyHeadFile: file } : {}) };
}

/**
 * Reads the trail and says how to bring it up to the journal, changing nothing: which torn tail
 * to cut (and set aside when no pending event explains it), which events to append again, and
 * what to record as repairs. The store records the repairs in the case file before it touches the
 * trail, so a crash in the middle of a repair leaves nothing unsaid.
 */
export async function recoverTrail(caseDir: string, stored: CaseJournal | undefined, cipher: FileCipher & AuditLineCodec): Promise<Recovery> {
  const trail = await readTrail(caseDir, cipher);
  const readable = trail.events.filter((e): e is AuditEvent => e !== undefined);
  const lastEvent = readable[readable.length - 1];
  const legacy = stored ? undefined : await legacyJournal(caseDir, lastEvent, cipher);
  let journal = stored ?? legacy!.journal;
  const repairs: AuditDraft[] = [];
  let fileSeq = lastEvent?.seq ?? 0;
  let tornTail: Recovery['tornTail'];

  if (trail.tornTail) {
    const line = trail.events.length + 1;
    tornTail = { offset: trail.tornTail.offset, bytes: trail.tornTail.bytes };
    // A crash during the append: the event is whole in the journal, the torn copy is worthless.
    const explained = journal.pending.some((e) => e.seq === fileSeq + 1);
    if (!explained) {
      tornTail.setAside = `audit-line-${line}-set-aside-${Date.now()}.bin`;
      repairs.push({
        type: 'trail-repaired',
        summary: `line ${line} of the trail was cut off or unreadable; its ${trail.tornTail.bytes.length} bytes were set aside in ${tornTail.setAside} and the trail goes on after line ${line - 1}`,
        details: { line, setAside: tornTail.setAside, bytes: trail.tornTail.bytes.length },
      });
    }
  }

  const inFile = new Set(readable.map((e) => e.hash));
  const missing = journal.pending.filter((e) => !inFile.has(e.hash));
  if (missing.length > 0) {
    const first = missing[0]!.seq;
    if (first > fileSeq + 1) {
      repairs.push({
        type: 'trail-repaired',
        summary: `${events(fileSeq + 1, first - 1)} missing from the trail (removed or lost); later events were restored from the case file`,
        details: { missingFrom: fileSeq + 1, missingTo: first - 1 },
      });
    }
    fileSeq = missing[missing.length - 1]!.seq;
  }
  journal = { ...journal, pending: missing };

  if (journal.head.seq > fileSeq) {
    repairs.push({
      type: 'trail-repaired',
      summary: `${events(fileSeq + 1, journal.head.seq)} missing from the end of the trail (removed or lost); the trail goes on from event ${journal.head.seq}`,
      details: { missingFrom: fileSeq + 1, missingTo: journal.head.seq },
    });
  } else if (fileSeq > journal.head.seq && lastEvent && missing.length === 0) {
    // The case file is older than its trail (restored from a backup): the trail is the history.
    repairs.push({
      type: 'trail-repaired',
      summary: `the case file is older than its trail (restored from a backup?): it does not hold the changes of ${span(journal.head.seq + 1, fileSeq)}`,
      details: { missingFrom: journal.head.seq + 1, missingTo: fileSeq },
    });
    journal = { ...journal, head: headOf(lastEvent) };
  }
  return { journal, repairs, ...(tornTail ? { tornTail } : {}), ...(legacy?.legacyHeadFile ? { legacyHeadFile: legacy.legacyHeadFile } : {}) };
}

/** Removes the legacy head file once the journal holds the head. */
export async function dropLegacyHead(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
