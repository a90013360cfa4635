/** The session lock: status, unlock, lock, and the reviewer's lock settings. */
import { z } from 'zod';

export const SessionState = z.enum([
  'unlocked',
  /** Idle or locked by hand: PHI is hidden until the passphrase or PIN is entered. */
  'locked',
  /** The data key is wrapped by a passphrase only (no OS keyring): enter it to start. */
  'needs-passphrase',
  /** A new or unencrypted folder on a machine without an OS keyring: choose a passphrase. */
  'needs-new-passphrase',
]);
export type SessionState = z.infer<typeof SessionState>;

export const SessionStatus = z.object({
  state: SessionState,
  /** Minutes without input before the window locks; 0 = never. */
  idleLockMinutes: z.number().int().min(0).max(480),
  hasPin: z.boolean(),
  hasPassphrase: z.boolean(),
  /** The OS keyring holding the data key, if one does. */
  keyring: z.string().nullable(),
  /** After repeated wrong attempts, how long until the next one is accepted. */
  retryAfterSeconds: z.number().int().min(0),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

const secret = z.string().max(1024);
export const MIN_PASSPHRASE_LENGTH = 8;
export const PIN_PATTERN = /^[0-9]{4,12}$/;

export const sessionApi = {
  'session.status': {
    request: z.strictObject({}),
    response: SessionStatus,
  },
  /** The passphrase (or, once unlocked before, the PIN); for a new folder, the passphrase to set. */
  'session.unlock': {
    request: z.strictObject({ secret }),
    response: SessionStatus,
  },
  'session.lock': {
    request: z.strictObject({}),
    response: SessionStatus,
  },
  'session.setPassphrase': {
    request: z.strictObject({ current: secret.optional(), passphrase: z.string().min(MIN_PASSPHRASE_LENGTH).max(1024) }),
    response: SessionStatus,
  },
  /** pin null removes it. `current` is the passphrase or PIN, needed when either is set. */
  'session.setPin': {
    request: z.strictObject({ current: secret.optional(), pin: z.string().regex(PIN_PATTERN, 'a PIN is 4 to 12 digits').nullable() }),
    response: SessionStatus,
  },
  'settings.setIdleLock': {
    request: z.strictObject({ minutes: z.number().int().min(0).max(480) }),
    response: SessionStatus,
  },
} as const;
