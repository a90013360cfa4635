/**
 * Nothing acknowledged is lost, no change is saved without its audit event, and no retried call is
 * applied twice. A child process (crash-child.ts) makes changes through the real API and the
 * encrypted store and prints an ack after each call answered; it is SIGKILLed a hundred times:
 * a quarter each just before the audit append (the change already in the case file), during it
 * (part of the line on disk), just after it (the line fsynced, the call not answered), and at a
 * random moment. The next child first sends the last unacknowledged call again with the same
 * idempotency key, as the renderer does on "try again".
 *
 * After every kill the store opens with no damaged case, every acknowledged change is there exactly
 * once, each has exactly one audit event, every case's chain verifies against the head recorded with
 * the case, and no trail needed a repair the store could not explain (a torn line is always the
 * cut-off copy of an event the case file holds).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import type { CrashOp } from './crash-child';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CHILD = path.join(import.meta.dirname, 'crash-child.ts');
const KILLS = 100;
const POINTS = ['before', 'during', 'after', 'random'] as const;
const CASE = 'demo-scs-trial';

let dataDir = '';
let childBundle = '';
// The child bundled once (esbuild, which tsx itself runs on): 0.6 s a start instead of 1.7 s through tsx.
beforeAll(async () => {
  // Inside the project, so the bundle's imports of zod and lowdb resolve to node_modules.
  childBundle = path.join(ROOT, 'test-results', `crash-child-${process.pid}.mjs`);
  await fs.mkdir(path.dirname(childBundle), { recursive: true });
  await build({ entryPoints: [CHILD], outfile: childBundle, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'error' });
});
afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  if (childBundle) await fs.rm(childBundle, { force: true });
});

interface Run {
  acks: CrashOp[];
  /** The last call started and never answered: it may or may not have been applied. */
  unanswered: CrashOp | undefined;
  killed: boolean;
  stderr: string;
}

function runAndKill(key: Buffer, run: number, point: string, nth: number, retry: CrashOp | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [childBundle, ROOT, dataDir, key.toString('hex'), String(run), point, String(nth), ...(retry ? [JSON.stringify(retry)] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!timer && out.includes('ready\n')) {
        // A fault point kills the child itself; this is the random kill, and a safety net for the others.
        if (point !== 'settle') timer = setTimeout(() => child.kill('SIGKILL'), point === 'random' ? Math.floor(Math.random() * 150) : 20_000);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      // Only whole lines count: a torn last line was never fully printed.
      const lines = out.split('\n').slice(0, -1);
      const ops = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => JSON.parse(l.slice(prefix.length)) as CrashOp);
      const acks = ops('ack ');
      const tries = ops('try ');
      const last = tries[tries.length - 1];
      const unanswered = last && !acks.some((a) => a.key === last.key) ? last : undefined;
      resolve({ acks, unanswered, killed: signal === 'SIGKILL', stderr });
    });
  });
}

/**
 * `pending` is the call the next run sends again: it may have been applied (once) or not at all.
 * Everything acknowledged is there exactly once, with exactly one event.
 */
async function checkStore(store: CaseStore, acked: Map<string, CrashOp>, pending: CrashOp | undefined, run: number, casesToCheck: (op: CrashOp) => boolean) {
  const where = `after run ${run}`;
  const listed = await store.listCases();
  expect(listed.filter((c) => c.damaged), where).toEqual([]);
  const demo = await store.getCase(CASE);
  const trail = await store.readAudit(CASE);
  expect(trail.chain, `demo chain ${where}`).toMatchObject({ ok: true });
  expect(trail.problem, where).toBeUndefined();
  expect(trail.events.filter((e) => e.type === 'trail-repaired'), `no unexplained repair ${where}`).toEqual([]);
  const ops = [...acked.values()];
  const isPending = (op: CrashOp) => pending !== undefined && op.key === pending.key && !acked.has(op.key);
  for (const op of pending && !acked.has(pending.key) ? [...ops, pending] : ops) {
    const times = isPending(op) ? [0, 1] : [1];
    if (op.kind === 'mark') {
      const id = `mark-${op.key}`;
      const n = demo.marks.filter((m) => m.id === id).length;
      expect(times, `mark ${id} saved ${n} times ${where}`).toContain(n);
      expect(trail.events.filter((e) => e.details?.markId === id).length, `events of mark ${id} ${where}`).toBe(n);
    }
    if (op.kind === 'case' && casesToCheck(op)) {
      const exists = await store.hasCase(op.caseId);
      expect(times, `case ${op.caseId} ${where}`).toContain(exists ? 1 : 0);
      if (exists) expect((await store.readAudit(op.caseId)).chain, `chain of ${op.caseId} ${where}`).toEqual({ ok: true, count: 1 });
    }
  }
  // A finding set twice would leave two events: there is one per acknowledged call (and the pending one, at most once).
  const findings = ops.filter((o) => o.kind === 'finding').length;
  const findingEvents = trail.events.filter((e) => e.type === 'finding-set').length;
  expect(pending?.kind === 'finding' && !acked.has(pending.key) ? [findings, findings + 1] : [findings], `finding events ${where}`).toContain(findingEvents);
  expect(trail.events.length, `events ${where}`).toBe(1 + findingEvents + demo.marks.length);
}

describe('crash safety', () => {
  it(`keeps every acknowledged change with exactly one audit event through ${KILLS} SIGKILLs before, during and after the audit append`, async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-crash-'));
    const key = randomBytes(32);
    const cipher = createFileCipher(key);
    await loadDemoCase(await openCaseStore(dataDir, { cipher }), path.join(ROOT, 'resources'));

    const acked = new Map<string, CrashOp>();
    const killsAt: Record<string, number> = { before: 0, during: 0, after: 0, random: 0 };
    let retried = 0;
    let retry: CrashOp | undefined;
    const started = Date.now();
    for (let run = 0; run < KILLS; run++) {
      const point = POINTS[run % POINTS.length]!;
      const r = await runAndKill(key, run, point, 1 + Math.floor(Math.random() * 6), retry);
      expect(r.stderr, `run ${run} failed on its own`).toBe('');
      expect(r.killed).toBe(true);
      if (retry) retried++;
      for (const a of r.acks) acked.set(a.key, a);
      // A call left unanswered is retried by the next run (unless the kill came before it started).
      retry = r.unanswered ?? (retry && !acked.has(retry.key) ? retry : undefined);
      if (r.unanswered || r.acks.length > 0) killsAt[point]!++;
      // Cases made in earlier runs were checked then (and every one again at the end).
      const thisRun = new Set([...r.acks.map((a) => a.key), ...(retry ? [retry.key] : [])]);
      await checkStore(await openCaseStore(dataDir, { cipher }), acked, retry, run, (op) => thisRun.has(op.key));
    }
    // The last unanswered call, sent again once more by a child that is not killed.
    if (retry) {
      const r = await runAndKill(key, KILLS, 'settle', 0, retry);
      expect(r.stderr).toBe('');
      expect(r.acks.map((a) => a.key)).toEqual([retry.key]);
      for (const a of r.acks) acked.set(a.key, a);
    }
    // Every call is answered now: everything is checked once more, every case made included.
    await checkStore(await openCaseStore(dataDir, { cipher }), acked, undefined, KILLS, () => true);
    // The kills must have landed mid-change at every point, and retries must have happened.
    for (const p of POINTS) expect(killsAt[p], `kills ${p} the audit append`).toBeGreaterThan(KILLS / POINTS.length / 2);
    expect(retried).toBeGreaterThan(KILLS / 2);
    console.warn(
      `crash safety: ${KILLS} kills (${POINTS.map((p) => `${killsAt[p]} ${p}`).join(', ')} mid-change), ${acked.size} acknowledged changes each with one event, ${retried} retries, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 420_000);
});
