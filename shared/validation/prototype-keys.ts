/**
 * Keys that name an object's prototype machinery. A payload key or id that becomes a property name
 * (a finding's criterion id, a fact name, a page number in a mark's rects) must not be one of
 * these: `findings["__proto__"] = …` changes the object's prototype instead of storing a finding.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}
