/**
 * The OCR cache is appended a page at a time, each line sealed by the store's cipher: no page
 * text on disk in the clear, a line torn by a crash costs only that page, and a 1,000-page scan
 * writes each page once (bench/ocr-cache.bench.ts measures the bytes).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { openOcrCache, readCachedOcrPages, textCacheDir } from '../../../main/text/text-cache';
import type { PageText } from '../../../shared/text/page-text';
import { tempDir } from './pdf-fixtures';

const page = (n: number): PageText => ({
  page: n,
  text: `Lumbar radiculopathy, visit ${n}`,
  items: [{ str: 'Lumbar', x: 72, y: 700, w: 40, h: 12, start: 0, confidence: 91 }],
  width: 612,
  height: 792,
  rotation: 0,
  hasTextLayer: false,
  source: 'ocr',
  ocrConfidence: 91,
});

describe('OCR cache', () => {
  it('appends sealed lines, survives a torn last line, and starts afresh for another resolution', async () => {
    const dir = tempDir('wb-ocr-cache-');
    const cipher = createFileCipher(randomBytes(32));
    const sha = 'a'.repeat(64);
    const file = path.join(textCacheDir(dir), `${sha}.ocr.jsonl`);

    const w = await openOcrCache(cipher, dir, sha, 300);
    for (const n of [1, 2, 3]) await w.append(page(n));
    await w.close();
    expect(statSync(file).size).toBe(w.bytesWritten);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toMatch(/radiculopathy|Lumbar/);
    expect((await readCachedOcrPages(cipher, dir, sha, 300)).map((p) => p.page)).toEqual([1, 2, 3]);

    // A crash mid-append leaves half a line: it is skipped, then cut off before the next append.
    appendFileSync(file, cipher.sealLine(JSON.stringify(page(4))).slice(0, 40));
    expect((await readCachedOcrPages(cipher, dir, sha, 300)).map((p) => p.page)).toEqual([1, 2, 3]);
    const again = await openOcrCache(cipher, dir, sha, 300);
    await again.append(page(4));
    await again.close();
    expect((await readCachedOcrPages(cipher, dir, sha, 300)).map((p) => p.page)).toEqual([1, 2, 3, 4]);

    // Another key cannot read it (a miss, re-read), and another resolution starts a new file.
    expect(await readCachedOcrPages(createFileCipher(randomBytes(32)), dir, sha, 300)).toEqual([]);
    expect(await readCachedOcrPages(cipher, dir, sha, 200)).toEqual([]);
    await (await openOcrCache(cipher, dir, sha, 200)).close();
    expect(await readCachedOcrPages(cipher, dir, sha, 300)).toEqual([]);
  });
});
