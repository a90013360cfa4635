/**
 * Bytes the OCR cache writes for a 1,000-page scan. The cache (main/text/text-cache.ts) appends
 * one sealed line per recognized page, through the store's real cipher (AES-256-GCM), fsync'd,
 * on a temp folder; every page carries a realistic word list (~330 words with boxes, ~39 KB of
 * JSON as a 300 dpi letter page gives). Measured: the file's bytes, this process's write()
 * bytes (/proc/self/io wchar) and the time. Reference in the same run: the previous format,
 * one encrypted file rewritten whole after each page, measured for the first REWRITE_PAGES
 * pages; its 1,000-page figure is computed from the measured per-page size (said so in the row).
 * Usage: tsx bench/ocr-cache.bench.ts [--json]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileCipher } from '../main/crypto/file-cipher';
import { openOcrCache } from '../main/text/text-cache';
import type { PageText } from '../shared/text/page-text';
import { recordPageText, report, round } from './bench-util';

const PAGES = 1_000;
const REWRITE_PAGES = 100;

function ocrPage(n: number): PageText {
  const words = recordPageText(n, 8).join(' ').split(/\s+/).slice(0, 330);
  let text = '';
  const items = words.map((w, i) => {
    const start = text.length;
    text += (i ? ' ' : '') + w;
    return { str: w, x: 72 + (i % 12) * 40.25, y: 720 - Math.floor(i / 12) * 14.5, w: 38.5, h: 11.25, start: i ? start + 1 : start, confidence: 90 + (i % 9) };
  });
  return { page: n, text, items, width: 612, height: 792, rotation: 0, viewBox: [0, 0, 612, 792], hasTextLayer: false, source: 'ocr', ocrConfidence: 93, ocrDpi: 300, unreadable: false };
}

const wchar = () => Number(/wchar:\s+(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-bench-ocr-cache-'));
  const cipher = createFileCipher(randomBytes(32));
  const pages = Array.from({ length: PAGES }, (_, i) => ocrPage(i + 1));
  const jsonPerPage = JSON.stringify(pages[0]).length;
  try {
    const w0 = wchar();
    const t0 = performance.now();
    const cache = await openOcrCache(cipher, dir, 'a'.repeat(64), 300);
    for (const p of pages) await cache.append(p);
    await cache.close();
    const appendMs = performance.now() - t0;
    const appendWchar = wchar() - w0;
    const fileBytes = statSync(path.join(dir, 'text', `${'a'.repeat(64)}.ocr.jsonl`)).size;

    // The previous format: the whole page list encrypted and rewritten after each page.
    const old = path.join(dir, 'old.ocr.json');
    const w1 = wchar();
    const t1 = performance.now();
    let rewritten = 0;
    for (let k = 1; k <= REWRITE_PAGES; k++) {
      await cipher.writeJson(old, { formatVersion: 1, sha256: 'a'.repeat(64), dpi: 300, pages: pages.slice(0, k) });
      rewritten += statSync(old).size;
    }
    const rewriteMs = performance.now() - t1;
    const rewriteWchar = wchar() - w1;
    const perPage = rewritten / ((REWRITE_PAGES * (REWRITE_PAGES + 1)) / 2);
    const computed1000 = perPage * ((PAGES * (PAGES + 1)) / 2);
    const mb = (b: number) => round(b / 1e6, 1);
    report(
      `ocr-cache: bytes written for a ${PAGES.toLocaleString('en-US')}-page scan (~${round(jsonPerPage / 1000, 1)} KB of page JSON each)`,
      [
        { cache: `append one sealed line per page (this build), ${PAGES} pages, measured`, MBwritten: mb(fileBytes), writeSyscallMB: mb(appendWchar), ms: round(appendMs) },
        { cache: `rewrite whole file after each page (before), first ${REWRITE_PAGES} pages, measured`, MBwritten: mb(rewritten), writeSyscallMB: mb(rewriteWchar), ms: round(rewriteMs) },
        { cache: `rewrite whole file after each page (before), ${PAGES} pages, COMPUTED from the measured size per page`, MBwritten: mb(computed1000), writeSyscallMB: 'n/a', ms: 'n/a' },
      ],
      { bytesPerPage: Math.round(fileBytes / PAGES), ratioBeforeOverNow: round(computed1000 / fileBytes, 0) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
