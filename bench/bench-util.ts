/** Small helpers shared by the standalone benchmarks: fixtures folder, timing, output. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Content } from 'pdfmake/interfaces';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const fixturesDir = path.join(benchDir, '.fixtures');
mkdirSync(fixturesDir, { recursive: true });

export const wantsJson = process.argv.includes('--json');

export type Row = Record<string, string | number>;

/** Prints rows as a table, or as one JSON object with `--json` (for `npm run bench`). */
export function report(name: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  if (wantsJson) {
    process.stdout.write(`${JSON.stringify({ bench: name, rows, ...extra })}\n`);
    return;
  }
  console.log(`\n${name}`);
  console.table(rows);
  for (const [k, v] of Object.entries(extra)) console.log(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const SENTENCES = [
  'Patient presents with chronic low back pain radiating to the left lower extremity.',
  'Conservative care including physical therapy and NSAIDs was completed over six months.',
  'Neurological examination shows decreased sensation in the L5 dermatome.',
  'MRI of the lumbar spine demonstrates disc protrusion at L4-L5 with foraminal narrowing.',
  'The patient reports fifty percent pain relief during the spinal cord stimulator trial.',
  'Psychological evaluation was completed and no contraindications were identified.',
  'Follow-up is scheduled in four weeks to reassess function and medication use.',
];

/** Deterministic record-like text for page `n` (no PHI: invented clinical phrasing). */
export function recordPageText(n: number, paragraphs = 6): string[] {
  const out: string[] = [`Progress note, page ${n}`];
  for (let p = 0; p < paragraphs; p++) {
    const parts: string[] = [];
    for (let s = 0; s < 4; s++) parts.push(SENTENCES[(n * 7 + p * 3 + s) % SENTENCES.length]!);
    out.push(parts.join(' '));
  }
  return out;
}

export function recordContent(pages: number): Content[] {
  const content: Content[] = [];
  for (let n = 1; n <= pages; n++) {
    recordPageText(n).forEach((text, i) => content.push({ text, margin: [0, 0, 0, 6], ...(n > 1 && i === 0 ? { pageBreak: 'before' as const } : {}) }));
  }
  return content;
}

/**
 * Runs a TypeScript file in a fresh Node process (tsx), stdout captured and stderr shown: each
 * benchmark, or each measured run, starts with its own threads, heap and JIT state.
 */
export function runTsx(file: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(benchDir, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs'), file, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
