/**
 * A stand-in for the OS keyring (Electron safeStorage) for tests and the browser harness:
 * wraps with AES-256-GCM under a key that lives only in this process's memory, so it behaves
 * like a real keyring (opaque bytes, wrong machine = cannot unwrap) without Electron.
 */
import { randomBytes } from 'node:crypto';
import type { KeyWrapper } from '../../main/crypto/key-file';
import { open, seal } from '../../main/crypto/envelope';
import type { ScryptParams } from '../../main/crypto/key-file';

export function createMemoryKeyring(name = 'test-memory-keyring'): KeyWrapper {
  const key = randomBytes(32);
  return {
    name,
    wrap: (secret) => seal(key, Buffer.from(secret, 'utf8')),
    unwrap: (wrapped) => open(key, wrapped).toString('utf8'),
  };
}

/** Cheap scrypt for tests: the cost parameters are stored with each wrap, so this only speeds tests up. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 12, r: 8, p: 1 };
