/** Encryption at rest: the envelope, the key file, the encrypted store, migration, the session lock. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvelopeError, open, seal } from '../../../main/crypto/envelope';
import { createDataKey, keyProtection, unlockWithKeyring, unlockWithPassphrase, WrongPassphraseError } from '../../../main/crypto/key-file';
import { createFileCipher, plaintextCipherForTests } from '../../../main/crypto/file-cipher';
import { openCaseStore } from '../../../main/store/case-store';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { openSession } from '../../../main/security/session';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';
import { testChange } from '../../support/change-record';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const RESOURCES = path.join(ROOT, 'resources');
const MEMBER_NAME = 'Jordan A. Mercer';
const MEMBER_ID = 'HHS884120357';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-crypto-'));
  temps.push(d);
  return d;
}
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  }
  return out;
}

/** Every byte on disk, searched for what must never be there in the clear. */
async function plaintextLeaks(dir: string): Promise<string[]> {
  const leaks: string[] = [];
  for (const f of await allFiles(dir)) {
    const bytes = await fs.readFile(f);
    for (const needle of [MEMBER_NAME, MEMBER_ID, '%PDF', 'physical therapy']) {
      if (bytes.includes(Buffer.from(needle))) leaks.push(`${path.relative(dir, f)}: ${needle}`);
    }
  }
  return leaks;
}

describe('the envelope', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips and uses a fresh IV each time', () => {
    const a = seal(key, Buffer.from('hello'));
    const b = seal(key, Buffer.from('hello'));
    expect(a.equals(b)).toBe(false);
    expect(open(key, a).toString()).toBe('hello');
  });
  it('refuses a flipped bit, a truncation, a wrong key and plaintext', () => {
    const sealed = seal(key, Buffer.from('a case file'));
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i]! ^= 1;
      expect(() => open(key, bad)).toThrow(EnvelopeError);
    }
    expect(() => open(key, sealed.subarray(0, sealed.length - 1))).toThrow(EnvelopeError);
    expect(() => open(Buffer.alloc(32, 8), sealed)).toThrow(EnvelopeError);
    expect(() => open(key, Buffer.from('{"id":"x"}'))).toThrow(EnvelopeError);
  });
});

describe('the key file', () => {
  it('wraps one data key by keyring and passphrase; a wrong passphrase is refused', async () => {
    const dir = await tempDir();
    const keyring = createMemoryKeyring();
    const key = await createDataKey(dir, { wrapper: keyring, passphrase: 'correct horse' }, TEST_SCRYPT);
    expect(await keyProtection(dir)).toEqual({ keyring: true, passphrase: true });
    expect((await unlockWithKeyring(dir, keyring)).equals(key)).toBe(true);
    expect((await unlockWithPassphrase(dir, 'correct horse')).equals(key)).toBe(true);
    await expect(unlockWithPassphrase(dir, 'wrong horse')).rejects.toThrow(WrongPassphraseError);
    await expect(unlockWithKeyring(dir, createMemoryKeyring())).rejects.toThrow(/keyring/);
    const text = await fs.readFile(path.join(dir, 'key.json'), 'utf8');
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain(key.toString('hex'));
    await expect(createDataKey(dir, { passphrase: 'another one' }, TEST_SCRYPT)).rejects.toThrow(/already/);
  });
});

describe('the encrypted store', () => {
  it('keeps case files, the index and record PDFs encrypted; PDFs come back as the same bytes', async () => {
    const dir = await tempDir();
    const cipher = createFileCipher(await createDataKey(dir, { passphrase: 'correct horse' }, TEST_SCRYPT));
    const store = await openCaseStore(dir, { cipher });
    const id = await loadDemoCase(store, RESOURCES);
    await store.updateCase(id, (c) => {
      c.findings['x'] = { status: 'met', facts: {}, note: 'physical therapy for 6 weeks' };
    }, testChange());
    expect(await plaintextLeaks(dir)).toEqual([]);
    const c = await store.getCase(id);
    const original = await fs.readFile(path.join(RESOURCES, 'demo', 'mri-report.pdf'));
    const doc = c.documents.find((d) => d.name.toLowerCase().includes('mri')) ?? c.documents[0]!;
    const bytes = await store.readDocument(id, doc.sha256);
    expect(Buffer.from(bytes).subarray(0, 4).toString()).toBe('%PDF');
    if (doc.name.toLowerCase().includes('mri')) expect(Buffer.from(bytes).equals(original)).toBe(true);
    // Another store with the right key reads it all back; with a wrong key the case is flagged, not served.
    const again = await openCaseStore(dir, { cipher });
    expect((await again.getCase(id)).findings['x']?.note).toBe('physical therapy for 6 weeks');
    const wrong = await openCaseStore(dir, { cipher: createFileCipher(Buffer.alloc(32, 1)) });
    const listed = await wrong.listCases();
    expect(listed.find((s) => s.id === id)?.damaged).toMatch(/integrity/);
  });

  it('migrates an unencrypted folder in place without loss, once', async () => {
    const dir = await tempDir();
    const plain = await openCaseStore(dir, { cipher: plaintextCipherForTests() });
    const id = await loadDemoCase(plain, RESOURCES);
    await plain.updateCase(id, (c) => {
      c.findings['x'] = { status: 'met', facts: {}, note: 'kept through migration' };
    }, testChange('finding on x set to met'));
    const before = await plain.getCase(id);
    const docsBefore = await Promise.all(before.documents.map((d) => plain.readDocument(id, d.sha256)));
    expect((await plaintextLeaks(dir)).length).toBeGreaterThan(0);

    const cipher = createFileCipher(await createDataKey(dir, { passphrase: 'correct horse' }, TEST_SCRYPT));
    const enc = await openCaseStore(dir, { cipher });
    expect(await plaintextLeaks(dir)).toEqual([]);
    expect(await enc.getCase(id)).toEqual(before);
    const docsAfter = await Promise.all(before.documents.map((d) => enc.readDocument(id, d.sha256)));
    docsAfter.forEach((b, i) => expect(Buffer.from(b).equals(Buffer.from(docsBefore[i]!))).toBe(true));
    expect(await enc.listCases()).toHaveLength(1);
    // The audit trail's lines are sealed one by one and still chain.
    expect(await fs.readFile(path.join(enc.caseDir(id), 'audit.jsonl'), 'utf8')).not.toContain('finding on x');
    await enc.updateCase(id, (c) => void (c.status = 'in-review'), testChange('finding on y set to met'));
    const trail = await enc.readAudit(id);
    expect(trail.chain).toEqual({ ok: true, count: 3 });
    expect(trail.events.map((e) => e.summary)).toEqual(['demo case loaded with 3 records', 'finding on x set to met', 'finding on y set to met']);
  });
});

describe('the session', () => {
  it('asks for a new passphrase where there is no keyring, and refuses PHI until unlocked', async () => {
    const dir = await tempDir();
    const s = await openSession({ dataDir: dir, scrypt: TEST_SCRYPT });
    expect(s.status().state).toBe('needs-new-passphrase');
    await expect(s.store.listCases()).rejects.toMatchObject({ code: 'locked' });
    await expect(s.unlock('short')).rejects.toMatchObject({ code: 'invalid-request' });
    expect((await s.unlock('correct horse')).state).toBe('unlocked');
    await loadDemoCase(s.store, RESOURCES);

    const next = await openSession({ dataDir: dir, scrypt: TEST_SCRYPT });
    expect(next.status().state).toBe('needs-passphrase');
    await expect(next.unlock('wrong horse')).rejects.toMatchObject({ code: 'locked' });
    await next.unlock('correct horse');
    expect(await next.store.listCases()).toHaveLength(1);
  });

  it('locks: the store and the cipher refuse; the PIN or the passphrase unlocks', async () => {
    const dir = await tempDir();
    let t = 0;
    const s = await openSession({ dataDir: dir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT, now: () => t });
    expect(s.status()).toMatchObject({ state: 'unlocked', hasPin: false, hasPassphrase: false });
    const id = await loadDemoCase(s.store, RESOURCES);
    await s.setPassphrase(undefined, 'correct horse');
    await expect(s.setPin(undefined, '4321')).rejects.toMatchObject({ code: 'locked' });
    await s.setPin('correct horse', '4321');
    await s.setIdleLock(5);
    s.lock();
    await expect(s.store.getCase(id)).rejects.toMatchObject({ code: 'locked' });
    await expect(s.cipher.readFile(path.join(dir, 'index.json'))).rejects.toMatchObject({ code: 'locked' });
    // Sync methods refuse by throwing; what is not PHI stays readable while locked.
    expect(() => s.store.caseDir(id)).toThrow(expect.objectContaining({ code: 'locked' }));
    expect(() => s.cipher.sealLine('x')).toThrow(expect.objectContaining({ code: 'locked' }));
    expect(s.store.dataDir).toBe(dir);
    expect(s.store.cipher).toBe(s.cipher);
    expect(s.cipher.encrypted).toBe(true);
    for (let i = 0; i < 3; i++) await expect(s.unlock('0000')).rejects.toMatchObject({ code: 'locked' });
    // Repeated misses make the next attempt wait, whatever it is.
    await expect(s.unlock('4321')).rejects.toThrow(/Try again/);
    t += 60_000;
    expect((await s.unlock('4321')).state).toBe('unlocked');
    expect((await s.store.getCase(id)).id).toBe(id);
    s.lock();
    expect((await s.unlock('correct horse')).state).toBe('unlocked');
    // The PIN and idle time are kept encrypted, and read back by the next session.
    const next = await openSession({ dataDir: dir, scrypt: TEST_SCRYPT });
    await next.unlock('correct horse');
    expect(next.status()).toMatchObject({ hasPin: true, idleLockMinutes: 5 });
    expect(await fs.readFile(path.join(dir, 'session.json'), 'utf8')).not.toContain('idleLockMinutes');
  });
});
