/**
 * Where a passphrase comes from outside the window: `--key-file <file>`, else the file named by
 * WORKBENCH_PASSPHRASE_FILE, else (CLI only) a prompt without echo when stdin is a terminal.
 * A file holds the passphrase on its first line; it should be readable by the reviewer alone.
 */
import fs from 'node:fs/promises';
import { describeFileError, isFileError } from '../cli/file-errors';

export class PassphraseUnavailableError extends Error {
  override name = 'PassphraseUnavailableError';
}

export async function readPassphraseFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new PassphraseUnavailableError(isFileError(e) ? describeFileError(e, 'read the key file', file) : `Cannot read the key file ${file}.`);
  }
  // A byte order mark (Windows Notepad writes one) is not part of the passphrase.
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  if (!first) throw new PassphraseUnavailableError(`The key file ${file} is empty: put the passphrase on its first line.`);
  return first;
}

export async function passphraseFromFile(env: NodeJS.ProcessEnv, keyFile?: string): Promise<string | undefined> {
  const file = keyFile ?? env.WORKBENCH_PASSPHRASE_FILE;
  return file ? readPassphraseFile(file) : undefined;
}

/** Reads one line from a terminal without echoing it. */
export function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!input.isTTY) {
      reject(new PassphraseUnavailableError('No terminal to ask for the passphrase.'));
      return;
    }
    output.write(question);
    let line = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      output.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new PassphraseUnavailableError('Cancelled.'));
        if (ch === '\u007f' || ch === '\b') line = line.slice(0, -1);
        else line += ch;
      }
    };
    input.on('data', onData);
  });
}
