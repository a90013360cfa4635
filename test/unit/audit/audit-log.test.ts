import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, canonicalJson, phiInAuditEvent, type AuditEventInput } from '../../../shared/audit/audit-event';
import { appendAuditLines, chainEvent, readAuditEvents, readTrail, verifyAuditChain, type AuditHead } from '../../../main/audit/audit-log';
import type { AuditEvent } from '../../../shared/audit/audit-event';
import { runCli } from '../../../main/cli';
import { openStoreForCli } from '../../../main/cli/open-store';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { testChange } from '../../support/change-record';

let dataDir: string;
let caseDir: string;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'audit-'));
  caseDir = path.join(dataDir, 'cases', 'C-1');
  await fs.mkdir(caseDir, { recursive: true });
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const ev = (i: number, type: AuditEventInput['type'] = 'mark-added'): AuditEventInput => ({
  at: `2026-09-02T10:0${i}:00Z`,
  actor: 'dwhitfield',
  type,
  summary: `mark m-${i} linked to CMM-211.trial.conservative-care`,
  details: { markId: `m-${i}`, criterionIds: ['CMM-211.trial.conservative-care'] },
});

/** Appends events after the file's last one, as the store does after each change. */
async function appendAuditEvent(dir: string, input: AuditEventInput): Promise<AuditEvent> {
  const { events } = await readTrail(dir);
  const last = events[events.length - 1];
  const head: AuditHead | null = last ? { seq: last.seq, hash: last.hash } : null;
  const event = chainEvent(input, head);
  await appendAuditLines(dir, [event]);
  return event;
}

async function writeFive(): Promise<string[]> {
  for (let i = 1; i <= 5; i++) await appendAuditEvent(caseDir, ev(i));
  return (await fs.readFile(path.join(caseDir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
}
const rewrite = (lines: string[]) => fs.writeFile(path.join(caseDir, 'audit.jsonl'), `${lines.join('\n')}\n`);

describe('audit log', () => {
  it('chains events by hash and reads them back', async () => {
    const written: AuditEvent[] = [];
    for (const i of [1, 2, 3]) written.push(await appendAuditEvent(caseDir, ev(i)));
    expect(written.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(written[0]?.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(written[1]?.prevHash).toBe(written[0]?.hash);
    expect(await readAuditEvents(caseDir)).toEqual(written);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: true, count: 3 });
  });

  it('hashes canonical JSON, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('names an event whose field was changed', async () => {
    const lines = await writeFive();
    const third = JSON.parse(lines[2] ?? '');
    third.actor = 'someone-else';
    lines[2] = JSON.stringify(third);
    await rewrite(lines);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 3, reason: 'altered' } });
  });

  it('names a changed event even when its own hash was recomputed', async () => {
    const lines = await writeFive();
    // Replace event 2 with a self-consistent forgery: its hash is valid, but event 3 no longer chains to it.
    const forged = await (async () => {
      const other = path.join(dataDir, 'other');
      await fs.mkdir(other);
      await appendAuditEvent(other, ev(1));
      return (await appendAuditEvent(other, { ...ev(2), summary: 'mark m-2 removed' }));
    })();
    lines[1] = JSON.stringify(forged);
    await rewrite(lines);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 3, reason: 'altered' } });
  });

  it('names a deleted line', async () => {
    const lines = await writeFive();
    lines.splice(3, 1);
    await rewrite(lines);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 4, reason: 'removed' } });
  });

  it('names moved lines', async () => {
    const lines = await writeFive();
    [lines[1], lines[2]] = [lines[2] ?? '', lines[1] ?? ''];
    await rewrite(lines);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 2, reason: 'reordered' } });
  });

  it('names an unreadable line, and tells a torn last line from the lines before it', async () => {
    const lines = await writeFive();
    lines[2] = '{"seq":3,"at":';
    await rewrite(lines);
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 3, reason: 'unparseable' } });
    expect((await readTrail(caseDir)).tornTail).toBeUndefined();
    // An append cut off by a crash: no newline at the end.
    await fs.writeFile(path.join(caseDir, 'audit.jsonl'), `${lines.slice(0, 2).join('\n')}\n{"seq":3,"at":"2026`);
    const torn = await readTrail(caseDir);
    expect(torn.events).toHaveLength(2);
    expect(torn.tornTail?.bytes.toString()).toBe('{"seq":3,"at":"2026');
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: false, firstBad: { seq: 3, reason: 'unparseable' } });
  });

  it('detects a cut-off tail when given the last known head', async () => {
    const lines = await writeFive();
    const head = JSON.parse(lines[4] ?? '');
    await rewrite(lines.slice(0, 4));
    expect(await verifyAuditChain(caseDir)).toEqual({ ok: true, count: 4 });
    expect(await verifyAuditChain(caseDir, { seq: 5, hash: head.hash })).toEqual({ ok: false, firstBad: { seq: 5, reason: 'removed' } });
  });

  it('refuses events that are not in the schema', () => {
    expect(() => chainEvent({ ...ev(1), type: 'gossip' as AuditEventInput['type'] }, null)).toThrow();
    expect(() => chainEvent({ ...ev(1), details: { note: 'x'.repeat(300) } }, null)).toThrow();
  });

  it('finds member details in a summary', () => {
    const member = { name: 'Jordan Q Sample', dateOfBirth: '1961-04-17' };
    expect(phiInAuditEvent({ summary: 'finding set for CMM-211.c1' }, member)).toEqual([]);
    expect(phiInAuditEvent({ summary: 'letter for Jordan Sample exported', details: { dob: '1961-04-17' } }, member)).toEqual(['member name', 'member date of birth']);
  });

  it('verifies from the CLI, reading lines sealed with the store key', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const keyFile = path.join(dataDir, '..', `${path.basename(dataDir)}.key`);
    await fs.writeFile(keyFile, 'audit test passphrase\n');
    const store = await openStoreForCli({ dataDir, keyFile, env: {} });
    const id = await loadDemoCase(store, path.resolve(import.meta.dirname, '..', '..', '..', 'resources'));
    for (let i = 2; i <= 5; i++) await store.updateCase(id, (c) => void (c.findings[`CMM-211.c${i}`] = { status: 'met', facts: {}, note: '' }), testChange(`finding on CMM-211.trial.conservative-care-${i}`));
    const trailFile = path.join(store.caseDir(id), 'audit.jsonl');
    const lines = (await fs.readFile(trailFile, 'utf8')).trimEnd().split('\n');
    // Encrypted at rest: no event text on disk.
    expect(lines.join('\n')).not.toContain('conservative-care');
    const rewriteTrail = (ls: string[]) => fs.writeFile(trailFile, `${ls.join('\n')}\n`);
    const args = (caseId: string) => ['audit', 'verify', caseId, '--data', dataDir, '--key-file', keyFile];
    expect(await runCli(args(id), io)).toBe(0);
    expect(out).toEqual([`Audit trail of ${id}: intact, 5 events.`]);
    await rewriteTrail([lines[0] ?? '', ...lines.slice(2)]);
    expect(await runCli(args(id), io)).toBe(1);
    expect(err).toEqual([`Audit trail of ${id}: BROKEN at event 2, which is missing (a line was deleted) (removed).`]);
    expect(await runCli(args('C-9'), io)).toBe(1);
    expect(err[1]).toBe(`No case C-9 in ${dataDir}.`);

    // The last event is also kept in the case file (written with the change): cut off, it comes back.
    await rewriteTrail(lines.slice(0, 4));
    expect(await runCli(args(id), io)).toBe(0);
    expect(out[1]).toBe(`Audit trail of ${id}: intact, 5 events.`);
    // Events before it are not: the cut is named in the trail and the chain shows the gap.
    const restored = (await fs.readFile(trailFile, 'utf8')).trimEnd().split('\n');
    await rewriteTrail(restored.slice(0, 3));
    expect(await runCli(args(id), io)).toBe(1);
    expect(out[2]).toBe('Repaired at event 6: event 4 is missing from the trail (removed or lost); later events were restored from the case file.');
    expect(err[2]).toBe(`Audit trail of ${id}: BROKEN at event 4, which is missing (a line was deleted) (removed).`);
    await fs.rm(keyFile, { force: true });
  });
});
