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

interface OcrCacheFile {
  formatVersion: number;
  sha256: string;
  dpi: number;
  pages: PageText[];
}

export async function readCachedOcrPages(cipher: FileCipher, caseDir: string, sha256: string, dpi: number): Promise<PageText[]> {
  const c = (await readJson(cipher, path.join(textCacheDir(caseDir), `${sha256}.ocr.json`))) as OcrCacheFile | null;
  return c && c.formatVersion === OCR_FORMAT_VERSION && c.sha256 === sha256 && c.dpi === dpi && Array.isArray(c.pages) ? c.pages : [];
}

export async function writeCachedOcrPages(cipher: FileCipher, caseDir: string, sha256: string, dpi: number, pages: PageText[]): Promise<void> {
  const file: OcrCacheFile = { formatVersion: OCR_FORMAT_VERSION, sha256, dpi, pages: [...pages].sort((a, b) => a.page - b.page) };
  await writeJson(cipher, path.join(textCacheDir(caseDir), `${sha256}.ocr.json`), file);
}
