/**
 * Nothing acknowledged is lost: a child process saves marks, findings and new cases through the
 * encrypted store and prints an ack after each save resolves; it is killed with SIGKILL at a
 * random moment, a hundred times. After every kill the store must open, list no damaged case,
 * and hold every save that was acknowledged, in this run and all earlier ones.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CHILD = path.join(import.meta.dirname, 'crash-child.ts');
const KILLS = 100;

let dataDir = '';
afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

/** Runs the child until a random moment after it is ready, kills it, and returns the acked saves. */
function runAndKill(key: Buffer, run: number, delayMs: number): Promise<{ acks: string[]; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, key.toString('hex'), String(run)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!timer && out.includes('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      // Only whole lines count: a torn last line was never fully acknowledged.
      const lines = out.split('\n').slice(0, -1);
      resolve({ acks: lines.filter((l) => l.startsWith('ack ')).map((l) => l.slice(4)), killed: signal === 'SIGKILL', stderr });
    });
  });
}

describe('crash safety', () => {
  it(`keeps every acknowledged save through ${KILLS} SIGKILLs at random moments`, async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-crash-'));
    const key = randomBytes(32);
    const cipher = createFileCipher(key);
    await loadDemoCase(await openCaseStore(dataDir, { cipher }), path.join(ROOT, 'resources'));

    const acked: string[] = [];
    let killedMidRun = 0;
    const started = Date.now();
    for (let run = 0; run < KILLS; run++) {
      const r = await runAndKill(key, run, Math.floor(Math.random() * 120));
      expect(r.stderr, `run ${run} failed on its own`).toBe('');
      expect(r.killed).toBe(true);
      if (r.acks.length > 0) killedMidRun++;
      acked.push(...r.acks);

      const store = await openCaseStore(dataDir, { cipher });
      const listed = await store.listCases();
      expect(listed.filter((c) => c.damaged)).toEqual([]);
      const demo = await store.getCase('demo-scs-trial');
      const marks = new Set(demo.marks.map((m) => m.id));
      const listedIds = new Set(listed.map((c) => c.id));
      for (const a of acked) {
        const [kind, id] = a.split(' ') as [string, string];
        if (kind === 'mark') expect(marks.has(id), `acked mark ${id} is missing after run ${run}`).toBe(true);
        if (kind === 'finding') expect(demo.findings[id], `acked finding ${id} is missing after run ${run}`).toBeDefined();
        if (kind === 'case') {
          expect(listedIds.has(id), `acked case ${id} is missing after run ${run}`).toBe(true);
          expect((await store.getCase(id)).id).toBe(id);
        }
      }
    }
    // The kills must have landed mid-save, not only before the first one.
    expect(killedMidRun).toBeGreaterThan(KILLS / 2);
    expect(acked.length).toBeGreaterThan(KILLS);
    console.warn(`crash safety: ${KILLS} kills, ${acked.length} acknowledged saves kept, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
});
