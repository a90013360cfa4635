/**
 * A damaged case file never stops the app and is never overwritten; and no case id, document id
 * or URL can reach outside its folder.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCaseStore, type CaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { createAppRequestServer } from '../../../main/serve-app-request';
import { testChange, testCreate } from '../../support/change-record';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function demoStore(): Promise<{ dir: string; store: CaseStore; key: Buffer }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-damage-'));
  temps.push(dir);
  const key = randomBytes(32);
  const store = await openCaseStore(dir, { cipher: createFileCipher(key) });
  await loadDemoCase(store, path.join(ROOT, 'resources'));
  return { dir, store, key };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('damaged case files', () => {
  it('flags each damaged case with what is wrong, opens the others, and never changes the damaged bytes', async () => {
    const { dir, store, key } = await demoStore();
    const cipher = createFileCipher(key);
    const demo = await store.getCase('demo-scs-trial');
    const now = new Date().toISOString();
    for (const id of ['truncated', 'not-json', 'wrong-schema', 'planted-plaintext', 'healthy']) {
      await store.createCase({ ...demo, id, createdAt: now, updatedAt: now, documents: [] }, [], testCreate());
    }
    const file = (id: string) => path.join(dir, 'cases', id, 'case.json');
    const whole = await fs.readFile(file('truncated'));
    await fs.writeFile(file('truncated'), whole.subarray(0, Math.floor(whole.length / 2)));
    await fs.writeFile(file('not-json'), cipher.sealBytes('{"id": "not-json", "request": '));
    await fs.writeFile(file('wrong-schema'), cipher.sealBytes(JSON.stringify({ ...demo, id: 'wrong-schema', status: 'teleported', marks: 'none' })));
    await fs.writeFile(file('planted-plaintext'), JSON.stringify({ ...demo, id: 'planted-plaintext' }));
    const damagedIds = ['truncated', 'not-json', 'wrong-schema', 'planted-plaintext'];
    const before = new Map(await Promise.all(damagedIds.map(async (id) => [id, await fs.readFile(file(id))] as const)));

    // A fresh store, as at the next start: the damage was done while the app was closed.
    const again = await openCaseStore(dir, { cipher });
    const listed = await again.listCases();
    const reason = (id: string) => listed.find((c) => c.id === id)?.damaged ?? '';
    expect(reason('truncated')).toMatch(/integrity check|truncated/);
    expect(reason('not-json')).toMatch(/not readable JSON/);
    expect(reason('wrong-schema')).toMatch(/does not match the case format: (status|marks)/);
    expect(reason('planted-plaintext')).toMatch(/not encrypted by the workbench/);
    expect(reason('healthy')).toBe('');
    expect(reason('demo-scs-trial')).toBe('');

    // The other cases open and save; every operation on a damaged one is refused as 'damaged'.
    await again.updateCase('healthy', (c) => {
      c.findings['x'] = { status: 'met', facts: {}, note: '' };
    }, testChange());
    expect((await again.getCase('demo-scs-trial')).id).toBe('demo-scs-trial');
    for (const id of damagedIds) {
      await expect(again.getCase(id)).rejects.toMatchObject({ code: 'damaged' });
      await expect(again.updateCase(id, (c) => void (c.status = 'in-review'), testChange())).rejects.toMatchObject({ code: 'damaged' });
      await expect(again.createCase({ ...demo, id, createdAt: now, updatedAt: now, documents: [] }, [], testCreate())).rejects.toMatchObject({ code: 'conflict' });
    }
    await again.listCases();
    await openCaseStore(dir, { cipher });
    for (const id of damagedIds) expect((await fs.readFile(file(id))).equals(before.get(id)!), `${id} was changed`).toBe(true);
  });

  it('refuses a record whose bytes were swapped, rather than serving them', async () => {
    const { store } = await demoStore();
    const doc = (await store.getCase('demo-scs-trial')).documents[0]!;
    const other = (await store.getCase('demo-scs-trial')).documents[1]!;
    await fs.copyFile(store.documentPath('demo-scs-trial', other.sha256), store.documentPath('demo-scs-trial', doc.sha256));
    await expect(store.readDocument('demo-scs-trial', doc.sha256)).rejects.toMatchObject({ code: 'damaged' });
  });
});

describe('paths cannot escape the case folder', () => {
  const hostileIds = ['..', '../x', '../../etc', '/etc/passwd', 'a/b', 'a\\b', '%2e%2e', '..%2F..', '', 'C:\\Windows', 'x\0y', 'a'.repeat(65)];

  it('refuses hostile case and document ids in the store', async () => {
    const { store } = await demoStore();
    const demo = await store.getCase('demo-scs-trial');
    const goodSha = demo.documents[0]!.sha256;
    for (const id of hostileIds) {
      expect(() => store.caseDir(id), id).toThrow(/case id/);
      await expect(store.getCase(id)).rejects.toMatchObject({ code: 'invalid-request' });
      await expect(store.readDocument(id, goodSha)).rejects.toMatchObject({ code: 'invalid-request' });
      await expect(store.createCase({ ...demo, id }, [], testCreate())).rejects.toThrow();
    }
    for (const docId of ['../../../key', `${goodSha}/../../x`, goodSha.toUpperCase(), `../${goodSha}`, '']) {
      expect(() => store.documentPath('demo-scs-trial', docId), docId).toThrow(/SHA-256/);
      await expect(store.readDocument('demo-scs-trial', docId)).rejects.toMatchObject({ code: 'invalid-request' });
    }
    // An imported document is stored under the hash of its bytes, whatever its name says.
    const bytes = Buffer.from('%PDF-1.4 not really');
    const now = new Date().toISOString();
    await expect(store.createCase({ ...demo, id: 'import-1', createdAt: now, updatedAt: now }, [{ sha256: '../../../escape', bytes }], testCreate())).rejects.toThrow(/SHA-256/);
    await expect(store.createCase({ ...demo, id: 'import-2', createdAt: now, updatedAt: now }, [{ sha256: sha(Buffer.from('other')), bytes }], testCreate())).rejects.toThrow(/do not match/);
    const named = { ...demo, id: 'import-3', createdAt: now, updatedAt: now, documents: [{ ...demo.documents[0]!, sha256: sha(bytes), name: '../../../../etc/passwd' }] };
    await store.createCase(named, [{ sha256: sha(bytes), bytes }], testCreate());
    const stored = await fs.readdir(path.join(store.caseDir('import-3'), 'docs'));
    expect(stored).toEqual([`${sha(bytes)}.pdf`]);
  });

  it('serves nothing outside the renderer folder and the case documents', async () => {
    const { dir, store } = await demoStore();
    const rendererDir = path.join(dir, 'renderer');
    await fs.mkdir(rendererDir);
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>wb</title>');
    await fs.writeFile(path.join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
    const serve = createAppRequestServer({ rendererDir, store });
    const doc = (await store.getCase('demo-scs-trial')).documents[0]!;

    const ok = await serve(`/docs/demo-scs-trial/${doc.sha256}.pdf`);
    expect(ok.status).toBe(200);
    expect(Buffer.from(ok.body).subarray(0, 4).toString()).toBe('%PDF');
    expect((await serve('/index.html')).status).toBe(200);

    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '//secret.txt',
      `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
      '/docs/../../secret.txt',
      '/docs/..%2F..%2Fkey.json',
      `/docs/demo-scs-trial/${doc.sha256}.pdf/../../../../key.json`,
      `/docs/..%2Fdemo-scs-trial/${doc.sha256}.pdf`,
      '/docs/demo-scs-trial/..%2F..%2F..%2Findex.json',
      '/%E0%A4%A',
      '/index.html%00.pdf',
      '/../key.json',
      '/../index.json',
    ];
    for (const a of attempts) {
      const res = await serve(a);
      expect(res.status, a).toBe(404);
      expect(Buffer.from(res.body).toString()).not.toContain('SECRET-OUTSIDE');
    }
  });
});
