/**
 * Nothing the workbench writes is readable by another account on the machine: every file in the
 * data folder is 0600 and every folder 0700 (POSIX), key.json included, whatever the process umask,
 * after a whole review through the real API: a case created from a checked PDF (staged, renamed),
 * marks, findings, the record's text cache, a signed determination, the letter kept with the case
 * and exported into the data folder, the audit trail, the profile, an imported code table, and a
 * data folder the CLI made with --init. A data folder an older version wrote 0755/0644 is narrowed
 * when it is opened; a folder that is not a workbench data folder keeps its modes.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../main/security/session';
import { createSessionHandlers } from '../../../main/security/session-handlers';
import { createWorkbenchDispatch } from '../../../main/workbench-api';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { runCli } from '../../../main/cli';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import { renderPdf } from '../../../main/pdf/render-pdf';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';
import { PROFILE, reviewDemo } from '../../support/demo-review';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const posix = process.platform !== 'win32';
const temps: string[] = [];
let umask = 0;
beforeAll(() => {
  // A permissive umask, as on many desktops: the modes must not depend on it.
  if (posix) umask = process.umask(0o022);
});
afterAll(async () => {
  if (posix) process.umask(umask);
  for (const d of temps) await fs.rm(d, { recursive: true, force: true });
});

async function temp(prefix: string): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** Every path under `dir` (and `dir` itself) whose mode is not 0700 for a folder or 0600 for a file. */
async function wideModes(dir: string): Promise<string[]> {
  const out: string[] = [];
  const check = async (p: string) => {
    const st = await fs.stat(p);
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
  };
  await check(dir);
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) await check(path.join(e.parentPath, e.name));
  return out;
}

async function list(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { recursive: true })).map(String).sort();
}

describe.runIf(posix)('file modes', () => {
  it('keeps every file 0600 and every folder 0700 through a whole review', async () => {
    const parent = await temp('wb-modes-');
    const dataDir = path.join(parent, 'workbench');
    const session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT });
    const raw = createWorkbenchDispatch(
      { store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Modes', chooseSavePath: async (name) => path.join(dataDir, name) },
      createSessionHandlers(session),
    );
    const dispatch = async (method: string, payload: unknown) => {
      const r = await raw(method, withIdempotencyKey(method, payload, randomUUID));
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as never;
    };

    const { caseId } = await dispatch('cases.loadDemo', {});
    const demo = await session.store.getCase(caseId);
    // A new case from a checked PDF: staged, then renamed into place.
    const pdf = await renderPdf({ content: [{ text: 'Progress note: six months of physical therapy.' }] });
    const check = (await dispatch('cases.validateAttachment', { name: 'note.pdf', data: Buffer.from(pdf).toString('base64') })) as { sha256: string };
    const created = (await dispatch('cases.create', { request: { ...demo.request, receivedAt: '2026-11-30T09:00:00Z' }, attachments: [{ sha256: check.sha256, name: 'note.pdf' }] })) as { ok: boolean; caseId: string };
    expect(created.ok).toBe(true);
    // The record's text, cached encrypted with the case.
    await dispatch('text.document', { caseId: created.caseId, docSha256: check.sha256 });
    await dispatch('marks.add', { caseId, anchor: { kind: 'text', docSha256: demo.documents[0]!.sha256, page: 1, rects: [[1, 1, 2, 2]], quote: 'q' }, criterionIds: [] });
    await dispatch('settings.setProfile', { profile: PROFILE });
    await dispatch('settings.setIdleLock', { minutes: 10 });
    await reviewDemo({ call: dispatch }, caseId);
    const s = (await dispatch('decision.get', { caseId })) as { suggested: { clinicalRationale: string }[] };
    await dispatch('decision.edit', { caseId, determinations: s.suggested.map((d) => ({ ...d, clinicalRationale: 'Reviewed against each criterion.' })) });
    await dispatch('decision.sign', { caseId });
    await dispatch('letter.preview', { caseId, revisionId: `${caseId}-r1` });
    const exported = (await dispatch('letter.export', { caseId, revisionId: `${caseId}-r1` })) as { saved: boolean; fileName: string };
    expect(exported.saved).toBe(true);
    // The CLI's writes into the same folder: an imported MUE table.
    const mue = path.join(parent, 'mue.csv');
    await fs.writeFile(mue, 'HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n63650,2,3 Date of Service Edit: Clinical,Clinical\n');
    const keyFile = path.join(parent, 'pass');
    await fs.writeFile(keyFile, 'modes test passphrase\n');
    const io = { out: () => undefined, err: (l: string) => console.error(l) };
    expect(await runCli(['codes', 'import', mue, '--data', dataDir], io)).toBe(0);

    const files = await list(dataDir);
    for (const expected of ['key.json', 'session.json', 'index.json', `${exported.fileName}`, path.join('settings', 'profile.json'), path.join('codes', 'mue.json'), path.join('cases', caseId, 'audit.jsonl'), path.join('cases', caseId, 'letters', `${caseId}-r1.pdf`), path.join('cases', created.caseId, 'docs', `${check.sha256}.pdf`)]) {
      expect(files, `${expected} was written`).toContain(expected);
    }
    expect(files.some((f) => f.startsWith(path.join('cases', created.caseId, 'text')))).toBe(true);
    expect(await wideModes(dataDir)).toEqual([]);
  }, 60_000);

  it('makes a data folder private on --init, and key.json with it', async () => {
    const parent = await temp('wb-modes-cli-');
    const dataDir = path.join(parent, 'new', 'workbench');
    const keyFile = path.join(parent, 'pass');
    await fs.writeFile(keyFile, 'modes test passphrase\n');
    const out: string[] = [];
    expect(await runCli(['cases', 'list', '--data', dataDir, '--key-file', keyFile, '--init'], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    expect(out[0]).toBe(`Created a new, empty data folder at ${dataDir}.`);
    expect(await list(dataDir)).toEqual(expect.arrayContaining(['key.json', 'cases']));
    expect(await wideModes(dataDir)).toEqual([]);
    expect((await fs.stat(path.join(parent, 'new'))).mode & 0o777).toBe(0o700);
  });

  it('narrows a data folder an older version wrote 0755/0644, and leaves other folders alone', async () => {
    const old = await temp('wb-modes-old-');
    const cipher = createFileCipher(Buffer.alloc(32, 7));
    const store = await openCaseStore(old, { cipher });
    const caseId = await loadDemoCase(store, path.join(ROOT, 'resources'));
    for (const e of await fs.readdir(old, { withFileTypes: true, recursive: true })) await fs.chmod(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
    await fs.chmod(old, 0o755);
    await fs.writeFile(path.join(old, 'key.json'), '{}', { mode: 0o644 });
    expect((await wideModes(old)).length).toBeGreaterThan(5);
    await (await openCaseStore(old, { cipher })).getCase(caseId);
    expect(await wideModes(old)).toEqual([]);

    // --data pointed at someone's other folder: their files keep their modes.
    const other = await temp('wb-modes-other-');
    await fs.chmod(other, 0o755);
    await fs.writeFile(path.join(other, 'notes.txt'), 'mine', { mode: 0o644 });
    await openCaseStore(other, { cipher });
    expect((await fs.stat(path.join(other, 'notes.txt'))).mode & 0o777).toBe(0o644);
    expect((await fs.stat(path.join(other, 'cases'))).mode & 0o777).toBe(0o700);
  });
});
