/**
 * The version of each case this reviewer was last shown, per view: the case view (cases.open:
 * request, findings, marks, imaging …) and the Decision tab (decision.get: the determinations, the
 * draft, Sign). The team store refuses a change to a thing another login changed after the version
 * shown in the view that shows that thing, so the second reviewer sees the first one's change and
 * decides again instead of overwriting it unseen.
 */
export type ShownView = 'case' | 'decision';

/**
 * Never a conflict by themselves: what moves as a consequence of other changes (a first finding
 * puts the case in review) and who holds the case (taking one is refused while another holds it).
 */
const NEVER_CONFLICTING = new Set(['status', 'assignment']);

/** Where a thing (shared/case/changed-things.ts) is shown. */
function viewOf(thing: string): ShownView {
  return thing.startsWith('determination:') || thing === 'draft' || thing === 'signature' ? 'decision' : 'case';
}

export function createShownVersions() {
  const shown = new Map<string, Partial<Record<ShownView, number>>>();
  return {
    /** `view` of the case now shows `version`. */
    shownAt(caseId: string, view: ShownView, version: number) {
      shown.set(caseId, { ...shown.get(caseId), [view]: version });
    },
    /** This reviewer's own change moved the case from `from` to `to`: a view that was up to date stays so. */
    advanced(caseId: string, from: number, to: number) {
      const views = shown.get(caseId);
      if (!views) return;
      for (const v of Object.keys(views) as ShownView[]) if (views[v] === from) views[v] = to;
    },
    /** For each view shown, the things of this change it shows and the version it showed. */
    toCheck(caseId: string, things: readonly string[]): { since: number; things: string[] }[] {
      const views = shown.get(caseId);
      if (!views) return [];
      const out: { since: number; things: string[] }[] = [];
      for (const view of ['case', 'decision'] as const) {
        const since = views[view];
        const mine = things.filter((t) => !NEVER_CONFLICTING.has(t) && viewOf(t) === view);
        if (since !== undefined && mine.length) out.push({ since, things: mine });
      }
      return out;
    },
    /** Told of the other change to `things`: the views showing them count as showing `version`. */
    told(caseId: string, things: readonly string[], version: number) {
      const views = shown.get(caseId) ?? {};
      for (const t of things) views[viewOf(t)] = version;
      shown.set(caseId, views);
    },
  };
}
