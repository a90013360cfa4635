/**
 * Warms the text-extraction threads on the bundled demo records (synthetic, no PHI) soon
 * after the window opens, so the reviewer's first record of the day is read at full speed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { prewarmPdfWorkers } from './pdf-worker';

const SAMPLES = ['progress-note.pdf', 'mri-report.pdf'];
/** Six passes over the two demo records (48 pages) got pdf.js's hot code optimized in the benchmark. */
const PASSES = 6;

export async function warmUpTextExtraction(resourcesDir: string, workerUrl?: URL): Promise<void> {
  const samples = await Promise.all(SAMPLES.map((f) => readFile(path.join(resourcesDir, 'demo', f))));
  await prewarmPdfWorkers(samples, { passes: PASSES, ...(workerUrl ? { workerUrl } : {}) });
}
