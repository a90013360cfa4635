/**
 * The reviewer's session: whether the data key is available, and whether the window is locked.
 * Every service reaches PHI through `session.store` or `session.cipher`; both refuse with a
 * 'locked' error unless the session is unlocked, so a locked (or not yet unlocked) window
 * cannot read a case, a record PDF or a cache, whatever the renderer asks.
 *
 * The data key comes from the OS keyring when there is a real one (no prompt at start), else
 * from the reviewer's passphrase (SECURITY.md, "Encryption at rest"). The lock screen accepts
 * the passphrase or the PIN set in settings; the PIN is kept as an scrypt hash inside the
 * encrypted session settings, so it can only be checked once the key is known.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/api/errors';
import { PIN_PATTERN, type SessionState, type SessionStatus } from '../../shared/api/session-api';
import {
  addKeyringWrap,
  createDataKey,
  DEFAULT_SCRYPT,
  keyProtection,
  KeyFileError,
  setPassphrase as writePassphraseWrap,
  unlockWithKeyring,
  unlockWithPassphrase,
  WrongPassphraseError,
  type KeyWrapper,
  type ScryptParams,
} from '../crypto/key-file';
import { createFileCipher, type FileCipher } from '../crypto/file-cipher';
import { openCaseStore, type CaseStore } from '../store/case-store';
import { silentLog, type Log } from '../log';

export const SESSION_SETTINGS_FILE = 'session.json';
const DEFAULT_IDLE_MINUTES = 15;

const PinHash = z.object({ salt: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int(), hash: z.string() });
const SessionSettings = z.object({
  idleLockMinutes: z.number().int().min(0).max(480).default(DEFAULT_IDLE_MINUTES),
  pin: PinHash.optional(),
});
type SessionSettings = z.infer<typeof SessionSettings>;

export interface SessionOptions {
  dataDir: string;
  /** The OS keyring (Electron safeStorage), when it is a real one. */
  keyWrapper?: KeyWrapper;
  /** Lower only in tests: the cost of deriving keys from passphrases and PINs. */
  scrypt?: ScryptParams;
  log?: Log;
  now?: () => number;
  /** Team mode (main/team/team-mode.ts): the cases are the team database's, opened once the local data key is known. */
  team?: (local: { dataDir: string; cipher: FileCipher; log: Log }) => Promise<CaseStore>;
}

export interface Session {
  /** The case store, usable only while unlocked. */
  readonly store: CaseStore;
  /** The data folder's FileCipher for other services (text caches, letters), usable only while unlocked. */
  readonly cipher: FileCipher;
  readonly dataDir: string;
  status(): SessionStatus;
  unlock(secret: string): Promise<SessionStatus>;
  lock(): SessionStatus;
  setPassphrase(current: string | undefined, passphrase: string): Promise<SessionStatus>;
  setPin(current: string | undefined, pin: string | null): Promise<SessionStatus>;
  setIdleLock(minutes: number): Promise<SessionStatus>;
}

const locked = () => new WorkbenchError('locked', 'The workbench is locked. Unlock it to continue.');
const SYNC_STORE_METHODS = new Set<string | symbol>(['caseDir', 'documentPath', 'watch']);
const SYNC_CIPHER_METHODS = new Set<string | symbol>(['sealLine', 'openLine', 'sealBytes', 'openBytes']);

/** Async methods refuse the way they fail, with a rejected promise; sync ones throw. */
function refusal(sync: boolean): Promise<never> {
  if (sync) throw locked();
  return Promise.reject(locked());
}

/**
 * `real()`'s methods, each refusing (see refusal) unless `isUnlocked()` when it is called; `fixed`
 * properties are answered as they are. Not thenable, so awaiting the proxy does not call a method.
 */
function unlockedOnly<T extends object>(name: string, real: () => T | null, isUnlocked: () => boolean, syncMethods: ReadonlySet<string | symbol>, fixed: Partial<T>): T {
  return new Proxy({} as T, {
    get(_t, prop) {
      if (Object.hasOwn(fixed, prop)) return (fixed as Record<string | symbol, unknown>)[prop];
      if (prop === 'then') return undefined;
      return (...args: unknown[]) => {
        if (!isUnlocked()) return refusal(syncMethods.has(prop));
        const target = real();
        const fn = (target as Record<string | symbol, unknown> | null)?.[prop];
        if (typeof fn !== 'function') throw new TypeError(`${name} has no method ${String(prop)}`);
        return (fn as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function derive(secret: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(secret.normalize('NFC'), salt, 32, { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 }, (e, k) => (e ? reject(e) : resolve(k))),
  );
}

export async function openSession(opts: SessionOptions): Promise<Session> {
  const { dataDir, keyWrapper } = opts;
  const kdf = opts.scrypt ?? DEFAULT_SCRYPT;
  const log = opts.log ?? silentLog;
  const now = opts.now ?? Date.now;
  const settingsPath = path.join(dataDir, SESSION_SETTINGS_FILE);

  let state: SessionState;
  let key: Buffer | null = null;
  let realStore: CaseStore | null = null;
  let realCipher: FileCipher | null = null;
  let settings: SessionSettings = SessionSettings.parse({});
  let hasPassphrase = false;
  let keyring: string | null = null;
  let failures = 0;
  let nextAttemptAt = 0;

  async function openWithKey(k: Buffer) {
    key = k;
    realCipher = createFileCipher(k);
    realStore = opts.team ? await opts.team({ dataDir, cipher: realCipher, log }) : await openCaseStore(dataDir, { cipher: realCipher, log });
    try {
      settings = SessionSettings.parse((await realCipher.readJson(settingsPath)) ?? {});
    } catch {
      // Damaged settings must not keep the reviewer out; the defaults lock sooner, not later.
      settings = SessionSettings.parse({});
      log.warn('session.settings-unreadable', {});
    }
    const protection = await keyProtection(dataDir);
    hasPassphrase = !!protection?.passphrase;
    state = 'unlocked';
  }

  const protection = await keyProtection(dataDir);
  if (!protection) {
    if (keyWrapper) {
      await openWithKey(await createDataKey(dataDir, { wrapper: keyWrapper }, kdf));
      keyring = keyWrapper.name;
      log.info('session.key-created', { keyring: true });
    } else {
      state = 'needs-new-passphrase';
    }
  } else {
    hasPassphrase = protection.passphrase;
    state = 'needs-passphrase';
    if (protection.keyring && keyWrapper) {
      try {
        await openWithKey(await unlockWithKeyring(dataDir, keyWrapper));
        keyring = keyWrapper.name;
      } catch (e) {
        if (!(e instanceof KeyFileError) || !protection.passphrase) throw e;
        log.warn('session.keyring-failed', {});
      }
    } else if (!protection.passphrase) {
      throw new KeyFileError('This data folder\'s key is held by an OS keyring that is not available here, and it has no passphrase.');
    }
  }

  function status(): SessionStatus {
    return {
      state,
      idleLockMinutes: settings.idleLockMinutes,
      hasPin: !!settings.pin,
      hasPassphrase,
      keyring,
      retryAfterSeconds: Math.max(0, Math.ceil((nextAttemptAt - now()) / 1000)),
    };
  }

  function requireUnlocked() {
    if (state !== 'unlocked' || !realStore || !realCipher) throw locked();
  }

  async function pinMatches(secret: string): Promise<boolean> {
    const pin = settings.pin;
    if (!pin || !PIN_PATTERN.test(secret)) return false;
    const got = await derive(secret, Buffer.from(pin.salt, 'base64'), pin);
    return timingSafeEqual(got, Buffer.from(pin.hash, 'base64'));
  }

  async function passphraseMatches(secret: string): Promise<boolean> {
    if (!hasPassphrase || !key) return false;
    try {
      return timingSafeEqual(await unlockWithPassphrase(dataDir, secret), key);
    } catch (e) {
      if (e instanceof WrongPassphraseError) return false;
      throw e;
    }
  }

  /** With neither a passphrase nor a PIN there is nothing to ask: the lock only hides the screen. */
  async function secretMatches(secret: string): Promise<boolean> {
    if (!hasPassphrase && !settings.pin) return true;
    return (await pinMatches(secret)) || (await passphraseMatches(secret));
  }

  function refuseWhileThrottled() {
    if (now() < nextAttemptAt) {
      throw new WorkbenchError('locked', `Too many wrong attempts. Try again in ${Math.ceil((nextAttemptAt - now()) / 1000)} seconds.`);
    }
  }

  function failed(): never {
    failures++;
    // Doubling waits after the third miss: slow enough against guessing a PIN at the window.
    if (failures >= 3) nextAttemptAt = now() + Math.min(300, 2 ** (failures - 3)) * 1000;
    log.info('session.unlock-refused', { count: failures });
    throw new WorkbenchError('locked', 'That passphrase or PIN is not right.');
  }

  async function saveSettings() {
    requireUnlocked();
    await realCipher!.writeJson(settingsPath, settings);
  }

  const unlocked = () => state === 'unlocked';
  const cipher = unlockedOnly<FileCipher>('FileCipher', () => realCipher, unlocked, SYNC_CIPHER_METHODS, { encrypted: true });
  const store = unlockedOnly<CaseStore>('CaseStore', () => realStore, unlocked, SYNC_STORE_METHODS, { dataDir, cipher });

  return {
    store,
    cipher,
    dataDir,
    status,

    async unlock(secret) {
      refuseWhileThrottled();
      if (state === 'unlocked') return status();
      if (state === 'needs-new-passphrase') {
        if (secret.length < 8) throw new WorkbenchError('invalid-request', 'Choose a passphrase of at least 8 characters.');
        await openWithKey(await createDataKey(dataDir, { passphrase: secret }, kdf));
        log.info('session.key-created', { keyring: false });
      } else if (state === 'needs-passphrase') {
        let k: Buffer;
        try {
          k = await unlockWithPassphrase(dataDir, secret);
        } catch (e) {
          if (e instanceof WrongPassphraseError) failed();
          throw e;
        }
        await openWithKey(k);
        if (keyWrapper) {
          // A folder made on the CLI or another machine starts without a prompt from now on.
          await addKeyringWrap(dataDir, k, keyWrapper);
          keyring = keyWrapper.name;
        }
      } else {
        if (!(await secretMatches(secret))) failed();
        state = 'unlocked';
      }
      failures = 0;
      nextAttemptAt = 0;
      log.info('session.unlocked', {});
      return status();
    },

    lock() {
      if (state === 'unlocked') {
        state = 'locked';
        log.info('session.locked', {});
      }
      return status();
    },

    async setPassphrase(current, passphrase) {
      requireUnlocked();
      if (hasPassphrase && !(current !== undefined && (await passphraseMatches(current)))) {
        throw new WorkbenchError('locked', 'Enter the current passphrase to change it.');
      }
      await writePassphraseWrap(dataDir, key!, passphrase, kdf);
      hasPassphrase = true;
      log.info('session.passphrase-set', {});
      return status();
    },

    async setPin(current, pin) {
      requireUnlocked();
      if ((hasPassphrase || settings.pin) && !(current !== undefined && (await secretMatches(current)))) {
        throw new WorkbenchError('locked', 'Enter your current passphrase or PIN to change the PIN.');
      }
      if (pin === null) {
        delete settings.pin;
      } else {
        const salt = randomBytes(16);
        settings.pin = { salt: salt.toString('base64'), ...kdf, hash: (await derive(pin, salt, kdf)).toString('base64') };
      }
      await saveSettings();
      log.info('session.pin-set', {});
      return status();
    },

    async setIdleLock(minutes) {
      requireUnlocked();
      settings.idleLockMinutes = minutes;
      await saveSettings();
      return status();
    },
  };
}
