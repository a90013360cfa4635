/**
 * Facts proposed from the record, for a director to accept or ignore: the months of conservative
 * care (or weeks of an antispasmodic trial) from dated treatment mentions, and the percent pain
 * relief of a trial from a stated percentage or from before/after pain scores. Each proposal
 * shows its arithmetic and the passages it rests on; it becomes the criterion's value only when the
 * director accepts it, and accepting creates the marks too (through the ordinary marks API).
 *
 * Durations: every affirmed, dated mention of one of the treatments becomes the days it certainly
 * covers (a span "03/18/2025 – 09/30/2025", an open span "since 11/2024" to the visit that wrote it,
 * "01/06/2026 - present", or the visit's own date for an undated mention in its note). Mentions
 * dated only by month or year count the conservative way (a start as late as the period allows).
 * Mentions closer than the lexicon's gap chain into consecutive runs; the longest run is proposed.
 */
import type { FactProposalSpec } from './lexicon-schema';
import { assessPassages, type PassageAssessment } from './assess-passages';
import type { CaseText, EvidenceLexicon } from './evidence-lexicon';
import { daysBetween, findDates, findSpans, usDate, type RecordDate } from './clinical-dates';
import type { Passage } from './record-structure';
import { rankAssessments } from './suggest-evidence';

export interface ProposalBasis {
  /** What this passage shows: where the run starts or ends, a stated figure, the scores before and after. */
  role: 'start' | 'end' | 'stated' | 'before' | 'after';
  passage: Passage;
  /** The date it gives, when it gives one (ISO). */
  date?: string;
}

export interface FactProposal {
  factName: string;
  value: number;
  unit: string;
  /** The arithmetic in words, e.g. "11/30/2024 → 10/21/2025: 325 days ÷ 30.44 = 10.7 months". */
  arithmetic: string;
  basis: ProposalBasis[];
  /** Caveats the director should weigh (a month-only date read conservatively, other readings). */
  notes: string[];
}

interface Interval {
  lo: string;
  hi: string;
  assessment: PassageAssessment;
  /** Where lo and hi come from: a date written in the passage, or the visit that wrote it. */
  loFrom: 'text' | 'visit';
  hiFrom: 'text' | 'visit';
  loText?: RecordDate;
  hiText?: RecordDate;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The days a dated mention certainly covers; undefined when its date is too vague to count. */
function intervalsOf(a: PassageAssessment, latestVisit: string | undefined): Interval[] {
  const p = a.passage;
  const visit = p.encounterDate;
  const dates = findDates(p.text, visit);
  const spans = findSpans(p.text, dates);
  const out: Interval[] = [];
  // The record documents care up to its newest visit: a date after it is a plan, or a misread (OCR turning
  // 2025 into 2026), never treatment received. Spans are cut there, later dates dropped.
  const afterRecord = (iso: string) => latestVisit !== undefined && iso > latestVisit;
  for (const s of spans) {
    const lo = s.from.last;
    const written = s.to ? s.to.first : visit;
    const cut = written !== undefined && afterRecord(written);
    const hi = cut ? latestVisit : written;
    if (!hi || hi < lo || afterRecord(lo)) continue;
    out.push({ lo, hi, assessment: a, loFrom: 'text', hiFrom: s.to && !cut ? 'text' : 'visit', loText: s.from, ...(s.to && !cut ? { hiText: s.to } : {}) });
  }
  const inSpans = new Set(spans.flatMap((s) => [s.from, ...(s.to ? [s.to] : [])]));
  for (const d of dates) {
    if (inSpans.has(d) || d.precision !== 'day' || afterRecord(d.first)) continue;
    out.push({ lo: d.first, hi: d.first, assessment: a, loFrom: 'text', hiFrom: 'text', loText: d, hiText: d });
  }
  // An undated mention is what that visit documents; a mention dated only vaguely ("PT 2022") counts for nothing.
  if (out.length === 0 && dates.length === 0 && visit) out.push({ lo: visit, hi: visit, assessment: a, loFrom: 'visit', hiFrom: 'visit' });
  return out;
}

function runsOf(intervals: Interval[], maxGap: number): Interval[][] {
  const sorted = [...intervals].sort((x, y) => (x.lo < y.lo ? -1 : x.lo > y.lo ? 1 : 0));
  const runs: Interval[][] = [];
  let hi = '';
  for (const iv of sorted) {
    const run = runs[runs.length - 1];
    if (run && daysBetween(hi, iv.lo) <= maxGap) {
      run.push(iv);
      if (iv.hi > hi) hi = iv.hi;
    } else {
      runs.push([iv]);
      hi = iv.hi;
    }
  }
  return runs;
}

const spanOf = (run: Interval[]) => ({ lo: run[0]!.lo, hi: run.reduce((m, iv) => (iv.hi > m ? iv.hi : m), run[0]!.hi) });

function describeDate(iso: string, d: RecordDate | undefined, bound: 'start' | 'end', visit: boolean): string {
  if (visit) return `${usDate(iso)} (the visit's date)`;
  if (!d || d.precision === 'day') return usDate(iso);
  return `${d.text} (read as ${usDate(iso)}, the ${bound === 'start' ? 'latest' : 'earliest'} date it can mean)`;
}

function proposeDuration(text: CaseText, lex: EvidenceLexicon, spec: Extract<FactProposalSpec, { kind: 'duration-of-treatment' }>, factName: string, unit: string): FactProposal | undefined {
  const entry = { criteria: [factName], concepts: spec.concepts.map((concept) => ({ concept, role: 'supports' as const, weight: 1 })), sections: [], recency: 'weak' as const, negationDocuments: false, absenceSupportsInEvaluation: [] };
  const assessed = assessPassages(text, lex, entry).filter((a) => a.polarity === 'supports' && !a.passage.furniture);
  const visits = text.record.passages.flatMap((p) => (p.encounterDate ? [p.encounterDate] : []));
  const latestVisit = visits.length ? visits.reduce((m, d) => (d > m ? d : m)) : undefined;
  const intervals = assessed.flatMap((a) => intervalsOf(a, latestVisit));
  if (intervals.length === 0) return undefined;
  const runs = runsOf(intervals, spec.maxGapDays);
  const best = runs.reduce((b, r) => {
    const x = spanOf(r);
    const y = spanOf(b);
    const dx = daysBetween(x.lo, x.hi);
    const dy = daysBetween(y.lo, y.hi);
    return dx > dy || (dx === dy && x.hi > y.hi) ? r : b;
  });
  const { lo, hi } = spanOf(best);
  const days = daysBetween(lo, hi);
  if (days <= 0) return undefined;
  // The passages that give the start and the end: a written date first, then the strongest passage.
  const rankOf = new Map(rankAssessments(text, entry, best.map((iv) => iv.assessment), undefined).map((r, i) => [r.a.passage.index, i]));
  const pick = (cands: Interval[], side: 'lo' | 'hi', not?: Passage) =>
    cands
      .filter((iv) => iv[side] === (side === 'lo' ? lo : hi) && iv.assessment.passage !== not)
      .sort((x, y) => (x[`${side}From`] === 'text' ? 0 : 1) - (y[`${side}From`] === 'text' ? 0 : 1) || rankOf.get(x.assessment.passage.index)! - rankOf.get(y.assessment.passage.index)!)[0];
  const start = pick(best, 'lo')!;
  let end = pick(best, 'hi', start.assessment.passage);
  let endPassage = end?.assessment.passage;
  if (!end) {
    // One passage gives both ("since 11/2024" in the latest note): the end is that visit's date line.
    end = pick(best, 'hi')!;
    const enc = text.record.encounters[end.assessment.passage.encounter];
    endPassage = enc?.dateLine !== undefined ? text.record.passages[enc.dateLine] : undefined;
  }
  const perUnit = unit === 'weeks' ? 7 : 30.4375;
  const value = round1(days / perUnit);
  const startWords = describeDate(lo, start.loText, 'start', start.loFrom === 'visit');
  const endWords = describeDate(hi, end.hiText, 'end', end.hiFrom === 'visit');
  const notes: string[] = [];
  const gaps = runs.length - 1;
  if (gaps > 0) notes.push(`${gaps} earlier or later dated mention${gaps === 1 ? ' stands' : 's stand'} apart (more than ${spec.maxGapDays} days from this run) and ${gaps === 1 ? 'is' : 'are'} not counted.`);
  return {
    factName,
    value,
    unit,
    arithmetic: `${startWords} → ${endWords}: ${days} days ÷ ${unit === 'weeks' ? '7' : '30.44'} = ${value} ${unit}`,
    basis: [
      { role: 'start', passage: start.assessment.passage, date: lo },
      ...(endPassage && endPassage !== start.assessment.passage ? [{ role: 'end' as const, passage: endPassage, date: hi }] : []),
    ],
    notes,
  };
}

const PERCENT = /(?<bound>>\s*|≥\s*|(?:at least|greater than|more than|over)\s+)?(?<n>\d{1,3}(?:\.\d+)?)\s*(?:%|percent|per cent)\s+(?:\w+\s+){0,2}?(?:relief|reduction|improvement|decrease|better)/i;
const SCORE = String.raw`(\d{1,2}(?:\.\d)?)(?:\s*-\s*(\d{1,2}(?:\.\d)?))?\s*\/\s*10`;
const FROM_TO = new RegExp(String.raw`from\s+${SCORE}.{0,60}?\bto\s+${SCORE}`, 'i');
const ARROW = new RegExp(String.raw`${SCORE}\s*(?:→|->|=>|to)\s*${SCORE}`, 'i');
const BEFORE_DURING = new RegExp(String.raw`${SCORE}\s*(?:before|at baseline|baseline|pre-?trial)\b.{0,40}?${SCORE}\s*(?:during|after|with)`, 'i');

const mid = (a: string | undefined, b: string | undefined) => (b ? (Number(a) + Number(b)) / 2 : Number(a));

/** Before and after scores in one passage: "from 8/10 … to 3/10", "8/10 → 3/10", "8/10 before, 2-3/10 during". */
function scoresIn(s: string): { before: number; after: number } | undefined {
  for (const re of [FROM_TO, ARROW, BEFORE_DURING]) {
    const m = re.exec(s);
    if (m) return { before: mid(m[1], m[2]), after: mid(m[3], m[4]) };
  }
  return undefined;
}

/** A pain-score table: a header naming the score column, a "Baseline" row, then timed rows. */
function tableScores(text: CaseText, lines: Passage[]): { before: number; after: number; baseline: Passage; lowest: Passage } | undefined {
  const header = lines.findIndex((p) => /\b(?:nrs|vas|nprs|pain)\b/i.test(p.text) && p.text.split(/\s+/).length <= 10 && !/\d/.test(p.text));
  if (header < 0) return undefined;
  const cols = lines[header]!.text.split(/\s+/);
  const col = cols.findIndex((c) => /^(?:nrs|vas|nprs|pain)$/i.test(c));
  if (col < 1) return undefined;
  let baseline: { v: number; p: Passage } | undefined;
  let lowest: { v: number; p: Passage } | undefined;
  for (const p of lines.slice(header + 1)) {
    const m = /^(baseline|pre|\d+\s*(?:h|hr|hrs|min|d|day)\b)\s+(.*)$/i.exec(p.text.trim());
    if (!m) continue;
    const nums = m[2]!.match(/\d+(?:\.\d+)?/g) ?? [];
    const v = Number(nums[col - 1]);
    if (!Number.isFinite(v) || v > 10) continue;
    if (/^(?:baseline|pre)$/i.test(m[1]!)) baseline = { v, p };
    else if (!lowest || v < lowest.v) lowest = { v, p };
  }
  if (!baseline || !lowest || baseline.v <= 0) return undefined;
  void text;
  return { before: baseline.v, after: lowest.v, baseline: baseline.p, lowest: lowest.p };
}

function proposePercent(text: CaseText, lex: EvidenceLexicon, spec: Extract<FactProposalSpec, { kind: 'percent-relief' }>, factName: string): FactProposal | undefined {
  const ctxEntry = { criteria: [factName], concepts: spec.contextConcepts.map((concept) => ({ concept, role: 'supports' as const, weight: 1 })), sections: ['assessment' as const, 'results' as const], recency: 'weak' as const, negationDocuments: false, absenceSupportsInEvaluation: [] };
  const inTrial = rankAssessments(text, ctxEntry, assessPassages(text, lex, ctxEntry).filter((a) => !a.passage.furniture), undefined);
  // The trial's encounters: where the trial is spoken of as done, not planned.
  const trialEncounters = new Set(inTrial.filter((r) => r.a.polarity === 'supports').map((r) => r.a.passage.encounter));
  const other = { criteria: [factName], concepts: [{ concept: 'injections', role: 'supports' as const, weight: 1 }], sections: [], recency: 'weak' as const, negationDocuments: false, absenceSupportsInEvaluation: [] };
  const aboutOther = new Set(lex.concepts.has('injections') ? assessPassages(text, lex, other).map((a) => a.passage.index) : []);
  const candidates = text.record.passages.filter((p) => !p.furniture && trialEncounters.has(p.encounter) && !aboutOther.has(p.index));
  const stated: { v: number; p: Passage; bound: boolean }[] = [];
  for (const p of candidates) {
    const m = PERCENT.exec(p.text);
    if (m && !/defined as|goal|if\b|would be|success(?:ful)? (?:trial )?is/i.test(p.text)) stated.push({ v: Number(m.groups!.n), p, bound: !!m.groups!.bound });
  }
  const exact = stated.filter((s) => !s.bound);
  const notes: string[] = [];
  const byDate = (x: { p: Passage }, y: { p: Passage }) => ((y.p.encounterDate ?? '') > (x.p.encounterDate ?? '') ? 1 : -1);
  if (exact.length) {
    const best = [...exact].sort(byDate)[0]!;
    const others = [...new Set(exact.map((s) => s.v))].filter((v) => v !== best.v);
    if (others.length) notes.push(`The record also states ${others.map((v) => `${v}%`).join(', ')}.`);
    const scored = candidates.map((p) => ({ p, s: scoresIn(p.text) })).find((x) => x.s);
    if (scored) notes.push(`Scores ${scored.s!.before}/10 → ${scored.s!.after}/10 would give ${round1((100 * (scored.s!.before - scored.s!.after)) / scored.s!.before)}%.`);
    return { factName, value: best.v, unit: 'percent', arithmetic: `stated: "${best.p.text.replace(/\s+/g, ' ').trim()}" = ${best.v}%`, basis: [{ role: 'stated', passage: best.p }], notes };
  }
  for (const p of candidates) {
    const s = scoresIn(p.text);
    if (s && s.before > 0 && s.after < s.before) {
      const v = round1((100 * (s.before - s.after)) / s.before);
      return { factName, value: v, unit: 'percent', arithmetic: `(${s.before}/10 before − ${s.after}/10 during) ÷ ${s.before}/10 = ${v}%`, basis: [{ role: 'stated', passage: p }], notes };
    }
  }
  for (const enc of trialEncounters) {
    const t = tableScores(text, text.record.passages.filter((p) => p.encounter === enc && !p.furniture));
    if (t && t.after < t.before) {
      const v = round1((100 * (t.before - t.after)) / t.before);
      return { factName, value: v, unit: 'percent', arithmetic: `(baseline ${t.before} − lowest ${t.after}) ÷ ${t.before} = ${v}%`, basis: [{ role: 'before', passage: t.baseline }, { role: 'after', passage: t.lowest }], notes };
    }
  }
  const bound = stated.find((s) => s.bound);
  if (bound) notes.push(`Only a bound is stated ("${bound.p.text.trim()}"); no figure to propose.`);
  return undefined;
}

/** The proposal for one fact of a criterion, when the lexicon knows how and the record allows it. */
export function proposeFact(text: CaseText, lex: EvidenceLexicon, fact: { name: string; unit: string }): FactProposal | undefined {
  const spec = lex.facts.get(fact.name);
  if (!spec) return undefined;
  if (spec.kind === 'duration-of-treatment') return fact.unit === 'months' || fact.unit === 'weeks' ? proposeDuration(text, lex, spec, fact.name, fact.unit) : undefined;
  return fact.unit === 'percent' ? proposePercent(text, lex, spec, fact.name) : undefined;
}
