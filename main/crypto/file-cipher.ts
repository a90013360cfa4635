/**
 * How every service reads and writes a file that can hold PHI (case files, record PDFs, text and
 * OCR caches, letter copies): through a FileCipher. The app and the CLI always get an encrypting
 * one; a plaintext one exists only for tests that say so by name.
 *
 * Writes are durable (temp file, fsync, rename, fsync folder) and private (0600 files, 0700 folders). Reads decrypt in memory:
 * plaintext never touches disk. A file that is not an envelope, or fails its integrity check,
 * throws EnvelopeError; the caller reports it and leaves the file as it is.
 */
import fs from 'node:fs/promises';
import { writeFileDurably } from '../store/durable-json-file';
import { EnvelopeError, isEnvelope, open, seal } from './envelope';

export interface FileCipher {
  /** False only for plaintextCipherForTests(). */
  readonly encrypted: boolean;
  /** The decrypted bytes, or null if the file does not exist. */
  readFile(filePath: string): Promise<Buffer | null>;
  /** Encrypts and writes durably. */
  writeFile(filePath: string, contents: string | Uint8Array): Promise<void>;
  /** Parsed JSON, or null if the file does not exist; throws on a damaged file or invalid JSON. */
  readJson(filePath: string): Promise<unknown>;
  writeJson(filePath: string, value: unknown): Promise<void>;
  /** One sealed line (base64, no newline) for append-only logs, and back. */
  sealLine(text: string): string;
  openLine(line: string): string;
  /** Encrypts bytes for a caller that writes them itself (e.g. staged folders). */
  sealBytes(contents: string | Uint8Array): Buffer;
  openBytes(sealed: Uint8Array): Buffer;
}

/** Every file a cipher writes is in the data folder: 0600, in a folder narrowed to 0700. */
const IN_DATA_FOLDER = { privateFolder: true };

let seq = 0;
const tag = () => `${process.pid}-${Date.now().toString(36)}-${seq++}`;

async function readRaw(filePath: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(filePath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const toBytes = (c: string | Uint8Array) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

export function createFileCipher(dataKey: Uint8Array): FileCipher {
  const key = Buffer.from(dataKey);
  const cipher: FileCipher = {
    encrypted: true,
    async readFile(filePath) {
      const raw = await readRaw(filePath);
      return raw === null ? null : open(key, raw);
    },
    async writeFile(filePath, contents) {
      await writeFileDurably(filePath, seal(key, toBytes(contents)), tag(), IN_DATA_FOLDER);
    },
    async readJson(filePath) {
      const bytes = await cipher.readFile(filePath);
      return bytes === null ? null : JSON.parse(bytes.toString('utf8'));
    },
    async writeJson(filePath, value) {
      await cipher.writeFile(filePath, `${JSON.stringify(value, null, 1)}\n`);
    },
    sealLine: (text) => seal(key, Buffer.from(text, 'utf8')).toString('base64'),
    openLine: (line) => open(key, Buffer.from(line, 'base64')).toString('utf8'),
    sealBytes: (contents) => seal(key, toBytes(contents)),
    openBytes: (sealed) => open(key, sealed),
  };
  return cipher;
}

/** Stores plaintext. For tests that need to read the files they check; never for the app or CLI. */
export function plaintextCipherForTests(): FileCipher {
  const cipher: FileCipher = {
    encrypted: false,
    readFile: readRaw,
    async writeFile(filePath, contents) {
      await writeFileDurably(filePath, contents, tag(), IN_DATA_FOLDER);
    },
    async readJson(filePath) {
      const bytes = await readRaw(filePath);
      return bytes === null ? null : JSON.parse(bytes.toString('utf8'));
    },
    async writeJson(filePath, value) {
      await cipher.writeFile(filePath, `${JSON.stringify(value, null, 1)}\n`);
    },
    sealLine: (text) => text,
    openLine: (line) => line,
    sealBytes: (contents) => Buffer.from(toBytes(contents)),
    openBytes: (sealed) => Buffer.from(sealed),
  };
  return cipher;
}

export { EnvelopeError, isEnvelope };
