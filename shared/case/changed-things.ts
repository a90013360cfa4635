/**
 * What a change touched, as names of the things a reviewer decides one by one: a criterion's
 * finding, a mark, a study, a code's determination, the indication, a check's answer, the request.
 * The team store keeps them with every version (case_changes.things), so who changed what, and
 * when, can be answered from the database without replaying the trail.
 */
import type { CaseFile } from './schema';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function byKey<T>(list: readonly T[] | undefined, key: (t: T) => string): Map<string, T> {
  return new Map((list ?? []).map((t) => [key(t), t]));
}

function diffMaps(prefix: string, a: Map<string, unknown>, b: Map<string, unknown>, out: string[]) {
  for (const k of new Set([...a.keys(), ...b.keys()])) if (!same(a.get(k), b.get(k))) out.push(`${prefix}:${k}`);
}

/** Sorted, each once. Fields no reviewer edits (updatedAt, version, position) are not things. */
export function changedThings(before: CaseFile, after: CaseFile): string[] {
  const out: string[] = [];
  if (!same(before.request, after.request)) out.push('request');
  if (before.status !== after.status) out.push('status');
  diffMaps('finding', new Map(Object.entries(before.findings)), new Map(Object.entries(after.findings)), out);
  diffMaps('mark', byKey(before.marks, (m) => m.id), byKey(after.marks, (m) => m.id), out);
  diffMaps('study', byKey(before.imaging, (s) => s.id), byKey(after.imaging, (s) => s.id), out);
  diffMaps('document', byKey(before.documents, (d) => d.sha256), byKey(after.documents, (d) => d.sha256), out);
  diffMaps('check', byKey(before.checks, (c) => `${c.kind}${c.code ? `/${c.code}` : ''}`), byKey(after.checks, (c) => `${c.kind}${c.code ? `/${c.code}` : ''}`), out);
  diffMaps('criterion', byKey(before.customCriteria, (c) => c.id), byKey(after.customCriteria, (c) => c.id), out);
  if (!same(before.indication, after.indication)) out.push('indication');
  const dets = (c: CaseFile) => byKey(c.determination?.determinations, (d) => d.code);
  diffMaps('determination', dets(before), dets(after), out);
  const { determinations: _a, ...draftA } = before.determination ?? { determinations: [] };
  const { determinations: _b, ...draftB } = after.determination ?? { determinations: [] };
  if (!same({ ...draftA, updatedAt: 0 }, { ...draftB, updatedAt: 0 })) out.push('draft');
  if (before.revisions.length !== after.revisions.length) out.push('signature');
  return [...new Set(out)].sort();
}

/** A thing as a sentence names it: "the finding for CMM-211.trial.psych-eval", "the determination for 63650". */
export function thingInWords(thing: string): string {
  const [kind, ...rest] = thing.split(':');
  const id = rest.join(':');
  switch (kind) {
    case 'finding':
      return `the finding for ${id}`;
    case 'determination':
      return `the determination for ${id}`;
    case 'mark':
      return 'an evidence mark';
    case 'study':
      return 'an imaging study';
    case 'document':
      return 'the records';
    case 'check':
      return `the answer to the check ${id}`;
    case 'criterion':
      return `the criterion ${id}`;
    case 'request':
      return 'the request';
    case 'indication':
      return 'the indication';
    case 'signature':
      return 'the signature';
    default:
      return thing;
  }
}
