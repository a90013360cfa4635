/**
 * The text and OCR caches of a case's documents, kept under `<caseDir>/text/` and written
 * through the store's FileCipher: record text is PHI, so in the app these files are
 * AES-256-GCM envelopes like the case file itself. A cache that is missing, stale or
 * unreadable is simply rebuilt: it is derived data.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileCipher } from '../crypto/file-cipher';
import type { DocumentText, PageText } from '../../shared/text/page-text';
import { TEXT_FORMAT_VERSION } from './extract-text';
import { OCR_FORMAT_VERSION } from './ocr-pages';

export function textCacheDir(caseDir: string): string {
  return path.join(caseDir, 'text');
}

async function readJson(cipher: FileCipher, file: string): Promise<unknown> {
  try {
    return await cipher.readJson(file);
  } catch {
    return null;
  }
}

async function writeJson(cipher: FileCipher, file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await cipher.writeJson(file, value);
}

export async function readCachedDocumentText(cipher: FileCipher, caseDir: string, sha256: string): Promise<DocumentText | undefined> {
  const doc = (await readJson(cipher, path.join(textCacheDir(caseDir), `${sha256}.json`))) as DocumentText | null;
  return doc && doc.formatVersion === TEXT_FORMAT_VERSION && doc.sha256 === sha256 && Array.isArray(doc.pages) ? doc : undefined;
}

export async function writeCachedDocumentText(cipher: FileCipher, caseDir: string, doc: DocumentText): Promise<void> {
  await writeJson(cipher, path.join(textCacheDir(caseDir), `${doc.sha256}.json`), doc);
}

/**
 * The OCR cache is one line per recognized page, appended as the page is read, each line sealed
 * on its own (`cipher.sealLine`): a 1,000-page scan writes each page once (~40 KB), where
 * rewriting one file after every page wrote the first page a thousand times (quadratic, about
 * 20 GB for that scan). The first line says which document and resolution the lines are for.
 * A line that does not open (a crash mid-append tears the last one) is skipped: its page is
 * simply read again.
 */
interface OcrCacheHeader {
  formatVersion: number;
  sha256: string;
  dpi: number;
}

const ocrCacheFile = (caseDir: string, sha256: string) => path.join(textCacheDir(caseDir), `${sha256}.ocr.jsonl`);

function openLines(cipher: FileCipher, raw: string): unknown[] {
  const out: unknown[] = [];
  for (const line of raw.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(cipher.openLine(line)));
    } catch {
      out.push(undefined);
    }
  }
  return out;
}

const headerMatches = (h: unknown, sha256: string, dpi: number) => {
  const v = h as OcrCacheHeader | undefined;
  return !!v && v.formatVersion === OCR_FORMAT_VERSION && v.sha256 === sha256 && v.dpi === dpi;
};

export async function readCachedOcrPages(cipher: FileCipher, caseDir: string, sha256: string, dpi: number): Promise<PageText[]> {
  let raw: string;
  try {
    raw = await fs.readFile(ocrCacheFile(caseDir, sha256), 'utf8');
  } catch {
    return [];
  }
  const [header, ...lines] = openLines(cipher, raw);
  if (!headerMatches(header, sha256, dpi)) return [];
  const pages = new Map<number, PageText>();
  for (const l of lines) {
    const p = l as PageText | undefined;
    if (p && Number.isInteger(p.page) && typeof p.text === 'string' && Array.isArray(p.items)) pages.set(p.page, p);
  }
  return [...pages.values()].sort((a, b) => a.page - b.page);
}

export interface OcrCacheWriter {
  /** Appends one recognized page, durably (the line is on disk when this resolves). */
  append(page: PageText): Promise<void>;
  close(): Promise<void>;
  /** Bytes appended through this writer (for the benchmark). */
  readonly bytesWritten: number;
}

/**
 * Opens the document's OCR cache for appending pages. A cache for another resolution or
 * format, or one whose header does not open, is started afresh.
 */
export async function openOcrCache(cipher: FileCipher, caseDir: string, sha256: string, dpi: number): Promise<OcrCacheWriter> {
  const file = ocrCacheFile(caseDir, sha256);
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Appended to when its header is this document's; a last line torn by a crash is cut off first.
  const raw = await fs.readFile(file).catch(() => Buffer.alloc(0));
  const firstEnd = raw.indexOf(0x0a);
  const keep = firstEnd > 0 && headerMatches(openLines(cipher, raw.subarray(0, firstEnd).toString('utf8'))[0], sha256, dpi);
  if (keep && raw[raw.length - 1] !== 0x0a) await fs.truncate(file, raw.lastIndexOf(0x0a) + 1);
  const handle = await fs.open(file, keep ? 'a' : 'w', 0o600);
  let bytesWritten = 0;
  const write = async (value: unknown) => {
    const line = Buffer.from(`${cipher.sealLine(JSON.stringify(value))}\n`, 'utf8');
    await handle.write(line);
    await handle.datasync();
    bytesWritten += line.length;
  };
  if (!keep) {
    const header: OcrCacheHeader = { formatVersion: OCR_FORMAT_VERSION, sha256, dpi };
    await write(header);
    // The previous format's file (rewritten whole after every page) is no longer read.
    await fs.rm(path.join(textCacheDir(caseDir), `${sha256}.ocr.json`), { force: true });
  }
  return {
    append: (page) => write(page),
    close: () => handle.close(),
    get bytesWritten() {
      return bytesWritten;
    },
  };
}
