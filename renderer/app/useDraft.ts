/**
 * What a field shows while the reviewer edits it: starts from the saved value and follows it
 * whenever the saved value changes (the store answered, another control changed it), so a
 * commit-on-blur field never shows a stale draft. Adjusted during render, not in an effect,
 * so the stale value is never painted.
 */
import { useState } from 'react';

export function useDraft<T>(saved: T): [T, (value: T) => void] {
  const [draft, setDraft] = useState(saved);
  const [from, setFrom] = useState(saved);
  if (!Object.is(from, saved)) {
    setFrom(saved);
    setDraft(saved);
  }
  return [draft, setDraft];
}
