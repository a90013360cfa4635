/**
 * The data key and how it is kept: `<dataDir>/key.json` holds one random 256-bit data key,
 * never in the clear, wrapped one or both ways:
 *
 *   keyring     wrapped by the OS keyring through an injected KeyWrapper (Electron's safeStorage;
 *               only main/index.ts may import electron, so it is passed in from there)
 *   passphrase  sealed (envelope.ts) under a key derived from the reviewer's passphrase with
 *               scrypt; the salt and cost parameters are stored beside it
 *
 * A keyring wrap lets the app start without a prompt; a passphrase wrap is what the CLI and
 * machines without a real keyring (Linux basic_text) use, and what the lock screen checks.
 */
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { makePrivateFolder, writeFileDurably } from '../store/durable-json-file';
import { KEY_BYTES, open, seal } from './envelope';

export const KEY_FILE = 'key.json';

/** Wraps small secrets with an OS keyring. In Electron: safeStorage.encryptString/decryptString. */
export interface KeyWrapper {
  /** Names the backend for the reviewer, e.g. "gnome_libsecret", "keychain", "dpapi". */
  readonly name: string;
  wrap(secret: string): Uint8Array;
  unwrap(wrapped: Uint8Array): string;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 0.3 s and 128 MiB on a laptop: slow for guessing, quick enough for an unlock. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
export const MIN_PASSPHRASE_LENGTH = 8;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const ScryptWrap = z.object({
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: b64,
  sealedKey: b64,
});
const KeyFileData = z.object({
  format: z.literal('reviewer-workbench-key'),
  version: z.literal(1),
  createdAt: z.string(),
  /** HMAC of a fixed label under the data key: tells a wrong keyring answer from the right key. */
  check: b64,
  keyring: z.object({ backend: z.string(), wrappedKey: b64 }).optional(),
  passphrase: ScryptWrap.optional(),
});
type KeyFileData = z.infer<typeof KeyFileData>;

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/** The passphrase did not unwrap the key. */
export class WrongPassphraseError extends KeyFileError {
  override name = 'WrongPassphraseError';
}

export type KeyProtection = { keyring: boolean; passphrase: boolean };

function keyCheck(key: Uint8Array): string {
  return createHmac('sha256', key).update('reviewer-workbench data key check v1').digest('base64');
}

function scrypt(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCb(secret.normalize('NFC'), salt, KEY_BYTES, opts, (e, k) => (e ? reject(e) : resolve(k))));
}

async function readKeyFile(dataDir: string): Promise<KeyFileData | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, KEY_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new KeyFileError(`${KEY_FILE} in ${dataDir} is not readable JSON; restore it from a backup (without it the cases cannot be decrypted).`);
  }
  const parsed = KeyFileData.safeParse(raw);
  if (!parsed.success) throw new KeyFileError(`${KEY_FILE} in ${dataDir} is not a workbench key file; restore it from a backup.`);
  return parsed.data;
}

async function writeKeyFile(dataDir: string, data: KeyFileData): Promise<void> {
  await makePrivateFolder(dataDir);
  await writeFileDurably(path.join(dataDir, KEY_FILE), `${JSON.stringify(data, null, 1)}\n`, undefined, { privateFolder: true });
}

async function passphraseWrap(key: Uint8Array, passphrase: string, params: ScryptParams): Promise<z.infer<typeof ScryptWrap>> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new KeyFileError(`A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  const salt = randomBytes(16);
  const kek = await scrypt(passphrase, salt, params);
  return { kdf: 'scrypt', ...params, salt: salt.toString('base64'), sealedKey: seal(kek, key).toString('base64') };
}

/** What protects the data key of a folder, or null when the folder has no key yet. */
export async function keyProtection(dataDir: string): Promise<KeyProtection | null> {
  const kf = await readKeyFile(dataDir);
  return kf ? { keyring: !!kf.keyring, passphrase: !!kf.passphrase } : null;
}

/** Makes a new random data key and writes key.json. Refuses to replace an existing key. */
export async function createDataKey(
  dataDir: string,
  protect: { wrapper?: KeyWrapper; passphrase?: string },
  scryptParams: ScryptParams = DEFAULT_SCRYPT,
): Promise<Buffer> {
  if (await readKeyFile(dataDir)) throw new KeyFileError(`${dataDir} already has a data key.`);
  if (!protect.wrapper && protect.passphrase === undefined) throw new KeyFileError('A new data key needs a keyring or a passphrase to protect it.');
  const key = randomBytes(KEY_BYTES);
  const data: KeyFileData = { format: 'reviewer-workbench-key', version: 1, createdAt: new Date().toISOString(), check: keyCheck(key) };
  if (protect.wrapper) data.keyring = { backend: protect.wrapper.name, wrappedKey: Buffer.from(protect.wrapper.wrap(key.toString('base64'))).toString('base64') };
  if (protect.passphrase !== undefined) data.passphrase = await passphraseWrap(key, protect.passphrase, scryptParams);
  await writeKeyFile(dataDir, data);
  return key;
}

/** The data key through the OS keyring. */
export async function unlockWithKeyring(dataDir: string, wrapper: KeyWrapper): Promise<Buffer> {
  const kf = await readKeyFile(dataDir);
  if (!kf?.keyring) throw new KeyFileError('This data folder\'s key is not held by the OS keyring.');
  let key: Buffer;
  try {
    key = Buffer.from(wrapper.unwrap(Buffer.from(kf.keyring.wrappedKey, 'base64')), 'base64');
  } catch {
    throw new KeyFileError('The OS keyring could not unwrap the data key (another user account or machine?). Use the passphrase.');
  }
  if (key.length !== KEY_BYTES || !timingSafeEqual(Buffer.from(keyCheck(key)), Buffer.from(kf.check))) {
    throw new KeyFileError('The OS keyring returned a different key than this folder was encrypted with. Use the passphrase.');
  }
  return key;
}

/** The data key through the passphrase; WrongPassphraseError if it does not match. */
export async function unlockWithPassphrase(dataDir: string, passphrase: string): Promise<Buffer> {
  const kf = await readKeyFile(dataDir);
  if (!kf?.passphrase) throw new KeyFileError('No passphrase is set for this data folder.');
  const w = kf.passphrase;
  const kek = await scrypt(passphrase, Buffer.from(w.salt, 'base64'), { N: w.N, r: w.r, p: w.p });
  try {
    return open(kek, Buffer.from(w.sealedKey, 'base64'));
  } catch {
    throw new WrongPassphraseError('That passphrase does not unlock this data folder.');
  }
}

/** Adds or replaces the passphrase wrap (the caller has already proven it holds the key). */
export async function setPassphrase(dataDir: string, key: Uint8Array, passphrase: string, scryptParams: ScryptParams = DEFAULT_SCRYPT): Promise<void> {
  const kf = await readKeyFile(dataDir);
  if (!kf) throw new KeyFileError('This data folder has no key yet.');
  if (keyCheck(key) !== kf.check) throw new KeyFileError('That is not this folder\'s data key.');
  await writeKeyFile(dataDir, { ...kf, passphrase: await passphraseWrap(key, passphrase, scryptParams) });
}

/** Adds a keyring wrap, e.g. once a folder made on the CLI is opened in the app. */
export async function addKeyringWrap(dataDir: string, key: Uint8Array, wrapper: KeyWrapper): Promise<void> {
  const kf = await readKeyFile(dataDir);
  if (!kf) throw new KeyFileError('This data folder has no key yet.');
  if (keyCheck(key) !== kf.check) throw new KeyFileError('That is not this folder\'s data key.');
  await writeKeyFile(dataDir, { ...kf, keyring: { backend: wrapper.name, wrappedKey: Buffer.from(wrapper.wrap(Buffer.from(key).toString('base64'))).toString('base64') } });
}
