/**
 * A case's audit trail on disk: cases/<id>/audit.jsonl, one event a line, each sealed on its own
 * with the store's cipher (so the file stays append-only and encrypted at rest), each carrying the
 * hash of the one before it (shared/audit/audit-event.ts).
 *
 * This module only reads, appends and checks lines. When a line is written, and what happens
 * after a crash between a change and its line, is the store's business (main/store/case-store.ts):
 * the store writes each event into the case file first, in the same atomic write as the change,
 * and appends the line after; a line the trail lacks is appended again at the next open.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_GENESIS_HASH, AuditEvent, AuditEventInput, auditHashInput } from '../../shared/audit/audit-event';
import { PRIVATE_FILE, syncFolder } from '../store/durable-json-file';

export const AUDIT_FILE = 'audit.jsonl';

export type AuditBreak = 'altered' | 'removed' | 'reordered' | 'unparseable';
export type AuditVerification = { ok: true; count: number } | { ok: false; firstBad: { seq: number; reason: AuditBreak } };

/**
 * How lines are kept on disk: sealed one by one with the store's cipher (main/crypto/file-cipher.ts).
 * Plain lines only in tests and plaintext stores.
 */
export interface AuditLineCodec {
  sealLine(text: string): string;
  openLine(line: string): string;
}
const PLAIN: AuditLineCodec = { sealLine: (t) => t, openLine: (l) => l };

/** The last event of a trail: the next one continues from it. */
export interface AuditHead {
  seq: number;
  hash: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The event that follows `head` (or starts the trail): its seq, the previous hash, its own hash. */
export function chainEvent(input: AuditEventInput, head: AuditHead | null): AuditEvent {
  const event = AuditEventInput.parse(input);
  const unsigned = { ...event, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? AUDIT_GENESIS_HASH };
  return { ...unsigned, hash: sha256(auditHashInput(unsigned)) };
}

/** A trail as read from disk. */
export interface TrailOnDisk {
  /** One entry per whole line, in file order; undefined where a line cannot be read. */
  events: (AuditEvent | undefined)[];
  /**
   * The end of the file when it is not a whole, readable line: an append cut off by a crash (no
   * newline), or a last line that does not decrypt or parse. `offset` is where it starts.
   */
  tornTail?: { offset: number; bytes: Buffer };
}

function parseLine(line: string): AuditEvent | undefined {
  try {
    const parsed = AuditEvent.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function openAndParse(line: string, codec: AuditLineCodec): AuditEvent | undefined {
  try {
    return parseLine(codec.openLine(line));
  } catch {
    // A line that does not decrypt is damage, like one that does not parse.
    return undefined;
  }
}

export async function readTrail(caseDir: string, codec: AuditLineCodec = PLAIN): Promise<TrailOnDisk> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(caseDir, AUDIT_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [] };
    throw e;
  }
  const events: (AuditEvent | undefined)[] = [];
  let start = 0;
  let lastLineStart = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) return { events, tornTail: { offset: start, bytes: bytes.subarray(start) } };
    lastLineStart = start;
    events.push(openAndParse(bytes.toString('utf8', start, nl), codec));
    start = nl + 1;
  }
  if (events.length > 0 && events[events.length - 1] === undefined) {
    events.pop();
    return { events, tornTail: { offset: lastLineStart, bytes: bytes.subarray(lastLineStart) } };
  }
  return { events };
}

/** Appends whole lines and fsyncs them (and the folder, for a new file) before resolving. */
export async function appendAuditLines(caseDir: string, events: readonly AuditEvent[], codec: AuditLineCodec = PLAIN): Promise<void> {
  if (events.length === 0) return;
  const file = path.join(caseDir, AUDIT_FILE);
  const isNew = !(await fs.stat(file).then(() => true, () => false));
  const text = events.map((e) => `${codec.sealLine(JSON.stringify(e))}\n`).join('');
  const handle = await fs.open(file, 'a', PRIVATE_FILE);
  try {
    await handle.appendFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (isNew) await syncFolder(caseDir);
}

/** Cuts the file back to `offset` (the start of a torn tail), durably. */
export async function cutTrailAt(caseDir: string, offset: number): Promise<void> {
  const handle = await fs.open(path.join(caseDir, AUDIT_FILE), 'r+');
  try {
    await handle.truncate(offset);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checks the chain from the first event. `firstBad.seq` is the sequence number at which it first
 * breaks. A trail cut off at its end cannot be detected from the lines alone: `anchor`, the head
 * the store recorded with the case, detects that too.
 */
export function verifyEvents(events: readonly (AuditEvent | undefined)[], anchor?: AuditHead): AuditVerification {
  let prevHash = AUDIT_GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const expected = i + 1;
    const ev = events[i];
    if (!ev) return { ok: false, firstBad: { seq: expected, reason: 'unparseable' } };
    if (sha256(auditHashInput(ev)) !== ev.hash) return { ok: false, firstBad: { seq: expected, reason: 'altered' } };
    if (ev.seq !== expected) {
      // The missing event further down the file means lines were moved, not deleted.
      const later = events.slice(i + 1).some((e) => e?.seq === expected);
      return { ok: false, firstBad: { seq: expected, reason: later || ev.seq < expected ? 'reordered' : 'removed' } };
    }
    if (ev.prevHash !== prevHash) return { ok: false, firstBad: { seq: expected, reason: 'altered' } };
    prevHash = ev.hash;
  }
  if (anchor && anchor.seq > 0) {
    if (anchor.seq > events.length) return { ok: false, firstBad: { seq: events.length + 1, reason: 'removed' } };
    if (events[anchor.seq - 1]?.hash !== anchor.hash) return { ok: false, firstBad: { seq: anchor.seq, reason: 'altered' } };
  }
  return { ok: true, count: events.length };
}

/** The chain check of the file as it is (a torn tail counts as an unreadable last line). */
export async function verifyAuditChain(caseDir: string, anchor?: AuditHead, codec: AuditLineCodec = PLAIN): Promise<AuditVerification> {
  const trail = await readTrail(caseDir, codec);
  return verifyEvents(trail.tornTail ? [...trail.events, undefined] : trail.events, anchor);
}

/** Every readable event in file order; an unreadable line is an error naming its line number. */
export async function readAuditEvents(caseDir: string, codec: AuditLineCodec = PLAIN): Promise<AuditEvent[]> {
  const trail = await readTrail(caseDir, codec);
  const bad = trail.events.findIndex((e) => e === undefined);
  if (bad >= 0) throw new Error(`audit.jsonl line ${bad + 1} is not a valid audit event`);
  if (trail.tornTail) throw new Error(`audit.jsonl line ${trail.events.length + 1} is not a valid audit event`);
  return trail.events as AuditEvent[];
}
