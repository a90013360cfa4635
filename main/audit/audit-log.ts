/**
 * The append-only, hash-chained audit trail of one case: <caseDir>/audit.jsonl.
 * Each append is fsynced before it resolves, so an acknowledged event survives a crash;
 * appends to the same case are queued so two never read the same previous hash.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_GENESIS_HASH, AuditEvent, AuditEventInput, auditHashInput } from '../../shared/audit/audit-event';
import { syncFolder } from '../store/durable-json-file';

export const AUDIT_FILE = 'audit.jsonl';

export type AuditBreak = 'altered' | 'removed' | 'reordered' | 'unparseable';
export type AuditVerification = { ok: true; count: number } | { ok: false; firstBad: { seq: number; reason: AuditBreak } };

/**
 * How lines are kept on disk: sealed one by one with the store's cipher (main/crypto/file-cipher.ts),
 * so the trail stays append-only and encrypted at rest. Plain lines only in tests and plaintext stores.
 */
export interface AuditLineCodec {
  sealLine(text: string): string;
  openLine(line: string): string;
}
const PLAIN: AuditLineCodec = { sealLine: (t) => t, openLine: (l) => l };

/**
 * The last event's seq and hash, kept beside the trail (encrypted and authenticated like the case
 * file), so a trail cut off at its end is detected too: the file alone cannot show that.
 */
export interface AuditHead {
  seq: number;
  hash: string;
}
export interface AuditHeadStore {
  read(): Promise<AuditHead | null>;
  write(head: AuditHead): Promise<void>;
}
export const AUDIT_HEAD_FILE = 'audit-head.json';

export function auditHeadIn(caseDir: string, files: { readJson(p: string): Promise<unknown>; writeJson(p: string, v: unknown): Promise<void> }): AuditHeadStore {
  const file = path.join(caseDir, AUDIT_HEAD_FILE);
  return {
    async read() {
      const v = (await files.readJson(file)) as Partial<AuditHead> | null;
      return v && typeof v.seq === 'number' && typeof v.hash === 'string' ? { seq: v.seq, hash: v.hash } : null;
    },
    write: (head) => files.writeJson(file, head),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

async function readLines(caseDir: string, codec: AuditLineCodec): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(caseDir, AUDIT_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    try {
      return codec.openLine(line);
    } catch {
      // A line that does not decrypt is damage; '' makes verify name it as unparseable.
      return '';
    }
  });
}

function parseLine(line: string): AuditEvent | undefined {
  try {
    const parsed = AuditEvent.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const queues = new Map<string, Promise<unknown>>();

/** Appends one event after the last one; returns it with its seq and hashes. */
export function appendAuditEvent(caseDir: string, input: AuditEventInput, codec: AuditLineCodec = PLAIN, head?: AuditHeadStore): Promise<AuditEvent> {
  const key = path.resolve(caseDir);
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => appendNow(caseDir, input, codec, head));
  queues.set(key, run);
  const forget = (): void => {
    if (queues.get(key) === run) queues.delete(key);
  };
  run.then(forget, forget);
  return run;
}

async function appendNow(caseDir: string, input: AuditEventInput, codec: AuditLineCodec, head?: AuditHeadStore): Promise<AuditEvent> {
  const event = AuditEventInput.parse(input);
  const lines = await readLines(caseDir, codec);
  let seq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  if (lines.length > 0) {
    const last = parseLine(lines[lines.length - 1] ?? '');
    // Chaining onto a line we cannot read would hide the damage; stop and let verify name it.
    if (!last) throw new Error(`The audit trail in ${caseDir} ends with an unreadable line (line ${lines.length}); run "audit verify".`);
    seq = last.seq + 1;
    prevHash = last.hash;
  }
  const known = await head?.read();
  // Appending after a trail that lost its last events would paper over the cut.
  if (known && known.seq >= seq) throw new Error(`The audit trail in ${caseDir} is missing its last events (expected ${known.seq}, found ${seq - 1}); run "audit verify".`);
  const unsigned = { ...event, seq, prevHash };
  const full: AuditEvent = { ...unsigned, hash: sha256(auditHashInput(unsigned)) };
  const file = path.join(caseDir, AUDIT_FILE);
  const handle = await fs.open(file, 'a');
  try {
    await handle.appendFile(`${codec.sealLine(JSON.stringify(full))}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A new file's directory entry must reach the disk too.
  if (lines.length === 0) await syncFolder(caseDir);
  await head?.write({ seq: full.seq, hash: full.hash });
  return full;
}

/** Every readable event in file order; an unreadable line is an error naming its line number. */
export async function readAuditEvents(caseDir: string, codec: AuditLineCodec = PLAIN): Promise<AuditEvent[]> {
  const lines = await readLines(caseDir, codec);
  return lines.map((line, i) => {
    const ev = parseLine(line);
    if (!ev) throw new Error(`audit.jsonl line ${i + 1} is not a valid audit event`);
    return ev;
  });
}

/**
 * Checks the chain from the first event. `firstBad.seq` is the sequence number at which it first
 * breaks. A trail cut off at the end cannot be detected from the file alone: pass the last
 * known `{ seq, hash }` (e.g. kept in the case file) as `anchor` to detect that too.
 */
export async function verifyAuditChain(caseDir: string, anchor?: { seq: number; hash: string }, codec: AuditLineCodec = PLAIN): Promise<AuditVerification> {
  const lines = await readLines(caseDir, codec);
  const events = lines.map(parseLine);
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
  if (anchor) {
    if (anchor.seq > events.length) return { ok: false, firstBad: { seq: events.length + 1, reason: 'removed' } };
    if (events[anchor.seq - 1]?.hash !== anchor.hash) return { ok: false, firstBad: { seq: anchor.seq, reason: 'altered' } };
  }
  return { ok: true, count: events.length };
}

/** Verifies a case's trail against its recorded head, with the store's cipher. */
export async function verifyCaseAudit(caseDir: string, cipher: AuditLineCodec & Parameters<typeof auditHeadIn>[1]): Promise<AuditVerification> {
  const head = await auditHeadIn(caseDir, cipher).read();
  return verifyAuditChain(caseDir, head ?? undefined, cipher);
}
