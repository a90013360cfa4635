/**
 * The extraction threads the app warms at launch: warmed on sample records only, used by the
 * first real record, and a thread that read a record is replaced by a freshly warmed one
 * once idle, so no parked thread keeps record text in memory.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extractText } from '../../../main/text/extract-text';
import { extractionThreads, pdfWorkerPool, prewarmPdfWorkers, retirePdfWorkers } from '../../../main/text/pdf-worker';
import { textPdf } from './pdf-fixtures';

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterAll(() => retirePdfWorkers());

describe('warm pdf.js threads', () => {
  it('are warmed on samples, serve the first record, and are replaced by fresh warm ones once idle', async () => {
    const threads = extractionThreads();
    const sample = await textPdf([['Sample record used to warm the reader.'], ['Second sample page.']]);
    await prewarmPdfWorkers([sample], { passes: 2, idleMs: 2_000 });
    expect(pdfWorkerPool()).toEqual({ warm: threads, used: 0, warming: 0 });

    const record = await textPdf(Array.from({ length: threads * 2 }, (_, i) => [`Visit ${i + 1}: six months of physical therapy.`]));
    const doc = await extractText(record, { threads });
    expect(doc.pages).toHaveLength(threads * 2);
    // The warm threads did the reading: none is left warm, and no extra thread was started.
    expect(pdfWorkerPool()).toEqual({ warm: 0, used: threads, warming: 0 });

    await until(() => pdfWorkerPool().warm === threads);
    expect(pdfWorkerPool()).toEqual({ warm: threads, used: 0, warming: 0 });

    await retirePdfWorkers();
    expect(pdfWorkerPool()).toEqual({ warm: 0, used: 0, warming: 0 });
    // Without warming, a thread that read a record is simply ended after its idle time.
    await extractText(record, { threads: 1 });
    expect(pdfWorkerPool().used).toBe(1);
  });

  it('treats a sample that cannot be read as no warm-up, not as an error', async () => {
    await retirePdfWorkers();
    await prewarmPdfWorkers([new TextEncoder().encode('not a pdf')], { passes: 1 });
    // The failed threads were ended, not parked as warm, and nothing is left counting as warming.
    expect(pdfWorkerPool()).toEqual({ warm: 0, used: 0, warming: 0 });
    await retirePdfWorkers();
  });
});
