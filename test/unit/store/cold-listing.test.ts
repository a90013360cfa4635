/**
 * A cold start lists the queue from the index without reading every case file: summaries whose
 * file still has the size and time recorded in the index are trusted; a changed file is read again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { testChange } from '../../support/change-record';

const RESOURCES = path.resolve(import.meta.dirname, '..', '..', '..', 'resources');
const temps: string[] = [];
afterEach(async () => {
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

describe('cold listing', () => {
  it('trusts the index for unchanged case files and re-reads changed ones', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-cold-'));
    temps.push(dir);
    const cipher = createFileCipher(randomBytes(32));
    const first = await openCaseStore(dir, { cipher });
    const id = await loadDemoCase(first, RESOURCES);
    await first.updateCase(id, (c) => {
      c.status = 'in-review';
    }, testChange());
    // A whole-second time, which utimes can set back exactly.
    const file = path.join(dir, 'cases', id, 'case.json');
    const atime = new Date('2026-11-20T10:00:00Z');
    const mtime = atime;
    await fs.utimes(file, atime, mtime);
    expect((await first.listCases())[0]?.status).toBe('in-review');

    // Same size and time, different (unreadable) content: a cold listing does not open it.
    const { size } = await fs.stat(file);
    await fs.writeFile(file, Buffer.alloc(size, 7));
    await fs.utimes(file, atime, mtime);
    const cold = await openCaseStore(dir, { cipher });
    const listed = await cold.listCases();
    expect(listed).toHaveLength(1);
    expect(listed[0]?.damaged).toBeUndefined();
    expect(listed[0]?.status).toBe('in-review');

    // Once its time changes, the file is read again and its damage is reported.
    await fs.utimes(file, atime, new Date(mtime.getTime() + 5000));
    const again = await (await openCaseStore(dir, { cipher })).listCases();
    expect(again[0]?.damaged).toMatch(/cannot be read/);
  });
});
