/**
 * OCR throughput and accuracy on the same scanned page images: tesseract.js (what the
 * workbench uses, offline English model) vs the tesseract CLI with OMP_THREAD_LIMIT=1,
 * plus the workbench's full pipeline (render the scanned PDF page, then OCR).
 * Character accuracy = 1 - edit distance / length, on normalized text, against the known text.
 * Usage: tsx bench/ocr.bench.ts [--json]   (BENCH_OCR_PAGES=3 by default)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPdf } from '../main/pdf/render-pdf';
import { createOcrEngine, ocrPages } from '../main/text/ocr-pages';
import { normalizeText } from '../shared/text/normalize-text';
import { fixturesDir, recordPageText, report, round } from './bench-util';

const PAGES = Number(process.env.BENCH_OCR_PAGES ?? 3);
const DPI = 300;

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function accuracy(ocr: string, truth: string): number {
  const t = normalizeText(truth);
  return Math.max(0, 1 - editDistance(normalizeText(ocr), t) / t.length);
}

/** Scanned pages: record text rendered to PDF, rasterized by poppler at 300 dpi (gray). */
async function scannedPages(): Promise<{ png: string; truth: string }[]> {
  const out: { png: string; truth: string }[] = [];
  for (let n = 1; n <= PAGES; n++) {
    const paras = recordPageText(n, 4);
    const base = path.join(fixturesDir, `scan-${n}`);
    if (!existsSync(`${base}.png`)) {
      writeFileSync(`${base}.pdf`, await renderPdf({ pageSize: 'LETTER', content: paras.map((text) => ({ text, margin: [0, 0, 0, 6] })) }));
      execFileSync('pdftoppm', ['-r', String(DPI), '-png', '-gray', '-singlefile', `${base}.pdf`, base]);
    }
    out.push({ png: `${base}.png`, truth: paras.join('\n') });
  }
  return out;
}

async function main() {
  const pages = await scannedPages();
  const truth = pages.map((p) => p.truth);

  const engine = await createOcrEngine();
  await engine.setParameters({ user_defined_dpi: String(DPI) });
  let t0 = performance.now();
  const jsText: string[] = [];
  for (const p of pages) jsText.push((await engine.recognize(readFileSync(p.png))).data.text);
  const jsMs = performance.now() - t0;
  await engine.terminate();

  t0 = performance.now();
  const cliText = pages.map((p) =>
    execFileSync('tesseract', [p.png, 'stdout', '-l', 'eng', '--dpi', String(DPI)], { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8'),
  );
  const cliMs = performance.now() - t0;

  // Full pipeline: the same images embedded as a scanned PDF, rendered by pdf.js, then OCR.
  const scanPdf = await renderPdf({
    pageSize: 'LETTER',
    pageMargins: 0,
    content: pages.map((p, i) => ({ image: `data:image/png;base64,${readFileSync(p.png).toString('base64')}`, width: 612, height: 792, ...(i > 0 ? { pageBreak: 'before' as const } : {}) })),
  });
  t0 = performance.now();
  const pipeline = await ocrPages(scanPdf, { pages: pages.map((_, i) => i + 1), dpi: DPI });
  const pipeMs = performance.now() - t0;

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const acc = (texts: string[]) => round(100 * mean(texts.map((t, i) => accuracy(t, truth[i]!))), 2);
  report(
    `ocr: ${PAGES} scanned letter pages at ${DPI} dpi`,
    [
      { engine: 'tesseract.js 7 (eng 4.0.0_best_int, LSTM)', ms: round(jsMs), pagesPerSec: round((PAGES / jsMs) * 1000, 3), charAccuracyPct: acc(jsText) },
      { engine: 'tesseract CLI 5.3 (OMP_THREAD_LIMIT=1)', ms: round(cliMs), pagesPerSec: round((PAGES / cliMs) * 1000, 3), charAccuracyPct: acc(cliText) },
      { engine: 'workbench ocrPages (pdf.js render + tesseract.js)', ms: round(pipeMs), pagesPerSec: round((PAGES / pipeMs) * 1000, 3), charAccuracyPct: acc(pipeline.map((p) => p.text)) },
    ],
    { engineStartExcluded: true, unreadablePages: pipeline.filter((p) => p.unreadable).length },
  );
}

void main();
