/**
 * Dates as records write them, for dating treatments and encounters: "03/18/2025", "3/28/25",
 * "11/2024", "January 2026", "March 20, 2025", "2021", spans ("03/18/2025 – 09/30/2025",
 * "10/2023 to 01/2024", "6/9-6/16", "01/06/2026 - present") and open spans ("since 11/2024").
 *
 * A date written without its day or month is a period; arithmetic reads it the conservative way
 * (a span's start as late as the period allows, its end as early), so a duration proposed from the
 * record is never longer than the record says. Two-digit years are 20xx. Days are whole UTC days.
 */

export type DatePrecision = 'day' | 'month' | 'year';

export interface RecordDate {
  /** First and last day the written date can mean (equal for a full date), ISO yyyy-mm-dd. */
  first: string;
  last: string;
  precision: DatePrecision;
  /** Offsets of the written date in the text searched. */
  start: number;
  end: number;
  text: string;
}

export interface DateSpan {
  from: RecordDate;
  /** Undefined for an open span ("since 11/2024", "01/06/2026 - present"): it runs to the encounter. */
  to?: RecordDate;
  /** The words that made it a span ("since", "–", "through", "present"). */
  openEnded: boolean;
  start: number;
  end: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const fullYear = (y: number) => (y < 100 ? 2000 + y : y);
const plausible = (y: number) => y >= 1950 && y <= 2100;

export function dayNumber(iso: string): number {
  return Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
}

export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** mm/dd/yyyy, as records print dates. */
export function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}

function dated(y: number, m: number, d: number | undefined, start: number, end: number, text: string): RecordDate | undefined {
  if (!plausible(y) || m < 1 || m > 12) return undefined;
  if (d !== undefined) {
    if (d < 1 || d > daysInMonth(y, m)) return undefined;
    const iso = isoDay(y, m, d);
    return { first: iso, last: iso, precision: 'day', start, end, text };
  }
  return { first: isoDay(y, m, 1), last: isoDay(y, m, daysInMonth(y, m)), precision: 'month', start, end, text };
}

/** Month and day without a year ("6/16", "in July"): the latest such date not after the encounter. */
function withEncounterYear(m: number, d: number | undefined, encounter: string | undefined): number | undefined {
  if (!encounter) return undefined;
  const ey = Number(encounter.slice(0, 4));
  const em = Number(encounter.slice(5, 7));
  const ed = Number(encounter.slice(8, 10));
  return m > em || (m === em && d !== undefined && d > ed) ? ey - 1 : ey;
}

// Order matters: longer forms first, so "03/18/2025" is not read as "03/18" and "2025".
const DATE_RE = new RegExp(
  [
    '\\b(?<aM>\\d{1,2})[/-](?<aD>\\d{1,2})[/-](?<aY>\\d{4}|\\d{2})\\b(?![/-]\\d)',
    '\\b(?<bY>\\d{4})-(?<bM>\\d{2})-(?<bD>\\d{2})\\b',
    '\\b(?<cM>\\d{1,2})/(?<cY>\\d{4})\\b',
    `\\b(?<dM>${MONTH_WORD})\\s+(?<dD>\\d{1,2})(?:st|nd|rd|th)?,?\\s+(?<dY>\\d{4})\\b`,
    `\\b(?<eD>\\d{1,2})\\s+(?<eM>${MONTH_WORD})\\s+(?<eY>\\d{4})\\b`,
    `\\b(?<fM>${MONTH_WORD})\\s+(?:of\\s+)?(?<fY>\\d{4})\\b`,
    '\\b(?<gM>\\d{1,2})/(?<gD>\\d{1,2})\\b(?![/\\d])',
    `\\b(?<hM>${MONTH_WORD})(?![a-z])`,
    '(?<![\\d/.-])(?<iY>19[5-9]\\d|20\\d{2})(?![\\d/]|\\s*(?:mg|mcg|ml|units?|mme|cc)\\b)',
  ].join('|'),
  'gi',
);

const monthOf = (w: string) => MONTHS.indexOf(w.slice(0, 3).toLowerCase()) + 1;

/**
 * Every date written in `text`. A bare month-and-day ("6/16") or month name ("in July") takes its
 * year from the encounter; pain scores and strength grades ("8/10", "4/5") are not dates.
 */
export function findDates(text: string, encounter?: string): RecordDate[] {
  const out: RecordDate[] = [];
  DATE_RE.lastIndex = 0;
  for (let m = DATE_RE.exec(text); m; m = DATE_RE.exec(text)) {
    const g = m.groups as Record<string, string | undefined>;
    const at = m.index;
    const s = m[0];
    const e = at + s.length;
    const n = (k: string) => Number(g[k]);
    let d: RecordDate | undefined;
    if (g.aM) d = dated(fullYear(n('aY')), n('aM'), n('aD'), at, e, s);
    else if (g.bY) d = dated(n('bY'), n('bM'), n('bD'), at, e, s);
    else if (g.cM) d = dated(n('cY'), n('cM'), undefined, at, e, s);
    else if (g.dM) d = dated(n('dY'), monthOf(g.dM), n('dD'), at, e, s);
    else if (g.eD) d = dated(n('eY'), monthOf(g.eM!), n('eD'), at, e, s);
    else if (g.fM) d = dated(n('fY'), monthOf(g.fM), undefined, at, e, s);
    else if (g.gM) {
      const mo = n('gM');
      const day = n('gD');
      // x/10 is a pain score and x/5 a strength grade, never a date; "2x/wk" never gets here.
      if (day !== 10 && day !== 5 && mo <= 12 && day <= 31 && /(?:^|[\s(,;:\u2013-])$/.test(text.slice(Math.max(0, at - 1), at))) {
        const y = withEncounterYear(mo, day, encounter);
        if (y !== undefined) d = dated(y, mo, day, at, e, s);
      }
    } else if (g.hM) {
      // A month name alone ("started in July", "Jan-Feb") when capitalized: not "may" the verb.
      const word = g.hM;
      if (/^[A-Z]/.test(word) && word.replace('.', '') !== 'May') {
        const mo = monthOf(word);
        const y = withEncounterYear(mo, undefined, encounter);
        if (y !== undefined) d = dated(y, mo, undefined, at, e, s);
      }
    } else if (g.iY) {
      const y = n('iY');
      d = { first: isoDay(y, 1, 1), last: isoDay(y, 12, 31), precision: 'year', start: at, end: e, text: s };
    }
    if (d) out.push(d);
  }
  return out;
}

const SPAN_JOINER = /^\s*(?:–|—|-|to|through|thru|until|till|and)\s*$/i;
const OPEN_END = /^\s*(?:–|—|-|to|through)\s*(?:present|current|now|today|ongoing|date)\b/i;
const SINCE = /\b(?:since|from)\s*$/i;
const BETWEEN = /\bbetween\s*$/i;

/**
 * Spans in `text`: two dates joined by a dash or "to"/"through" ("from … to …", "between … and …"),
 * a date followed by "- present", and "since <date>".
 */
export function findSpans(text: string, dates: RecordDate[]): DateSpan[] {
  const spans: DateSpan[] = [];
  const used = new Set<RecordDate>();
  for (let i = 0; i < dates.length; i++) {
    const a = dates[i]!;
    if (used.has(a)) continue;
    const b = dates[i + 1];
    const between = b ? text.slice(a.end, b.start) : '';
    const before = text.slice(Math.max(0, a.start - 12), a.start);
    if (b && SPAN_JOINER.test(between) && (!/and/i.test(between) || BETWEEN.test(before)) && b.last >= a.first) {
      spans.push({ from: a, to: b, openEnded: false, start: a.start, end: b.end });
      used.add(a).add(b);
      i++;
      continue;
    }
    const after = OPEN_END.exec(text.slice(a.end, a.end + 20));
    if (after) {
      spans.push({ from: a, openEnded: true, start: a.start, end: a.end + after[0].length });
      used.add(a);
      continue;
    }
    if (SINCE.test(before)) {
      spans.push({ from: a, openEnded: true, start: a.start, end: a.end });
      used.add(a);
    }
  }
  return spans;
}
