/**
 * Reads a case's record the way a director's eye does before reading a word: which lines are page
 * furniture (the letterhead and footer on every page, the fax machine's header, a fax cover sheet,
 * its enclosure list), which are headings, which lines belong to one paragraph or table row (from
 * the text layer's layout: line gaps, indentation, short lines, columns of a row), where sentences
 * end (not at "Dr." or "Ms." or "1."), and which encounter, on which date, each passage is from.
 *
 * Passages are spans of a page's raw text, so a suggestion's quote is exactly what a mark anchors.
 */
import { compileTermPattern } from './term-pattern';
import type { ContextCues, SectionKind } from './lexicon-schema';
import { findDates, type RecordDate } from './clinical-dates';

export interface RecordItem {
  x: number;
  y: number;
  w: number;
  h: number;
  start: number;
  str?: string;
}

export interface RecordPage {
  page: number;
  text: string;
  items?: readonly RecordItem[];
  width?: number;
  height?: number;
}

export interface RecordDocument {
  sha256: string;
  pages: readonly RecordPage[];
}

export type FurnitureKind = 'repeated-line' | 'page-marker' | 'fax-cover' | 'enclosure-list';

export interface Passage {
  /** Index in CaseRecord.passages (record order). */
  index: number;
  docSha256: string;
  page: number;
  /** Raw page-text offsets. */
  start: number;
  end: number;
  text: string;
  /** The heading it sits under, when there is one. */
  section?: { kind?: SectionKind; heading: string };
  furniture?: FurnitureKind;
  /** The encounter's date (ISO), from its "Date of service" line, letter date or signature. */
  encounterDate?: string;
  /** Encounter within the case: a title heading or a new document starts one. */
  encounter: number;
  /** A line or paragraph drawn as a title (an encounter or document title). */
  isTitle?: boolean;
  /** This passage states the encounter's date (its "Date of service" line). */
  datesEncounter?: boolean;
}

export interface Encounter {
  index: number;
  docSha256: string;
  date?: string;
  /** The titles and first lines, for telling a psychological evaluation from an office visit. */
  heading: string;
  /** Passage index of the line that dates it. */
  dateLine?: number;
  /** It has had its "Date of service" line (while reading). */
  hasDateLine?: boolean;
}

export interface CaseRecord {
  passages: Passage[];
  encounters: Encounter[];
  /** The latest encounter date in the record. */
  latestDate?: string;
}

interface Line {
  page: RecordPage;
  doc: string;
  start: number;
  end: number;
  text: string;
  /**
   * Layout in PDF units: `y` is the top of the line's tallest letters (stable from line to line for
   * the text layer and for OCR word boxes alike) and `h` its full height, about the font size.
   */
  geo?: { x0: number; x1: number; y: number; h: number };
  furniture?: FurnitureKind;
  heading?: { kind?: SectionKind; title: boolean; inlineEnd?: number };
  /** The line before this one ends a paragraph. */
  breakBefore?: boolean;
}

/**
 * Whole-text matching of short labels (headings, enclosure-list headings) against many patterns:
 * plain wordings by a map lookup, the rest (alternatives, numbers) by their expressions. Headings
 * are looked up for every short line of a record, so this must not cost one expression per pattern.
 */
export interface LabelMatcher<V> {
  match(text: string): V | undefined;
}

const labelKey = (s: string) => s.toLowerCase().replace(/[\s-]+/g, ' ').trim();

function labelMatcher<V>(entries: { pattern: string; value: V }[]): LabelMatcher<V> {
  const exact = new Map<string, V>();
  const prefixes: { stem: string; value: V }[] = [];
  const rest: { re: RegExp; value: V }[] = [];
  for (const { pattern, value } of entries) {
    if (/^[a-z0-9 &/'.-]+$/i.test(pattern)) {
      if (!exact.has(labelKey(pattern))) exact.set(labelKey(pattern), value);
    } else if (/^[a-z0-9 &/'.-]+\*$/i.test(pattern)) prefixes.push({ stem: labelKey(pattern.slice(0, -1)), value });
    else rest.push({ re: compileTermPattern(pattern), value });
  }
  return {
    match(text) {
      const key = labelKey(text);
      const hit = exact.get(key);
      if (hit !== undefined) return hit;
      const pre = prefixes.find((p) => key.startsWith(p.stem) && !/ /.test(key.slice(p.stem.length)));
      if (pre) return pre.value;
      return rest.find((r) => whole(r.re, key))?.value;
    },
  };
}

export interface StructureMatchers {
  sections: LabelMatcher<SectionKind>;
  encounterLabels: RegExp[];
  furnitureLines: RegExp[];
  faxCover: RegExp[];
  faxCoverMin: number;
  enclosureHeadings: LabelMatcher<true>;
  abbreviations: Set<string>;
}

const whole = (re: RegExp, s: string) => {
  re.lastIndex = 0;
  const m = re.exec(s);
  return m !== null && m.index === 0 && m[0].length === s.length;
};
const any = (re: RegExp, s: string) => {
  re.lastIndex = 0;
  return re.test(s);
};

export function compileStructureMatchers(cues: ContextCues): StructureMatchers {
  return {
    sections: labelMatcher(cues.sections.flatMap((s) => s.headings.map((h) => ({ pattern: h, value: s.kind })))),
    encounterLabels: cues.encounterDateLabels.map((p) => compileTermPattern(p)),
    furnitureLines: cues.furniture.lines.map((p) => compileTermPattern(p)),
    faxCover: cues.furniture.faxCover.map((p) => compileTermPattern(p)),
    faxCoverMin: cues.furniture.faxCoverMinCues,
    enclosureHeadings: labelMatcher(cues.furniture.enclosureHeadings.map((p) => ({ pattern: p, value: true as const }))),
    abbreviations: new Set(cues.abbreviations.map((a) => a.toLowerCase())),
  };
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const norm = (s: string) => squash(s).toLowerCase();

function splitLines(doc: string, page: RecordPage): Line[] {
  const lines: Line[] = [];
  const items = page.items ?? [];
  let k = 0;
  let at = 0;
  for (const raw of page.text.split('\n')) {
    const start = at;
    const end = at + raw.length;
    at = end + 1;
    if (raw.trim() === '') continue;
    while (k < items.length && items[k]!.start < start) k++;
    let x0 = Infinity;
    let x1 = -Infinity;
    let top = -Infinity;
    let bottom = Infinity;
    for (let j = k; j < items.length && items[j]!.start < end; j++) {
      const it = items[j]!;
      if (it.str !== undefined && it.str.trim() === '') continue;
      x0 = Math.min(x0, it.x);
      x1 = Math.max(x1, it.x + it.w);
      top = Math.max(top, it.y + it.h);
      bottom = Math.min(bottom, it.y);
    }
    const lead = raw.length - raw.trimStart().length;
    const trail = raw.length - raw.trimEnd().length;
    lines.push({
      page,
      doc,
      start: start + lead,
      end: end - trail,
      text: raw.trim(),
      ...(top > bottom ? { geo: { x0, x1, y: top, h: top - bottom } } : {}),
    });
  }
  return lines;
}

/** Which lines sit in the top or bottom band of their page, where letterheads and footers go. */
function inMargin(line: Line, index: number, count: number, band: number): boolean {
  const h = line.page.height;
  if (line.geo && h) return line.geo.y > h * (1 - band) || line.geo.y < h * band;
  return index < 2 || index >= count - 2;
}

/** An encounter's "Date of service"-like line: a label and a full date. */
function isDateLine(l: Line, m: StructureMatchers): boolean {
  return /\d{1,2}\/\d{1,2}\/\d{2,4}/.test(l.text) && m.encounterLabels.some((re) => {
    re.lastIndex = 0;
    const hit = re.exec(norm(l.text));
    return hit !== null && /^[\s:#.,'’"|~-]{0,6}\d/.test(norm(l.text).slice(hit.index + hit[0].length));
  });
}

function markFurniture(pages: Line[][], m: StructureMatchers): void {
  // A line repeated on several pages in the same band is letterhead, footer or fax header;
  // digits are masked so page counters and fax page numbers repeat too. Text-layer lines are also
  // compared by their long pieces: a letterhead's name repeats while the department beside it changes.
  const key = (s: string) => norm(s).replace(/\d+/g, '#');
  const pieces = (l: Line) => (l.page.items ?? []).filter((it) => it.start >= l.start && it.start < l.end && (it.str ?? '').trim().length >= 12).map((it) => key(it.str!));
  const seen = new Map<string, Set<RecordPage>>();
  const count = (k: string, page: RecordPage) => {
    const set = seen.get(k) ?? new Set();
    set.add(page);
    seen.set(k, set);
  };
  pages.forEach((lines) => lines.forEach((l, i) => {
    // An encounter's own date line repeats its wording on every visit page; it is never furniture.
    if (!inMargin(l, i, lines.length, 0.1) || isDateLine(l, m)) return;
    count(key(l.text), l.page);
    for (const k of new Set(pieces(l))) count(`piece:${k}`, l.page);
  }));
  const repeated = (k: string) => (seen.get(k)?.size ?? 0) >= 2;
  for (const lines of pages) {
    lines.forEach((l, i) => {
      const lower = norm(l.text);
      if (!inMargin(l, i, lines.length, 0.1) || isDateLine(l, m)) {
        // not in the band where furniture sits
      } else if (repeated(key(l.text))) l.furniture = 'repeated-line';
      else {
        const ps = pieces(l);
        const covered = ps.filter((k) => repeated(`piece:${k}`)).reduce((n, k) => n + k.length, 0);
        if (ps.length && covered >= 0.4 * lower.length) l.furniture = 'repeated-line';
      }
      if (!l.furniture && inMargin(l, i, lines.length, 0.12) && m.furnitureLines.some((re) => any(re, lower))) l.furniture = 'page-marker';
    });
    // A fax cover sheet: enough cover words, one of them the fax itself.
    const body = lines.filter((l) => !l.furniture).map((l) => norm(l.text)).join('\n');
    const cues = m.faxCover.filter((re) => any(re, body)).length;
    if (cues >= m.faxCoverMin && /\b(fax|facsimile|transmittal|cover sheet)\b/.test(body) && body.length < 4000) {
      for (const l of lines) l.furniture ??= 'fax-cover';
    }
    // An enclosure list: its heading and the short lines under it.
    for (let i = 0; i < lines.length; i++) {
      const head = norm(lines[i]!.text).replace(/:$/, '');
      if (!m.enclosureHeadings.match(head)) continue;
      lines[i]!.furniture ??= 'enclosure-list';
      for (let j = i + 1; j < lines.length && lines[j]!.text.length < 110 && !/[.!?]$/.test(lines[j]!.text); j++) lines[j]!.furniture ??= 'enclosure-list';
    }
  }
}

function sectionOf(text: string, m: StructureMatchers): SectionKind | undefined {
  const h = norm(text).replace(/[:\s]+$/, '').replace(/^\d+[.)]\s*/, '');
  return h.length > 60 ? undefined : m.sections.match(h);
}

const INLINE_LABEL = /^([A-Za-z][A-Za-z/&\- ]{0,38}?)\s*:\s+(?=\S)/;

function markHeadings(lines: Line[], m: StructureMatchers, bodyHeight: number): void {
  for (const l of lines) {
    if (l.furniture) continue;
    const t = l.text;
    const words = t.split(/\s+/).length;
    const letters = t.replace(/[^A-Za-z]/g, '');
    const kind = sectionOf(t, m);
    const big = l.geo !== undefined && bodyHeight > 0 && l.geo.h >= bodyHeight * 1.08;
    const allCaps = letters.length >= 3 && letters === letters.toUpperCase() && !/\d/.test(t);
    const short = t.length <= 64 && words <= 9 && !/[.;,]$/.test(t);
    if (short && (kind || (allCaps && words <= 8) || (/:$/.test(t) && words <= 6) || big)) {
      // A title (of a note, a letter, a report) is drawn larger; an unknown capitalized heading in body
      // size is a section. A row of fields ("PATIENT: … DOS: 07/22/2025") is neither, however tall OCR reads it.
      const fieldRow = /\S:\s+\S/.test(t) || /\d{1,2}\/\d{1,2}\/\d{2,4}/.test(t);
      if (fieldRow && !kind) continue;
      l.heading = { ...(kind ? { kind } : {}), title: !kind && big };
      continue;
    }
    const label = INLINE_LABEL.exec(t);
    if (label) {
      const lk = sectionOf(label[1]!, m);
      const capsLabel = label[1]!.length >= 2 && label[1] === label[1]!.toUpperCase() && /[A-Z]/.test(label[1]!);
      if (lk || (capsLabel && label[1]!.split(' ').length <= 3)) l.heading = { ...(lk ? { kind: lk } : {}), title: false, inlineEnd: l.start + label[0].length };
    }
  }
}

/** The usual distance between the baselines of wrapped lines on a page, and the body text height. */
function pageRhythm(lines: Line[]): { pitch: number; height: number; right: number } {
  const gaps: number[] = [];
  const heights: number[] = [];
  const rights: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!.geo;
    const b = lines[i]!.geo;
    if (!a || !b) continue;
    const dy = a.y - b.y;
    if (dy > 0 && Math.abs(a.x0 - b.x0) < 4 && Math.abs(a.h - b.h) < 0.15 * a.h) gaps.push(dy);
  }
  for (const l of lines) {
    if (!l.geo) continue;
    heights.push(l.geo.h);
    rights.push(l.geo.x1);
  }
  const at = (xs: number[], q: number) => (xs.length ? [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) * q)]! : 0);
  // Terse notes have as many paragraph gaps as wrapped lines: the lower quartile is the wrap; a
  // page of one-line paragraphs has no wrap at all, so it is never taken above a font's line height.
  const height = at(heights, 0.5);
  const pitch = gaps.length ? Math.min(at(gaps, 0.25), height * 1.25) : height * 1.2;
  return { pitch, height, right: at(rights, 0.9) };
}

const BULLET = /^(?:[-•*▪●◦]\s|\d{1,2}[.)]\s|\[[ xX]?\]\s|\(?[a-z]\)\s)/;

/** Does a paragraph end between line a and the next line b? */
function breaksBetween(a: Line, b: Line, rhythm: { pitch: number; right: number }): boolean {
  if (a.heading && !a.heading.inlineEnd) return true;
  if (b.heading) return true;
  if (BULLET.test(b.text)) return true;
  if (!a.geo || !b.geo) {
    // No layout: a line break continues a sentence only when the next line plainly goes on.
    return !(/^[a-z(]/.test(b.text) || /[,;-]$/.test(a.text));
  }
  const lh = Math.max(a.geo.h, b.geo.h);
  const dy = a.geo.y - b.geo.y;
  // The next cell of a table row: up and to the right.
  if (dy < -0.5 * lh) return !(b.geo.x0 > a.geo.x0 + 4);
  if (Math.abs(dy) < 0.5 * lh) return false;
  const pitch = rhythm.pitch || lh * 1.2;
  if (dy > pitch * 1.22) return true;
  // A short line that ends a sentence ends its paragraph.
  if (rhythm.right > 0 && a.geo.x1 < rhythm.right - 0.15 * (rhythm.right - a.geo.x0) && /[.!?:]["')]?$/.test(a.text)) return true;
  return false;
}

interface Block {
  lines: Line[];
}

/** Sentence ends in a block's raw text, skipping titles, initials, abbreviations, list numbers. */
function sentenceEnds(raw: string, abbreviations: Set<string>): number[] {
  const ends: number[] = [];
  const re = /[.!?]["')\]]*(?=\s+["'([]?[A-Z0-9])/g;
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const dot = m.index;
    const word = /([A-Za-z.]+)$/.exec(raw.slice(Math.max(0, dot - 12), dot))?.[1] ?? '';
    const bare = word.replace(/^\.+/, '');
    if (raw[dot] === '.' && (abbreviations.has(bare.toLowerCase()) || /^[A-Z]$/.test(bare) || /^(?:[a-z]\.)+[a-z]$/i.test(bare))) continue;
    const sofar = raw.slice(last, dot).trim();
    if (/^\(?\d{1,2}$/.test(sofar) || sofar.length < 2) continue;
    // "… M96.1 2. Lumbar radiculopathy …": the "2." opens the next item of a numbered list.
    const item = /(?:^|\s)(\d{1,2})$/.exec(raw.slice(last, dot));
    if (raw[dot] === '.' && item && Number(item[1]) > 1 && raw.slice(last, dot).includes(`${Number(item[1]) - 1}. `)) {
      const cut = dot - item[1]!.length;
      ends.push(cut);
      last = cut;
      continue;
    }
    ends.push(m.index + m[0].length);
    last = m.index + m[0].length;
  }
  return ends;
}

const SHORT_SENTENCE = 32;
const NEGATION_START = /^(?:no|not|denies|denied|negative|neg|never|without|none)\b/i;
const LONG_MERGE = 220;

/**
 * Splits every document into passages (sentences, table rows, title lines) with their section,
 * furniture and encounter. Pages are read in order; `docs` in the order the case lists them.
 */
export function buildCaseRecord(docs: readonly RecordDocument[], m: StructureMatchers): CaseRecord {
  const perPage: Line[][] = [];
  for (const d of docs) for (const p of d.pages) perPage.push(splitLines(d.sha256, p));
  markFurniture(perPage, m);
  const passages: Passage[] = [];
  const encounters: Encounter[] = [];
  let currentDoc = '';
  let encounter: Encounter | undefined;
  let section: Passage['section'];
  /** Passage index of the last "Date of service" line, or -1. */
  let dateLineAt = -1;

  const newEncounter = (doc: string) => {
    encounter = { index: encounters.length, docSha256: doc, heading: '' };
    encounters.push(encounter);
    section = undefined;
  };

  const push = (l: Line, start: number, end: number, extra: Partial<Passage> = {}) => {
    const raw = l.page.text;
    while (start < end && /\s/.test(raw[start]!)) start++;
    while (end > start && /\s/.test(raw[end - 1]!)) end--;
    if (end <= start) return;
    const p: Passage = {
      index: passages.length,
      docSha256: l.doc,
      page: l.page.page,
      start,
      end,
      text: raw.slice(start, end),
      encounter: encounter!.index,
      ...(section ? { section } : {}),
      ...(l.furniture ? { furniture: l.furniture } : {}),
      ...extra,
    };
    passages.push(p);
    // What the encounter is (an office visit, a psychological evaluation) is in its title, or, untitled, its first line.
    if (!l.furniture && (extra.isTitle || encounter!.heading === '')) encounter!.heading += ` ${p.text}`;
  };

  for (const lines of perPage) {
    const rhythm = pageRhythm(lines.filter((l) => !l.furniture));
    markHeadings(lines, m, rhythm.height);
    const doc = lines[0]?.doc;
    if (doc !== undefined && doc !== currentDoc) {
      currentDoc = doc;
      newEncounter(doc);
    }
    // Furniture lines are passages of their own, kept (pushed down, not hidden); the rest form blocks.
    const blocks: Block[] = [];
    let prev: Line | undefined;
    for (const l of lines) {
      if (l.furniture) {
        blocks.push({ lines: [l] });
        prev = undefined;
        continue;
      }
      const cur = blocks[blocks.length - 1];
      if (!prev || !cur || cur.lines[0]!.furniture || breaksBetween(prev, l, rhythm)) blocks.push({ lines: [l] });
      else cur.lines.push(l);
      prev = l;
    }
    for (const b of blocks) {
      const first = b.lines[0]!;
      if (first.furniture) {
        push(first, first.start, first.end);
        continue;
      }
      if (first.heading && !first.heading.inlineEnd) {
        // A heading is not a passage to mark: it names the section of the passages under it.
        // A title starts the next encounter, unless it sits in the header of the one just dated
        // (OCR reads a note's title after its date line as often as before it).
        const justDated = dateLineAt >= 0 && passages.length - dateLineAt <= 3;
        if (first.heading.title && encounter && encounter.heading.trim() !== '' && !justDated && !(passages.length && passages[passages.length - 1]!.isTitle)) newEncounter(first.doc);
        section = first.heading.kind || !first.heading.title ? { ...(first.heading.kind ? { kind: first.heading.kind } : {}), heading: squash(first.text).replace(/:$/, '') } : undefined;
        if (first.heading.title) push(first, first.start, first.end, { isTitle: true });
        continue;
      }
      let from = first.start;
      if (first.heading?.inlineEnd) {
        section = { ...(first.heading.kind ? { kind: first.heading.kind } : {}), heading: squash(first.text.slice(0, first.heading.inlineEnd - first.start)).replace(/\s*:$/, '') };
        from = first.heading.inlineEnd;
      }
      // A second "Date of service" line in one encounter is the next encounter, titled or not.
      if (b.lines.slice(0, 3).some((l) => isDateLine(l, m))) {
        if (encounter!.hasDateLine && !(passages.length && passages[passages.length - 1]!.isTitle)) newEncounter(first.doc);
        encounter!.hasDateLine = true;
        dateLineAt = passages.length;
      }
      const last = b.lines[b.lines.length - 1]!;
      const raw = first.page.text;
      const text = raw.slice(from, last.end);
      const cuts = [0, ...sentenceEnds(text, m.abbreviations), text.length];
      // Very short sentences ride with the next one ("Sens dec R L5. No clonus.").
      let s = cuts[0]!;
      for (let i = 1; i < cuts.length; i++) {
        const e = cuts[i]!;
        const piece = text.slice(s, e).trim();
        // …but not into a negation: "Currently ibuprofen OTC." stays apart from "No prior injections since fusion."
        const next = text.slice(e, cuts[i + 1]).trim();
        if (i < cuts.length - 1 && piece.length < SHORT_SENTENCE && cuts[i + 1]! - s < LONG_MERGE && !NEGATION_START.test(next)) continue;
        push(first, from + s, from + e);
        s = e;
      }
    }
  }
  datePassages(passages, encounters, m);
  const dates = encounters.map((e) => e.date).filter((d): d is string => !!d).sort();
  return { passages, encounters, ...(dates.length ? { latestDate: dates[dates.length - 1]! } : {}) };
}

const DATE_ONLY = /^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}\/\d{1,2}\/\d{2,4})$/;

/**
 * The date of each encounter: a "Date of service"-like label followed by a date, a letter's date
 * line, or failing both the signature's date at the end; encounters without one inherit the
 * previous encounter's date in the same document.
 */
function datePassages(passages: Passage[], encounters: Encounter[], m: StructureMatchers): void {
  const firstDate = (s: string): RecordDate | undefined => findDates(s).find((d) => d.precision === 'day');
  for (const p of passages) {
    if (p.furniture) continue;
    const enc = encounters[p.encounter]!;
    if (enc.date) continue;
    const lower = p.text.toLowerCase();
    let date: RecordDate | undefined;
    for (const re of m.encounterLabels) {
      re.lastIndex = 0;
      for (let hit = re.exec(lower); hit && !date; hit = re.exec(lower)) {
        const after = p.text.slice(hit.index + hit[0].length, hit.index + hit[0].length + 24);
        if (/^[\s:#.,'’"|~-]{0,6}\d/.test(after)) date = firstDate(after);
      }
      if (date) break;
    }
    if (!date && DATE_ONLY.test(p.text.trim())) date = firstDate(p.text);
    if (date) {
      enc.date = date.first;
      enc.dateLine = p.index;
      p.datesEncounter = true;
    }
  }
  // A signature's date when nothing else dated the encounter.
  for (const enc of encounters) {
    if (enc.date) continue;
    const own = passages.filter((p) => p.encounter === enc.index && !p.furniture);
    for (const p of own.slice(-3).reverse()) {
      const d = /signed|, (?:md|do|phd|psyd|pt|dpt|lcsw)\b/i.test(p.text) ? firstDate(p.text) : undefined;
      if (d) {
        enc.date = d.first;
        enc.dateLine = p.index;
        p.datesEncounter = true;
        break;
      }
    }
  }
  for (let i = 1; i < encounters.length; i++) {
    const e = encounters[i]!;
    const before = encounters[i - 1]!;
    if (!e.date && before.date && before.docSha256 === e.docSha256) e.date = before.date;
  }
  for (const p of passages) {
    const d = encounters[p.encounter]!.date;
    if (d) p.encounterDate = d;
  }
}
