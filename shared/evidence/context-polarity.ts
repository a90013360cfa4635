/**
 * Whether a mention is affirmed, negated or uncertain in its sentence, and the cue that decided it,
 * as NegEx and ConText do: a trigger ("denies", "no evidence of", "negative for") negates the
 * concepts in its scope, a few words after it (or before it, for "… is negative", "… [ ]"), up to a
 * terminating word ("but", "however") or a clause break; pseudo-triggers ("no increase", "not only")
 * negate nothing; uncertainty triggers ("referral to", "will", "pending", "rule out") make a mention
 * planned or possible, not a fact. A trigger inside a lexicon term is part of that term's wording
 * ("no operative target", "not a surgical candidate") and is not a trigger.
 */
import type { ContextCues } from './lexicon-schema';
import { anchorsOnPage, compileTermPattern, termAnchorWords } from './term-pattern';

export type MentionStatus = 'affirmed' | 'negated' | 'uncertain';

export interface Cue {
  kind: 'negation' | 'uncertainty';
  text: string;
  /** Normalized offsets of the trigger. */
  nStart: number;
  nEnd: number;
  /** How far its scope runs (normalized offsets), for the reviewer's tooltip. */
  scopeStart: number;
  scopeEnd: number;
}

interface CueMatcher {
  re: RegExp;
  /** A page needs one of these words for the cue to be on it (undefined: always look). */
  anchors?: string[];
}

export interface ContextMatchers {
  negation: (CueMatcher & { backward: boolean })[];
  uncertainty: (CueMatcher & { backward: boolean })[];
  pseudo: CueMatcher[];
  terminators: CueMatcher[];
  scopeWords: number;
}

function cue(pattern: string): CueMatcher {
  const anchors = termAnchorWords(pattern);
  return { re: compileTermPattern(pattern), ...(anchors ? { anchors } : {}) };
}

export function compileContextMatchers(cues: ContextCues): ContextMatchers {
  return {
    negation: cues.negation.map((c) => ({ ...cue(c.pattern), backward: c.direction === 'backward' })),
    uncertainty: cues.uncertainty.map((c) => ({ ...cue(c.pattern), backward: c.direction === 'backward' })),
    pseudo: cues.pseudoTriggers.map(cue),
    terminators: cues.terminators.map(cue),
    scopeWords: cues.scopeWords,
  };
}

/** The text a page's cues are found in: its lower-cased normalized text and its words. */
export interface CuePage {
  lower: string;
  words: Set<string>;
  prefixes: Set<string>;
}

interface PageCues {
  triggers: Trigger[];
  pseudo: Span[];
  terminators: number[];
}

const cached = new WeakMap<CuePage, PageCues>();

/** Every cue on a page, found once per page whichever criterion asks. */
function pageCues(page: CuePage, m: ContextMatchers): PageCues {
  let c = cached.get(page);
  if (c) return c;
  const on = (x: CueMatcher) => !x.anchors || anchorsOnPage(x.anchors, page.words, page.prefixes);
  const triggers: Trigger[] = [];
  for (const [kind, list] of [
    ['negation', m.negation],
    ['uncertainty', m.uncertainty],
  ] as const) {
    for (const x of list) if (on(x)) for (const t of all(x.re, page.lower, 0)) triggers.push({ ...t, kind, backward: x.backward });
  }
  triggers.sort((a, b) => a.s - b.s || b.e - a.e);
  c = {
    triggers,
    pseudo: m.pseudo.filter(on).flatMap((x) => all(x.re, page.lower, 0)),
    terminators: m.terminators.filter(on).flatMap((x) => all(x.re, page.lower, 0).map((t) => t.s)),
  };
  cached.set(page, c);
  return c;
}

interface Span {
  s: number;
  e: number;
}

function all(re: RegExp, text: string, offset: number): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    out.push({ s: offset + m.index, e: offset + m.index + m[0].length });
  }
  return out;
}

interface Trigger extends Span {
  kind: Cue['kind'];
  backward: boolean;
}

export interface PassageContext {
  triggers: Trigger[];
  /** Positions that end a scope: terminating words and clause punctuation. */
  stops: number[];
  lower: string;
  scopeWords: number;
}

/**
 * The triggers of one passage (normalized range [ns, ne) of the page's lower-cased text), minus
 * pseudo-triggers and those inside a concept's own wording (`ownWords`).
 */
export function passageContext(page: CuePage, ns: number, ne: number, ownWords: readonly Span[], m: ContextMatchers): PassageContext {
  const cues = pageCues(page, m);
  const inside = (t: Span, spans: readonly Span[]) => spans.some((x) => x.s <= t.s && t.e <= x.e);
  const pseudo = cues.pseudo.filter((x) => x.s < ne && x.e > ns);
  const triggers = cues.triggers.filter((t) => t.s >= ns && t.e <= ne && !inside(t, pseudo) && !inside(t, ownWords));
  // The longest trigger at a place wins ("no evidence of" over "no"), among triggers reading the same way.
  const kept = triggers.filter((t, i) => !triggers.some((o, j) => j !== i && o.kind === t.kind && o.backward === t.backward && o.s <= t.s && t.e <= o.e && o.e - o.s > t.e - t.s));
  const stops = cues.terminators.filter((p) => p >= ns && p < ne && !ownWords.some((w) => w.s <= p && p < w.e));
  const lower = page.lower;
  for (let i = ns; i < ne; i++) if (/[;:.?!]/.test(lower[i]!) && !/\d/.test(lower[i + 1] ?? '')) stops.push(i);
  return { triggers: kept, stops: stops.sort((a, b) => a - b), lower, scopeWords: m.scopeWords };
}

const wordsBetween = (text: string, a: number, b: number) => (b <= a ? 0 : text.slice(a, b).trim().split(/\s+/).filter(Boolean).length);

/** How a mention at normalized [s, e) stands, and the trigger that decided it. */
export function mentionStatus(ctx: PassageContext, s: number, e: number): { status: MentionStatus; cue?: Cue } {
  let best: { status: MentionStatus; cue: Cue; distance: number } | undefined;
  for (const t of ctx.triggers) {
    let distance: number;
    let scopeStart: number;
    let scopeEnd: number;
    // A trigger that runs into the mention ("no history of" before "history of lumbar surgery") precedes it.
    if (!t.backward && t.s < s && t.e <= e) {
      if (ctx.stops.some((p) => p >= t.e && p < s)) continue;
      distance = wordsBetween(ctx.lower, t.e, s);
      scopeStart = t.e;
      scopeEnd = e;
    } else if (t.backward && t.e > e && t.s >= s) {
      if (ctx.stops.some((p) => p >= e && p < t.s)) continue;
      distance = wordsBetween(ctx.lower, e, t.s);
      scopeStart = s;
      scopeEnd = t.s;
    } else continue;
    if (distance > ctx.scopeWords) continue;
    const status: MentionStatus = t.kind === 'negation' ? 'negated' : 'uncertain';
    // Negation outranks uncertainty ("no plan to"); nearer outranks farther.
    const better = !best || (status === 'negated' && best.status !== 'negated') || (status === best.status && distance < best.distance);
    if (better) best = { status, distance, cue: { kind: t.kind, text: ctx.lower.slice(t.s, t.e), nStart: t.s, nEnd: t.e, scopeStart, scopeEnd } };
  }
  return best ? { status: best.status, cue: best.cue } : { status: 'affirmed' };
}
