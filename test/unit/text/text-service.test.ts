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
import { createTextService, type TextService } from '../../../main/text/text-service';
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
    expect(files.sort()).toEqual([`${scanSha}.json`, `${scanSha}.ocr.json`]);
    const raw = readFileSync(path.join(store.caseDir(SCAN_CASE_ID), 'text', `${scanSha}.ocr.json`));
    expect(isEnvelope(raw)).toBe(true);
    expect(raw.toString('latin1')).not.toMatch(/radiculopathy/i);

    // After a restart the recognized page comes from the encrypted cache: no OCR is queued.
    const restarted = createTextService({ store, ocrDpi: 200 });
    const again = await restarted.documentText(SCAN_CASE_ID, scanSha);
    expect(again.doc.pages[0]!.text).toBe(doc.pages[0]!.text);
    const [status] = await restarted.status(SCAN_CASE_ID);
    expect(status!.ocr.state).toBe('done');
    expect(status!.pagesNeedingOcr).toEqual([]);
  });
});
