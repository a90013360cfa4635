/**
 * Renders its children only while the session is unlocked. Locking unmounts them, which drops
 * every decrypted thing they held in React state (the case, its text, the PDF viewer's document).
 */
import type { ReactNode } from 'react';
import { useIdleLock } from './useIdleLock';
import { LockScreen } from './LockScreen';
import { LockControls } from './LockSettings';

export function SessionGate(props: { children: ReactNode }) {
  const { status, setStatus, lockNow } = useIdleLock();
  if (!status) return null;
  if (status.state !== 'unlocked') return <LockScreen status={status} onStatus={setStatus} />;
  return (
    <>
      {props.children}
      <LockControls status={status} onStatus={setStatus} onLock={() => void lockNow()} />
    </>
  );
}
