/** The CLI opens the encrypted store with a passphrase from --key-file or the environment, and says how when it has none. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { openStoreForCli } from '../../../main/cli/open-store';
import { openCaseStore } from '../../../main/store/case-store';
import { plaintextCipherForTests } from '../../../main/crypto/file-cipher';
import { loadDemoCase } from '../../../main/demo/load-demo-case';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const temps: string[] = [];
afterEach(async () => {
  delete process.env.WORKBENCH_PASSPHRASE_FILE;
  for (const d of temps.splice(0)) await fs.rm(d, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('CLI passphrase', () => {
  it('migrates an unencrypted folder with the passphrase from --key-file, then needs it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-cli-'));
    temps.push(dir);
    await loadDemoCase(await openCaseStore(dir, { cipher: plaintextCipherForTests() }), path.join(ROOT, 'resources'));
    const keyFile = path.join(dir, '..', `${path.basename(dir)}.key`);
    temps.push(keyFile);
    await fs.writeFile(keyFile, 'a long passphrase\n');

    // Under vitest stdin is not a terminal: no prompt, a sentence saying how.
    const none = await run(['cases', 'list', '--data', dir]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/--key-file/);

    const listed = await run(['cases', 'list', '--data', dir, '--key-file', keyFile]);
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('demo-scs-trial');
    expect((await fs.readFile(path.join(dir, 'cases', 'demo-scs-trial', 'case.json'))).subarray(0, 5).toString()).toBe('WBENC');

    await fs.writeFile(keyFile, 'the wrong passphrase\n');
    expect((await run(['cases', 'list', '--data', dir, '--key-file', keyFile])).err).toMatch(/does not unlock/);
    await fs.writeFile(keyFile, 'a long passphrase\n');
    process.env.WORKBENCH_PASSPHRASE_FILE = keyFile;
    expect((await run(['cases', 'list', '--data', dir])).code).toBe(0);
    expect((await (await openStoreForCli({ dataDir: dir, env: process.env })).listCases()).map((c) => c.id)).toEqual(['demo-scs-trial']);
  });
});
