/**
 * Whether the pinned Electron is the newest patch of its major. Electron ships security fixes as
 * patch releases of each supported major, so a pin that falls behind is a known, fixed hole.
 * Checked by test/unit/main-process/electron-pin.test.ts against the npm registry (skipped where
 * none answers).
 */

const STABLE = /^(\d+)\.(\d+)\.(\d+)$/;

function parts(v: string): [number, number, number] | null {
  const m = STABLE.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** The newest stable release with the same major as `pinned` (pre-releases ignored). */
export function latestPatchOf(versions: readonly string[], pinned: string): string {
  const pin = parts(pinned);
  if (!pin) throw new Error(`electron must be pinned to an exact release (x.y.z), not "${pinned}"`);
  let best = pin;
  for (const v of versions) {
    const p = parts(v);
    if (!p || p[0] !== pin[0]) continue;
    if (p[1] > best[1] || (p[1] === best[1] && p[2] > best[2])) best = p;
  }
  return best.join('.');
}

/** The newest stable major the registry has, for a note when a newer major is out. */
export function latestMajorOf(versions: readonly string[]): number {
  return Math.max(0, ...versions.map(parts).filter((p) => p !== null).map((p) => p[0]));
}
