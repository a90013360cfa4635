/**
 * Text extraction of a 1,000-page record: our pdf.js worker pipeline vs poppler's pdftotext
 * on the same file. Goal: ours within 1.5x of pdftotext, on the median run. The first run
 * starts its pdf.js threads; later runs reuse them, as the documents of a case after the
 * first one do, so the first run is also shown on its own.
 * Usage: tsx bench/text-index.bench.ts [--json]
 */
import { execFileSync } from 'node:child_process';
import { extractText } from '../main/text/extract-text';
import { median, report, round } from './bench-util';
import { recordPdf } from './record-fixture';

async function main() {
  const { file, bytes } = await recordPdf(1000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const ours: number[] = [];
  const poppler: number[] = [];
  let pages = 0;
  let chars = 0;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const doc = await extractText(bytes); // no cacheDir: always a real extraction
    ours.push(performance.now() - t0);
    pages = doc.pages.length;
    chars = doc.pages.reduce((n, p) => n + p.text.length, 0);
    t0 = performance.now();
    execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 1 << 28 });
    poppler.push(performance.now() - t0);
  }
  const a = median(ours);
  const b = median(poppler);
  report(
    'text-index: extract 1,000-page record',
    [
      { tool: 'workbench extractText (pdf.js worker)', ms: round(a), pagesPerSec: round((pages / a) * 1000) },
      { tool: 'pdftotext (poppler)', ms: round(b), pagesPerSec: round((pages / b) * 1000) },
    ],
    { firstRunMs: round(ours[0]!), firstRunRatio: round(ours[0]! / b, 2), pages, chars, fileBytes: bytes.length, runs, ratio: round(a / b, 2), goal: '<= 1.5x', pass: a / b <= 1.5 },
  );
}

void main();
