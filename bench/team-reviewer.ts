/**
 * One reviewer process for bench/team.bench.ts: opens the team store as its login (one pooled
 * connection, TLS verify-full), makes `changes` changes one after another over the shared cases,
 * each reading the case and adding a finding of its own, and prints its latencies and how many
 * version conflicts it re-read and re-applied. Input comes as JSON in WORKBENCH_BENCH_REVIEWER.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTeamStore } from '../main/store/team-store';
import { parseDatabaseUrl } from '../main/team/team-connection';
import { plaintextCipherForTests } from '../main/crypto/file-cipher';

interface Job {
  url: string;
  password: string;
  caseIds: string[];
  changes: number;
  reviewer: number;
}

async function main() {
  const job = JSON.parse(process.env.WORKBENCH_BENCH_REVIEWER ?? '') as Job;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wb-team-reviewer-'));
  const store = await openTeamStore({ database: parseDatabaseUrl(job.url), password: job.password, dataDir, cipher: plaintextCipherForTests(), poolSize: 1 });
  const latencies: number[] = [];
  try {
    // A small deterministic generator, so each run spreads the same way over the cases.
    let x = 2463534242 + job.reviewer * 7919;
    const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 4294967296);
    for (let i = 0; i < job.changes; i++) {
      const caseId = job.caseIds[Math.floor(next() * job.caseIds.length)]!;
      const key = `r${job.reviewer}-${i}`;
      const t0 = performance.now();
      await store.updateCase(caseId, (c) => void (c.findings[`CMM-211.bench-${key}`] = { status: 'met', facts: {}, note: '' }), {
        idempotencyKey: key,
        actor: `reviewer ${job.reviewer}`,
        at: new Date().toISOString(),
        audit: { type: 'finding-set', summary: `bench ${key}` },
      });
      latencies.push(performance.now() - t0);
    }
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify({ latencies, conflicts: store.stats.conflicts })}\n`);
}

void main();
