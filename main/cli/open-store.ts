/**
 * Opens the encrypted case store for a CLI command. The passphrase comes from --key-file,
 * WORKBENCH_PASSPHRASE_FILE, or a prompt without echo when stdin is a terminal; otherwise the
 * command fails with a sentence saying how to give it. A folder without a key gets a new one
 * under that passphrase (an unencrypted folder is encrypted in place on the way).
 */
import { createDataKey, keyProtection, unlockWithPassphrase, WrongPassphraseError } from '../crypto/key-file';
import { createFileCipher } from '../crypto/file-cipher';
import { openCaseStore, type CaseStore } from '../store/case-store';
import { passphraseFromFile, promptHidden, PassphraseUnavailableError } from '../security/passphrase-source';

export class CliKeyError extends Error {
  override name = 'CliKeyError';
}

export interface OpenStoreOptions {
  dataDir: string;
  keyFile?: string;
  env: NodeJS.ProcessEnv;
  /** Asks for a line without echo; absent or failing when there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  isTTY?: boolean;
}

const HOW = 'Give it with --key-file <file> (passphrase on the first line) or WORKBENCH_PASSPHRASE_FILE=<file>, or run in a terminal to be asked.';

export async function openStoreForCli(opts: OpenStoreOptions): Promise<CaseStore> {
  const protection = await keyProtection(opts.dataDir);
  if (protection && !protection.passphrase) {
    throw new CliKeyError(
      `The key of ${opts.dataDir} is held by the app's OS keyring, which the CLI cannot reach. Set a passphrase in the app (lock settings) to use the CLI on this folder.`,
    );
  }
  const isNew = !protection;
  let passphrase = await passphraseFromFile(opts.env, opts.keyFile).catch((e: unknown) => {
    throw new CliKeyError((e as Error).message);
  });
  if (passphrase === undefined) {
    const tty = opts.isTTY ?? process.stdin.isTTY;
    if (!tty || !opts.prompt) throw new CliKeyError(`The data folder is encrypted and needs its passphrase. ${HOW}`);
    try {
      passphrase = await opts.prompt(isNew ? `Choose a passphrase to encrypt ${opts.dataDir}: ` : `Passphrase for ${opts.dataDir}: `);
      if (isNew && (await opts.prompt('Again, to confirm: ')) !== passphrase) throw new CliKeyError('The two passphrases differ; nothing was changed.');
    } catch (e) {
      if (e instanceof PassphraseUnavailableError) throw new CliKeyError(`${e.message} ${HOW}`);
      throw e;
    }
  }
  let key: Buffer;
  try {
    key = isNew ? await createDataKey(opts.dataDir, { passphrase }) : await unlockWithPassphrase(opts.dataDir, passphrase);
  } catch (e) {
    if (e instanceof WrongPassphraseError) throw new CliKeyError(`That passphrase does not unlock ${opts.dataDir}.`);
    throw new CliKeyError((e as Error).message);
  }
  return openCaseStore(opts.dataDir, { cipher: createFileCipher(key) });
}

export const promptOnTerminal = (question: string) => promptHidden(question);
