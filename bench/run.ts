/**
 * npm run bench: runs every bench/*.bench.ts in turn (each in its own process, so one
 * benchmark's memory and worker threads do not disturb the next), collects their `--json`
 * reports and prints one combined table. `--json` prints the collected reports instead.
 * `npm run bench -- viewer find` runs only the benchmarks whose names contain those words.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTsx } from './bench-util';

interface Report {
  bench: string;
  rows: Record<string, string | number>[];
  [extra: string]: unknown;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const asJson = process.argv.includes('--json');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function main() {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))))
    .sort();
  const reports: (Report & { file: string; seconds: number })[] = [];
  const failed: string[] = [];
  for (const f of files) {
    if (!asJson) process.stderr.write(`running ${f}…\n`);
    const t0 = Date.now();
    const r = runTsx(path.join(here, f), ['--json']);
    const lines = (r.stdout ?? '').split('\n').filter((l) => l.startsWith('{'));
    if (r.status !== 0 || lines.length === 0) {
      failed.push(f);
      continue;
    }
    for (const l of lines) reports.push({ ...(JSON.parse(l) as Report), file: f, seconds: Math.round((Date.now() - t0) / 100) / 10 });
  }
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ reports, failed })}\n`);
  } else {
    for (const r of reports) {
      const { bench, rows, file, seconds, ...extra } = r;
      console.log(`\n== ${bench}  (${file}, ${seconds} s)`);
      console.table(rows);
      const goals = Object.entries(extra).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      if (goals.length) console.log(goals.join(' · '));
    }
    console.log('\nSummary');
    console.table(
      reports.map((r) => {
        const passes = Object.entries(r).filter(([k]) => /pass$/i.test(k));
        return { benchmark: r.bench.split(':')[0], file: r.file, seconds: r.seconds, result: passes.length ? passes.map(([k, v]) => `${k}=${String(v)}`).join(' ') : 'measured' };
      }),
    );
    if (failed.length) console.log(`Failed to run: ${failed.join(', ')}`);
  }
  if (failed.length) process.exitCode = 1;
}

main();
