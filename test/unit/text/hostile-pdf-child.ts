/**
 * One hostile PDF through intake, text extraction and OCR, in a process of its own so its peak
 * resident memory (VmHWM) is this file's alone. Prints one JSON line: each stage's outcome and
 * time, the process's peak RSS, and the longest the event loop was blocked (the window's
 * responsiveness: in the app this loop is Electron's main thread).
 * usage: tsx hostile-pdf-child.ts <generator name>
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { checkPdf } from '../../../main/intake/check-pdf';
import { extractText } from '../../../main/text/extract-text';
import { ocrPages, pagesNeedingOcr, retireOcrEngines } from '../../../main/text/ocr-pages';
import { retirePdfWorkers } from '../../../main/text/pdf-worker';
import * as hostile from './hostile-pdfs';

const name = process.argv[2] as keyof typeof hostile;
const make = hostile[name] as () => Buffer;
const bytes = make();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024);

async function stage<T>(f: () => Promise<T>): Promise<{ ms: number; value?: T; error?: string }> {
  const t0 = performance.now();
  try {
    const value = await f();
    return { ms: Math.round(performance.now() - t0), value };
  } catch (e) {
    return { ms: Math.round(performance.now() - t0), error: (e as { code?: string }).code ?? String(e) };
  }
}

const out: Record<string, unknown> = { name, bytes: bytes.length };
out.check = await stage(() => checkPdf(bytes));
const extracted = await stage(() => extractText(bytes));
out.extract = extracted.value
  ? { ms: extracted.ms, numPages: extracted.value.numPages, read: extracted.value.pages.length, failures: extracted.value.failures.map((f) => f.reason) }
  : extracted;
if (extracted.value) {
  // At most 50 pages: the suite checks what OCR does with each kind of page, not its speed.
  const todo = pagesNeedingOcr(extracted.value).slice(0, 50);
  const ocr = await stage(() => ocrPages(bytes, { pages: todo, dpi: 150 }));
  out.ocr = ocr.value
    ? { ms: ocr.ms, pages: ocr.value.length, unreadable: ocr.value.filter((p) => p.unreadable).map((p) => p.unreadableReason), words: ocr.value.reduce((n, p) => n + p.items.length, 0) }
    : ocr;
}
await retireOcrEngines();
await retirePdfWorkers();
delay.disable();
out.peakRssMb = peakRssMb();
out.maxLoopDelayMs = Math.round(delay.max / 1e6);
process.stdout.write(`${JSON.stringify(out)}\n`);
