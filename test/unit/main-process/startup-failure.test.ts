/**
 * The start-up dialog's words (main/startup-failure.ts), on the errors the start really throws:
 * each produced here by the real session, key file and passphrase reader on a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../main/security/session';
import { readPassphraseFile } from '../../../main/security/passphrase-source';
import { dataFlag } from '../../../main/launch-folders';
import { describeStartupFailure, StartupError, startupFailureName, startupStep, STARTUP_FAILURE_TITLE, type StartupStep } from '../../../main/startup-failure';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-startfail-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function failureOf(step: StartupStep, run: () => unknown) {
  const error = await startupStep(step, run).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

function folder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('the start-up failure dialog', () => {
  it('a key file that is not JSON: says which folder, that key.json is damaged, and to restore from a backup', async () => {
    const dataDir = folder('damaged-key');
    fs.writeFileSync(path.join(dataDir, 'key.json'), '{"version":');
    const error = await failureOf('open-data', () => openSession({ dataDir, scrypt: TEST_SCRYPT }));
    const { title, message } = describeStartupFailure(error, { dataDir });
    expect(title).toBe(STARTUP_FAILURE_TITLE);
    expect(message).toContain(`The data folder ${dataDir} could not be unlocked: key.json in ${dataDir} is not readable JSON`);
    expect(message).toMatch(/\n\n.*restore the data folder from a backup/);
    expect(startupFailureName(error)).toBe('KeyFileError');
  });

  it('a key held only by a keyring this session cannot reach: says so and where to start instead', async () => {
    const dataDir = folder('keyring-only');
    // A folder made where the keyring was real (the key is wrapped by it alone), opened where it is not.
    expect((await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT })).status().state).toBe('unlocked');
    const error = await failureOf('open-data', () => openSession({ dataDir, scrypt: TEST_SCRYPT }));
    const { message } = describeStartupFailure(error, { dataDir });
    expect(message).toContain('held by an OS keyring that is not available here');
    expect(message).toContain('desktop session whose keyring is unlocked');
  });

  it('a passphrase file with the wrong passphrase, or none: names the file and how to start without it', async () => {
    const dataDir = folder('wrong-passphrase');
    const session = await openSession({ dataDir, scrypt: TEST_SCRYPT });
    await session.unlock('the right passphrase');
    const again = await openSession({ dataDir, scrypt: TEST_SCRYPT });
    const passphraseFile = path.join(tmp, 'wrong.txt');
    const wrong = await failureOf('passphrase-file', () => again.unlock('not the right one'));
    expect(describeStartupFailure(wrong, { dataDir, passphraseFile }).message).toBe(
      `The passphrase in ${passphraseFile} does not unlock the data folder ${dataDir}.\n\nCorrect ${passphraseFile}, or start without WORKBENCH_PASSPHRASE_FILE and type the passphrase in the window.`,
    );
    const missing = await failureOf('passphrase-file', () => readPassphraseFile(path.join(tmp, 'absent.txt')));
    const m = describeStartupFailure(missing, { dataDir, passphraseFile: path.join(tmp, 'absent.txt') }).message;
    expect(m).toContain(`Cannot read the key file ${path.join(tmp, 'absent.txt')}: there is no such file or folder.`);
    expect(m).toContain('type it in the window');
  });

  it('a data folder whose path runs through a file: says so and how to name another folder', async () => {
    fs.writeFileSync(path.join(tmp, 'a-file'), 'x');
    const dataDir = path.join(tmp, 'a-file', 'data');
    const error = await failureOf('open-data', () => openSession({ dataDir, scrypt: TEST_SCRYPT }));
    const { message } = describeStartupFailure(error, { dataDir });
    expect(message).toMatch(new RegExp(`^The data folder ${dataDir} could not be opened \\((ENOTDIR|EEXIST)\\)\\.`));
    expect(message).toContain('--data <folder>');
  });

  it('a folder this account may not write (EACCES, as Node reports it): says to fix permissions or pick another folder', () => {
    // Tests run as root in CI, where chmod cannot take access away; this is Node's error shape.
    const eacces = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/wb/cases'"), { code: 'EACCES', errno: -13, syscall: 'mkdir' });
    const { message } = describeStartupFailure(new StartupError('open-data', eacces), { dataDir: '/srv/wb' });
    expect(message).toBe("The data folder /srv/wb could not be opened (EACCES).\n\nThis account may not read or write the data folder /srv/wb. Fix the folder's permissions, or start with --data <folder> to use another folder.");
  });

  it('--data without a folder, the window not loading, anything else: each says what to do', () => {
    let launch: unknown;
    try {
      dataFlag(['app', '--data']);
    } catch (e) {
      launch = e;
    }
    expect(describeStartupFailure(launch).message).toBe('--data needs a folder: --data <folder>.\n\nStart the workbench again with --data <folder>, or without --data to use the default data folder.');
    const load = describeStartupFailure(new StartupError('open-window', new Error("ERR_FAILED (-2) loading 'workbench://app/index.html'")));
    expect(load.message).toContain('reinstall the workbench');
    const odd = describeStartupFailure(new StartupError('open-data', new TypeError('x is not a function')));
    expect(odd.message).toBe('An unexpected error stopped the start (TypeError: x is not a function).\n\nStart the workbench again. If it happens again, give this message to your IT support. Your cases are not affected.');
  });
});
