/** The session part of the API table (shared/api/session-api.ts), over a Session. */
import type { HandlersFor } from '../api/dispatch';
import type { sessionApi } from '../../shared/api/session-api';
import type { Session } from './session';

export function createSessionHandlers(session: Session): HandlersFor<typeof sessionApi> {
  return {
    'session.status': async () => session.status(),
    'session.unlock': async ({ secret }) => session.unlock(secret),
    'session.lock': async () => session.lock(),
    'session.setPassphrase': async ({ current, passphrase }) => session.setPassphrase(current, passphrase),
    'session.setPin': async ({ current, pin }) => session.setPin(current, pin),
    'settings.setIdleLock': async ({ minutes }) => session.setIdleLock(minutes),
  };
}
