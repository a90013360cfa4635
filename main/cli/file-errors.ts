/**
 * File problems as the CLI says them: a sentence naming the file and what is wrong, never a raw
 * "ENOENT: no such file or directory, open …". JSON inputs may start with a UTF-8 byte order mark
 * (Windows editors write one); it is skipped, as JSON readers commonly do.
 */
import fs from 'node:fs/promises';

export class CliInputError extends Error {
  override name = 'CliInputError';
}

const WHY: Record<string, string> = {
  ENOENT: 'there is no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied (this account may not read or write it)',
  EPERM: 'the operation is not permitted there',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'something with that name already exists',
  ELOOP: 'the path loops through symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many files are open; close some programs and try again',
  EBUSY: 'it is in use by another program',
  EIO: 'the disk reported an input/output error',
};

export function isFileError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** "Cannot read case.json: there is no such file or folder." */
export function describeFileError(e: NodeJS.ErrnoException, action = 'use', file = e.path): string {
  const why = WHY[e.code ?? ''] ?? `the system refused it (${e.code})`;
  return `Cannot ${action} ${file ?? 'a file'}: ${why}.`;
}

/** Reads a JSON input file (a case file, a Bundle): a BOM is skipped; every failure is a sentence. */
export async function readJsonInput(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new CliInputError(isFileError(e) ? describeFileError(e, `read the ${what}`, file) : `Cannot read the ${what} ${file}.`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliInputError(`The ${what} ${file} is not valid JSON: ${(e as Error).message}.`);
  }
}
