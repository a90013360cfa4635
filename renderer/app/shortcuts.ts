/**
 * One rule for the one-letter shortcuts (m, a, n, p, g, 1–4, ], [ …): they are suspended while the
 * reviewer types in a field, while the mark picker or any dialog has focus, and while a modal
 * dialog is open, so a filter typed into the picker never toggles area mode or jumps a page.
 */
const SUSPENDING = '[data-suspend-shortcuts], [role="dialog"], [role="listbox"], [role="menu"]';

export function isTypingTarget(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
}

/** True when a plain key press must not act as a shortcut. */
export function shortcutsSuspended(e: KeyboardEvent): boolean {
  if (isTypingTarget(e.target)) return true;
  const active = document.activeElement;
  if (isTypingTarget(active)) return true;
  if (e.target instanceof Element && e.target.closest(SUSPENDING)) return true;
  if (active instanceof Element && active.closest(SUSPENDING)) return true;
  // A modal dialog (MUI marks its container aria-modal) owns the keyboard until it closes.
  return document.querySelector('[aria-modal="true"]') !== null;
}

/** A plain key: no Ctrl, Meta or Alt (Shift is part of keys like "]" on some layouts). */
export function plainKey(e: KeyboardEvent): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey;
}
