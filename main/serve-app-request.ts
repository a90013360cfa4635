/**
 * Answers the renderer's requests for its own files and for case documents. Electron calls it
 * from the privileged `workbench://` protocol handler; the browser test harness calls it from
 * Playwright's page.route. PDFs travel as bytes here, never as JSON over IPC.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/api/content-security-policy';
import type { CaseStore } from './store/case-store';

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.pfb': 'application/octet-stream',
  '.bcmap': 'application/octet-stream',
  '.icc': 'application/octet-stream',
  '.pdf': 'application/pdf',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

const DOC_PATH = /^\/docs\/([A-Za-z0-9_-]{1,64})\/([a-f0-9]{64})\.pdf$/;
const LETTER_PATH = /^\/letters\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,80})\.pdf$/;

export function createAppRequestServer(opts: { rendererDir: string; store: CaseStore }) {
  const root = path.resolve(opts.rendererDir);

  function notFound(): AppResponse {
    return { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' }, body: 'Not found' };
  }

  return async function serve(pathname: string): Promise<AppResponse> {
    const doc = DOC_PATH.exec(pathname);
    if (doc) {
      try {
        // Decrypted in memory and handed over as bytes: the plaintext PDF never touches disk.
        const bytes = await opts.store.readDocument(doc[1]!, doc[2]!);
        return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' }, body: bytes };
      } catch {
        return notFound();
      }
    }
    const letter = LETTER_PATH.exec(pathname);
    if (letter) {
      try {
        // The copy kept with the case (written by letter.preview), decrypted in memory like a record.
        const bytes = await opts.store.readLetter(letter[1]!, letter[2]!);
        if (bytes) return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' }, body: bytes };
      } catch {
        // Same answer as a missing letter: nothing about the store leaks to the page.
      }
      return notFound();
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
    } catch {
      return notFound();
    }
    if (rel.includes('\0')) return notFound();
    const file = path.resolve(root, `.${rel}`);
    // Nothing outside the renderer's folder is ever served.
    if (!file.startsWith(root + path.sep)) return notFound();
    try {
      const body = await fs.readFile(file);
      return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }, body };
    } catch {
      return notFound();
    }
  };
}
