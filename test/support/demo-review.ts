/**
 * The demo case reviewed the way most tests need it: every criterion still unreviewed met (a
 * threshold criterion with its value, at the threshold), CRPS not applicable, the mental health
 * evaluation not documented; and the demo reviewer's profile, complete enough to sign. Any way of
 * calling the API will do: the dispatcher, the renderer's window.workbench, a team reviewer.
 */
export const PROFILE = { name: 'Dana R. Whitfield', credentials: 'MD, FAAPMR', title: 'Medical Director', specialty: 'Physical Medicine and Rehabilitation', peerToPeerPhone: '1-800-555-0142 ext. 2210' };

/** A case-changing call made through it must carry an idempotency key (the caller adds one). */
export interface CallsTheApi {
  call(method: string, request: object): Promise<unknown>;
}

type Node = { id: string; kind: string; status: string; fact?: { name: string; threshold: number }; children?: Node[] };
const leaves = (n: Node): Node[] => (n.kind === 'leaf' ? [n] : (n.children ?? []).flatMap(leaves));

/** Reviews every criterion of the demo case: met, except `missing`, which is not documented. */
export async function reviewDemo(api: CallsTheApi, caseId: string, missing = 'CMM-211.trial.mental-health-evaluation'): Promise<void> {
  const { evaluation } = (await api.call('review.evaluate', { caseId })) as { evaluation: { rules: { tree: Node }[] } };
  for (const leaf of evaluation.rules.flatMap((r) => leaves(r.tree))) {
    if (leaf.status !== 'unreviewed') continue;
    const status = leaf.id === missing ? 'not-documented' : leaf.id.endsWith('.crps') ? 'not-applicable' : 'met';
    // A threshold criterion is met only with its value (here: at the threshold).
    const facts = status === 'met' && leaf.fact ? { facts: { [leaf.fact.name]: leaf.fact.threshold } } : {};
    await api.call('findings.set', { caseId, criterionId: leaf.id, status, ...facts });
  }
}
