/**
 * The text service on a real (encrypted) store: a readable record is extracted, cached under
 * the case folder as an envelope and searchable; a renamed file, an encrypted, a truncated and
 * an empty PDF each give a clear invalid-document error, and the case stays as it was.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { createTextService, OCR_CHUNK, type TextService } from '../../../main/text/text-service';
import { hugePageCount } from './hostile-pdfs';
import { createTextHandlers } from '../../../main/text/text-handlers';
import { createRulesProvider } from '../../../main/rules/rules-provider';
import { isEnvelope } from '../../../main/crypto/envelope';
import { CaseFile } from '../../../shared/case/schema';
import { WorkbenchError } from '../../../shared/api/errors';
import { sha256Hex } from '../../../main/documents/hash-document';
import { emptyPdf, qpdf, scannedPdf, tempDir, textPdf } from './pdf-fixtures';
import { testCreate } from '../../support/change-record';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CASE_ID = 'text-service-case';
const SCAN_CASE_ID = 'text-service-scan-case';

interface Docs {
  good: Buffer;
  notPdf: Buffer;
  encrypted: Buffer;
  truncated: Buffer;
  empty: Buffer;
}

let store: CaseStore;
let text: TextService;
let docs: Docs;
let sha: Record<keyof Docs, string>;
let scan: Buffer;

beforeAll(async () => {
  const dir = tempDir('wb-text-service-');
  const good = await textPdf([
    ['Progress note. The patient completed six months of physical therapy without relief.'],
    ['Psychological evaluation was completed; no contraindications to a stimulator trial.'],
  ]);
  docs = {
    good,
    notPdf: Buffer.from('PK\u0003\u0004 this is a renamed spreadsheet, not a PDF at all'),
    encrypted: qpdf(good, ['--encrypt', 'user-pw', 'owner-pw', '256', '--'], dir),
    truncated: good.subarray(0, Math.floor(good.length / 3)),
    empty: emptyPdf(dir),
  };
  sha = Object.fromEntries(Object.entries(docs).map(([k, v]) => [k, sha256Hex(v)])) as Record<keyof Docs, string>;
  store = await openCaseStore(dir, { cipher: createFileCipher(randomBytes(32)) });
  const demo = CaseFile.parse(JSON.parse(readFileSync(path.join(ROOT, 'resources', 'demo', 'case.json'), 'utf8')));
  const now = new Date().toISOString();
  await store.createCase(
    {
      ...demo,
      id: CASE_ID,
      createdAt: now,
      updatedAt: now,
      documents: Object.entries(docs).map(([k, v]) => ({ sha256: sha256Hex(v), name: `${k}.pdf`, pageCount: 1, addedAt: now })),
    },
    Object.values(docs).map((bytes) => ({ sha256: sha256Hex(bytes), bytes })),
    testCreate(),
  );
  text = createTextService({ store, autoOcr: false });
  scan = await scannedPdf(['Lumbar radiculopathy persists after six months of therapy.'], dir);
  await store.createCase(
    { ...demo, id: SCAN_CASE_ID, createdAt: now, updatedAt: now, documents: [{ sha256: sha256Hex(scan), name: 'fax.pdf', pageCount: 1, addedAt: now }] },
    [{ sha256: sha256Hex(scan), bytes: scan }],
    testCreate(),
  );
});

async function refusal(p: Promise<unknown>): Promise<WorkbenchError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkbenchError);
  return err as WorkbenchError;
}

describe('text service', () => {
  it('extracts a record once, caches it encrypted under the case folder, and finds phrases in it', async () => {
    const { doc, version } = await text.documentText(CASE_ID, sha.good);
    expect(doc.numPages).toBe(2);
    expect(version).toBe(1);
    expect(doc.pages[0]!.text).toContain('six months of physical therapy');
    const cacheDir = path.join(store.caseDir(CASE_ID), 'text');
    const file = path.join(cacheDir, `${sha.good}.json`);
    expect(readdirSync(cacheDir)).toContain(`${sha.good}.json`);
    const raw = readFileSync(file);
    expect(isEnvelope(raw)).toBe(true);
    expect(raw.toString('latin1')).not.toContain('physical therapy');

    // A fresh service (as after a restart) reads the cache, not the PDF.
    const { doc: again } = await createTextService({ store, autoOcr: false }).documentText(CASE_ID, sha.good);
    expect(again.pages.map((p) => p.text)).toEqual(doc.pages.map((p) => p.text));

    const handlers = createTextHandlers({ store, text, rules: createRulesProvider(ROOT) });
    const served = await handlers['text.document']({ caseId: CASE_ID, docSha256: sha.good });
    expect(served.version).toBe((await text.status(CASE_ID)).find((s) => s.docSha256 === sha.good)!.version);
    expect(served.pages.map((p) => p.text)).toEqual(doc.pages.map((p) => p.text));
    const found = await handlers['search.find']({ caseId: CASE_ID, phrase: 'Physical  Therapy', maxHits: 50 });
    expect(found.total).toBe(1);
    const hit = found.documents[0]!.pages[0]!.hits[0]!;
    expect(found.documents[0]!.docSha256).toBe(sha.good);
    expect(hit.match.toLowerCase()).toBe('physical therapy');
    expect(hit.rects.length).toBe(1);
    // The four unreadable files are reported as not searched, not silently skipped.
    expect(new Set(found.unsearched)).toEqual(new Set([sha.notPdf, sha.encrypted, sha.truncated, sha.empty]));
  });

  it.each([
    ['notPdf', 'not a PDF'],
    ['encrypted', 'password-protected'],
    ['empty', 'no pages'],
  ] as const)('refuses %s with a clear message', async (which, words) => {
    const err = await refusal(text.documentText(CASE_ID, sha[which]));
    expect(err.code).toBe('invalid-document');
    expect(err.message).toContain(words);
    const status = (await text.status(CASE_ID)).find((s) => s.docSha256 === sha[which])!;
    expect(status.state).toBe('failed');
    expect(status.error?.message).toContain(words);
  });

  it('reads what it can of a truncated PDF or says it is damaged, and the case is untouched', async () => {
    const before = await store.getCase(CASE_ID);
    const result = await text.documentText(CASE_ID, sha.truncated).then(
      ({ doc: d }) => ({ ok: true as const, d }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    if (result.ok) {
      expect(result.d.pages.length + result.d.failures.length).toBeGreaterThan(0);
    } else {
      expect(result.e).toBeInstanceOf(WorkbenchError);
      expect((result.e as WorkbenchError).code).toBe('invalid-document');
      expect((result.e as WorkbenchError).message).toMatch(/damaged|not a PDF/);
    }
    const after = await store.getCase(CASE_ID);
    expect(after).toEqual(before);
  });

  it('refuses a document that is not part of the case', async () => {
    const err = await refusal(text.documentText(CASE_ID, 'a'.repeat(64)));
    expect(err.code).toBe('not-found');
  });

  it('recognizes a scanned page in the background, keeps the words encrypted, and never reads it twice', async () => {
    const scanSha = sha256Hex(scan);
    const service = createTextService({ store, ocrDpi: 200 });
    const first = await service.documentText(SCAN_CASE_ID, scanSha);
    expect(first.doc.pages[0]!.source).toBe('text-layer');
    await service.idle();
    const { doc } = await service.documentText(SCAN_CASE_ID, scanSha);
    expect(doc.pages[0]!.source).toBe('ocr');
    expect(doc.pages[0]!.text).toMatch(/six months of therapy/);
    const files = readdirSync(path.join(store.caseDir(SCAN_CASE_ID), 'text'));
    expect(files.sort()).toEqual([`${scanSha}.json`, `${scanSha}.ocr.jsonl`]);
    // One sealed line per recognized page after the header line: each an envelope, no plaintext.
    const raw = readFileSync(path.join(store.caseDir(SCAN_CASE_ID), 'text', `${scanSha}.ocr.jsonl`), 'utf8');
    const lines = raw.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(isEnvelope(Buffer.from(line, 'base64'))).toBe(true);
    expect(raw).not.toMatch(/radiculopathy|therapy/i);
    expect(Buffer.from(lines[1]!, 'base64').toString('latin1')).not.toMatch(/therapy/i);

    // After a restart the recognized page comes from the encrypted cache: no OCR is queued.
    const restarted = createTextService({ store, ocrDpi: 200 });
    const again = await restarted.documentText(SCAN_CASE_ID, scanSha);
    expect(again.doc.pages[0]!.text).toBe(doc.pages[0]!.text);
    const [status] = await restarted.status(SCAN_CASE_ID);
    expect(status!.ocr.state).toBe('done');
    expect(status!.pagesNeedingOcr).toEqual([]);
  });
});

describe('a long scan', () => {
  it('waits for the director with an estimate, then reads page by page, appending the cache; cancel keeps what was read', async () => {
    const LONG_CASE_ID = 'text-service-long-scan';
    const long = hugePageCount(620);
    const longSha = sha256Hex(long);
    const now = new Date().toISOString();
    const demo = CaseFile.parse(JSON.parse(readFileSync(path.join(ROOT, 'resources', 'demo', 'case.json'), 'utf8')));
    await store.createCase(
      { ...demo, id: LONG_CASE_ID, createdAt: now, updatedAt: now, documents: [{ sha256: longSha, name: 'runaway-scanner.pdf', pageCount: 620, addedAt: now }] },
      [{ sha256: longSha, bytes: long }],
      testCreate(),
    );
    const service = createTextService({ store, ocrPagesPerSecond: 2 });
    await service.documentText(LONG_CASE_ID, longSha);
    await service.idle();
    // 620 pages is over the 500 that start by themselves: nothing runs until the director says so.
    let [status] = await service.status(LONG_CASE_ID);
    expect(status!.ocr).toMatchObject({ state: 'awaiting-approval', pagesDone: 0, pagesTotal: 620, estimatedSeconds: 310 });
    expect(status!.pagesNeedingOcr).toHaveLength(620);

    await service.startOcr(LONG_CASE_ID, longSha);
    // Cancel once the first chunk is in: the pages read so far are kept, the rest wait.
    for (;;) {
      [status] = await service.status(LONG_CASE_ID);
      if (status!.ocr.pagesDone >= OCR_CHUNK || status!.ocr.state === 'done') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status!.ocr.estimatedSeconds).toBeGreaterThanOrEqual(0);
    await service.cancelOcr(LONG_CASE_ID, longSha);
    await service.idle();
    [status] = await service.status(LONG_CASE_ID);
    const read = 620 - status!.pagesNeedingOcr.length;
    expect(read).toBeGreaterThanOrEqual(OCR_CHUNK);
    // Blank pages (nothing drawn) are read as empty, not unreadable.
    expect(status!.unreadablePages).toEqual([]);
    // One sealed line per page read, after the header: appended, never rewritten.
    const lines = readFileSync(path.join(store.caseDir(LONG_CASE_ID), 'text', `${longSha}.ocr.jsonl`), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(read + 1);

    // Started again, it carries on from the cache to the end.
    await service.startOcr(LONG_CASE_ID, longSha);
    await service.idle();
    [status] = await service.status(LONG_CASE_ID);
    expect(status!.ocr.state).toBe('done');
    expect(status!.pagesNeedingOcr).toEqual([]);
    const after = readFileSync(path.join(store.caseDir(LONG_CASE_ID), 'text', `${longSha}.ocr.jsonl`), 'utf8').split('\n').filter(Boolean);
    expect(after).toHaveLength(621);
  }, 180_000);
});
