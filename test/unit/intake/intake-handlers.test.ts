/**
 * The intake services on a real store in a temp folder, with real PDFs (pdfmake, qpdf):
 * attachment checks, all-or-nothing creation, PAS import into the store, related requests, the queue.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIntakeHandlers } from '../../../main/intake/intake-handlers';
import { createRulesProvider } from '../../../main/rules/rules-provider';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { plaintextCipherForTests } from '../../../main/crypto/file-cipher';
import { sha256Hex } from '../../../main/documents/hash-document';
import { emptyPdf, qpdf, tempDir, textPdf } from '../text/pdf-fixtures';
import { pasRequestBundle } from '../fhir/pas-fixtures';
import { newCaseForm } from './new-case-form-fixture';
import { testChange } from '../../support/change-record';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const NOW = new Date('2026-10-01T15:00:00Z');
let good: Buffer;
let other: Buffer;
let encrypted: Buffer;
let noPages: Buffer;

beforeAll(async () => {
  const dir = tempDir('wb-intake-');
  good = await textPdf([['Progress note: chronic radicular pain.'], ['Plan: spinal cord stimulator trial.']]);
  other = await textPdf([['MRI lumbar spine report.']]);
  encrypted = qpdf(good, ['--encrypt', 'user', 'owner', '256', '--'], dir);
  noPages = emptyPdf(dir);
});

async function setup(): Promise<{ store: CaseStore; h: ReturnType<typeof createIntakeHandlers>; dataDir: string }> {
  const dataDir = tempDir('wb-intake-store-');
  const store = await openCaseStore(dataDir, { cipher: plaintextCipherForTests() });
  const h = createIntakeHandlers({ store, appRoot: root, rules: createRulesProvider(root), reviewer: () => 'Intake Tester', now: () => NOW });
  return { store, h, dataDir };
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

const form = newCaseForm;

describe('attachment checks', () => {
  it('takes a PDF, by content hash, with its page count', async () => {
    const { h } = await setup();
    const r = await h['cases.validateAttachment']({ name: 'note.pdf', data: b64(good) });
    expect(r).toMatchObject({ ok: true, sha256: sha256Hex(good), pageCount: 2 });
  });

  it('names what is wrong: not a PDF, encrypted, no pages, damaged, empty', async () => {
    const { h } = await setup();
    const check = async (bytes: Uint8Array) => (await h['cases.validateAttachment']({ name: 'x.pdf', data: b64(bytes) })).problem;
    expect(await check(new TextEncoder().encode('GIF89a not a pdf'))).toBe('not-pdf');
    expect(await check(encrypted)).toBe('encrypted');
    expect(await check(noPages)).toBe('no-pages');
    expect(await check(new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf body'))).toBe('corrupt');
    expect(await check(new Uint8Array())).toBe('empty');
  });
});

describe('cases.create', () => {
  it('creates the case with its documents; the same file twice is one document', async () => {
    const { h, store } = await setup();
    const a = await h['cases.validateAttachment']({ name: 'note.pdf', data: b64(good) });
    const b = await h['cases.validateAttachment']({ name: 'mri.pdf', data: b64(other) });
    const res = await h['cases.create']({ idempotencyKey: randomUUID(),
      request: form(),
      attachments: [
        { sha256: a.sha256!, name: 'note.pdf' },
        { sha256: b.sha256!, name: 'mri.pdf' },
        { sha256: a.sha256!, name: 'note (copy).pdf' },
      ],
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const c = await store.getCase(res.caseId);
    expect(c.documents.map((d) => [d.name, d.pageCount])).toEqual([['note.pdf', 2], ['mri.pdf', 1]]);
    expect(Buffer.from(await store.readDocument(res.caseId, a.sha256!)).equals(good)).toBe(true);
    expect(res.caseId).not.toContain('W123456789'); // no PHI in ids
  });

  it('is all or nothing: an attachment that failed its check leaves no case and no stray files', async () => {
    const { h, store, dataDir } = await setup();
    const a = await h['cases.validateAttachment']({ name: 'note.pdf', data: b64(good) });
    const bad = await h['cases.validateAttachment']({ name: 'locked.pdf', data: b64(encrypted) });
    expect(bad.ok).toBe(false);
    const res = await h['cases.create']({ idempotencyKey: randomUUID(), request: form(), attachments: [{ sha256: a.sha256!, name: 'note.pdf' }, { sha256: sha256Hex(encrypted), name: 'locked.pdf' }] });
    expect(res).toMatchObject({ ok: false, problems: [{ field: 'attachments.1' }] });
    expect(await store.listCases()).toEqual([]);
    expect(await fs.readdir(path.join(dataDir, 'cases'))).toEqual([]);
    const staging = await fs.readdir(path.join(dataDir, 'staging')).catch(() => []);
    expect(staging).toEqual([]);
  });

  it('refuses an invalid form field by field, writing nothing', async () => {
    const { h, store } = await setup();
    const res = await h['cases.create']({ idempotencyKey: randomUUID(), request: form({ requestingProvider: { name: 'Dr. A', npi: '1234567890' } }), attachments: [] });
    expect(res).toEqual({ ok: false, problems: [{ field: 'requestingProvider.npi', message: expect.stringMatching(/check digit/) }] });
    expect(await store.listCases()).toEqual([]);
  });
});

describe('date of service at intake', () => {
  it('refuses a date of service before every Preface version, naming the earliest, writing nothing', async () => {
    const { h, store } = await setup();
    const res = await h['cases.create']({ idempotencyKey: randomUUID(), request: form({ dateOfService: '2020-05-01' }), attachments: [] });
    expect(res).toEqual({ ok: false, problems: [{ field: 'dateOfService', message: expect.stringMatching(/May 1, 2020.*August 1, 2024/) }] });
    expect(await store.listCases()).toEqual([]);
  });

  it('gives the form the rule versions, so it can say so as the date is typed', async () => {
    const { h } = await setup();
    const o = await h['intake.options']({});
    expect(o.ruleVersions.filter((v) => v.role === 'preface').map((v) => v.effectiveFrom).sort()).toEqual(['2024-08-01', '2026-08-04']);
  });
});

describe('adding records to an open case', () => {
  async function withCase() {
    const s = await setup();
    const a = await s.h['cases.validateAttachment']({ name: 'note.pdf', data: b64(good) });
    const res = await s.h['cases.create']({ idempotencyKey: randomUUID(), request: form(), attachments: [{ sha256: a.sha256!, name: 'note.pdf' }] });
    if (!res.ok) throw new Error('case not created');
    return { ...s, caseId: res.caseId };
  }

  it('adds a checked file as a new record, readable from the store, and says whether the case is signed', async () => {
    const { h, store, caseId } = await withCase();
    const b = await h['cases.validateAttachment']({ name: 'addendum.pdf', data: b64(other) });
    const res = await h['cases.addRecords']({ caseId, idempotencyKey: randomUUID(), attachments: [{ sha256: b.sha256!, name: 'addendum.pdf' }] });
    expect(res).toEqual({ added: [{ sha256: b.sha256, name: 'addendum.pdf', pageCount: 1 }], alreadyInCase: [], signed: false, resumed: false });
    const c = await store.getCase(caseId);
    expect(c.documents.map((d) => d.name)).toEqual(['note.pdf', 'addendum.pdf']);
    expect(Buffer.from(await store.readDocument(caseId, b.sha256!)).equals(other)).toBe(true);
  });

  it('does not add a file the case already has, and names the record it already is', async () => {
    const { h, store, caseId } = await withCase();
    const again = await h['cases.validateAttachment']({ name: 'note again.pdf', data: b64(good) });
    const res = await h['cases.addRecords']({ caseId, idempotencyKey: randomUUID(), attachments: [{ sha256: again.sha256!, name: 'note again.pdf' }] });
    expect(res).toEqual({ added: [], alreadyInCase: [{ name: 'note again.pdf', existingName: 'note.pdf' }], signed: false, resumed: false });
    expect((await store.getCase(caseId)).documents).toHaveLength(1);
  });

  it('a refused or unchecked file leaves the case as it was: no record, no stray file', async () => {
    const { h, store, caseId, dataDir } = await withCase();
    const before = await store.getCase(caseId);
    const b = await h['cases.validateAttachment']({ name: 'addendum.pdf', data: b64(other) });
    const locked = await h['cases.validateAttachment']({ name: 'locked.pdf', data: b64(encrypted) });
    expect(locked.ok).toBe(false);
    await expect(h['cases.addRecords']({ caseId, idempotencyKey: randomUUID(), attachments: [{ sha256: b.sha256!, name: 'addendum.pdf' }, { sha256: sha256Hex(encrypted), name: 'locked.pdf' }] })).rejects.toThrow(/"locked.pdf" was not checked.*Nothing was added/);
    const after = await store.getCase(caseId);
    expect(after.documents).toEqual(before.documents);
    expect(await fs.readdir(path.join(dataDir, 'cases', caseId, 'docs'))).toEqual([`${sha256Hex(good)}.pdf`]);
  });

  it('a change the store refuses removes the bytes it brought', async () => {
    const { store, caseId, dataDir } = await withCase();
    await expect(store.addDocuments(caseId, [{ sha256: sha256Hex(other), bytes: other }], (c) => {
      c.documents.push({ sha256: 'not-a-hash', name: 'x', pageCount: 1, addedAt: 'yesterday' } as never);
    }, testChange())).rejects.toThrow(/invalid/);
    expect(await fs.readdir(path.join(dataDir, 'cases', caseId, 'docs'))).toEqual([`${sha256Hex(good)}.pdf`]);
  });
});

describe('PAS import into the store, related requests and the queue', () => {
  it('imports a bundle with PDFs, creates the case, finds it related to an earlier one, and lists it', async () => {
    const { h, store } = await setup();
    const first = await h['cases.create']({ idempotencyKey: randomUUID(), request: form({ member: { id: 'W998877665', name: 'Morgan T Sample', dateOfBirth: '1968-02-11' }, dateOfService: '2026-06-01' }), attachments: [] });
    expect(first.ok).toBe(true);

    const imported = await h['cases.importFhir']({
      idempotencyKey: randomUUID(),
      bundleJson: JSON.stringify(pasRequestBundle({ items: [{ code: '63685', units: 1, date: '2026-10-05' }], pdfs: [{ title: 'Progress note', bytes: good }, { title: 'Locked', bytes: encrypted }] })),
    });
    expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(imported.draft.guidelineId).toBe('CMM-211');
    expect(imported.attachments.map((a) => [a.name, a.ok, a.problem])).toEqual([['Progress note.pdf', true, undefined], ['Locked.pdf', false, 'encrypted']]);

    const created = await h['cases.create']({ idempotencyKey: randomUUID(), request: imported.draft, attachments: imported.attachments.filter((a) => a.ok).map((a) => ({ sha256: a.sha256!, name: a.name })) });
    expect(created.ok).toBe(true);
    if (!created.ok || !first.ok) return;
    const c = await store.getCase(created.caseId);
    expect((c.request as Record<string, unknown>).pasSource).toMatchObject({ claimIdentifier: { value: 'TRN-2026-000117' } });

    const related = await h['cases.related']({ caseId: created.caseId });
    expect(related.related).toHaveLength(1);
    expect(related.related[0]).toMatchObject({ caseId: first.caseId, outcome: 'pending', matches: [{ requested: '63685', earlier: '63650', kind: 'same-family' }] });
    const narrow = await h['cases.related']({ caseId: created.caseId, windowDays: 30 });
    expect(narrow.related).toHaveLength(0);
    const atIntake = await h['cases.related']({ memberId: 'W998877665', codes: ['63650'], dateOfService: '2026-10-20' });
    expect(atIntake.related.map((r) => r.caseId).sort()).toEqual([first.caseId, created.caseId].sort());

    const q = await h['cases.query']({ search: 'morgan', sort: 'due', descending: false, status: [], overdueOnly: false, offset: 0, limit: 50 });
    expect(q.total).toBe(2);
    expect(q.rows.every((r) => typeof r.dueAt === 'string')).toBe(true);

    await expect(h['cases.exportFhir']({ caseId: created.caseId })).rejects.toThrow(/no signed determination/);
  });
});
