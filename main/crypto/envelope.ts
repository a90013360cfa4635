/**
 * The on-disk envelope of every encrypted file: AES-256-GCM with a fresh random 12-byte IV.
 *
 *   bytes 0-4   "WBENC"  (magic: tells an encrypted file from plaintext JSON "{" or a PDF "%PDF")
 *   byte  5     format version (1)
 *   bytes 6-17  IV
 *   bytes 18..  ciphertext, then the 16-byte GCM tag
 *
 * The header (magic, version, IV) is authenticated as additional data, so a flipped byte anywhere,
 * a truncation or a wrong key all fail the same way: EnvelopeError, never wrong plaintext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_MAGIC = Buffer.from('WBENC', 'ascii');
export const ENVELOPE_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = ENVELOPE_MAGIC.length + 1 + IV_BYTES;
export const KEY_BYTES = 32;

export class EnvelopeError extends Error {
  override name = 'EnvelopeError';
}

export function isEnvelope(bytes: Uint8Array): boolean {
  return bytes.length >= ENVELOPE_MAGIC.length && Buffer.from(bytes.subarray(0, ENVELOPE_MAGIC.length)).equals(ENVELOPE_MAGIC);
}

export function seal(key: Uint8Array, plaintext: Uint8Array): Buffer {
  if (key.length !== KEY_BYTES) throw new EnvelopeError('The data key must be 256 bits.');
  const iv = randomBytes(IV_BYTES);
  const header = Buffer.concat([ENVELOPE_MAGIC, Buffer.from([ENVELOPE_VERSION]), iv]);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

export function open(key: Uint8Array, sealed: Uint8Array): Buffer {
  if (!isEnvelope(sealed)) throw new EnvelopeError('The file is not encrypted by the workbench.');
  const version = sealed[ENVELOPE_MAGIC.length];
  if (version !== ENVELOPE_VERSION) throw new EnvelopeError(`The file uses encryption format ${version}, which this version cannot read.`);
  if (sealed.length < HEADER_BYTES + TAG_BYTES) throw new EnvelopeError('The encrypted file is truncated.');
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const header = buf.subarray(0, HEADER_BYTES);
  const iv = buf.subarray(ENVELOPE_MAGIC.length + 1, HEADER_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(HEADER_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new EnvelopeError('The encrypted file fails its integrity check (truncated, altered, or sealed with another key).');
  }
}
