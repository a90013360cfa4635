/**
 * Keeps the renderer's view of the session: locks after the configured idle time without input,
 * and polls main so a lock from elsewhere (screen lock, suspend, another call refused as locked)
 * reaches the window within seconds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import type { SessionStatus } from '../../shared/api/session-api';

const POLL_MS = 10_000;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export interface SessionControl {
  status: SessionStatus | null;
  setStatus(s: SessionStatus): void;
  lockNow(): Promise<void>;
}

export function useIdleLock(): SessionControl {
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const lastInput = useRef(0);

  const refresh = useCallback(async () => {
    try {
      setStatus(await call('session.status', {}));
    } catch {
      // Main unreachable: keep what we had; the next poll tries again.
    }
  }, []);

  const lockNow = useCallback(async () => {
    setStatus(await call('session.lock', {}));
  }, []);

  useEffect(() => {
    lastInput.current = Date.now();
    void refresh();
    const poll = window.setInterval(() => void refresh(), POLL_MS);
    return () => window.clearInterval(poll);
  }, [refresh]);

  const unlocked = status?.state === 'unlocked';
  const idleMinutes = status?.idleLockMinutes ?? 0;
  useEffect(() => {
    if (!unlocked || idleMinutes <= 0) return;
    lastInput.current = Date.now();
    const touch = () => {
      lastInput.current = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true, capture: true });
    const check = window.setInterval(() => {
      if (Date.now() - lastInput.current >= idleMinutes * 60_000) void lockNow();
    }, 5_000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(check);
    };
  }, [unlocked, idleMinutes, lockNow]);

  return { status, setStatus, lockNow };
}
