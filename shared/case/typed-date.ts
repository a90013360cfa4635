/**
 * Dates as a director types them. Every date field in the app takes MM/DD/YYYY (the way US
 * medical records and forms write dates) and says so in its hint; ISO (2026-03-03) and written
 * dates ("March 3, 2026", "Mar 3 2026") are understood too. What is stored stays ISO. Read without
 * Date for calendar dates, so no time zone moves the day.
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export const TYPED_DATE_HINT = 'MM/DD/YYYY';
export const TYPED_DATE_TIME_HINT = 'MM/DD/YYYY h:mm AM';

const pad = (n: number) => String(n).padStart(2, '0');

function isoIfReal(y: number, m: number, d: number): string | null {
  if (!(y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1)) return null;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** A month by name or its first three letters ("Sept" too). */
function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)) && m.startsWith(w));
  return i >= 0 ? i + 1 : null;
}

/** "03/03/2026", "3/3/2026", "3-3-2026", "2026-03-03", "March 3, 2026" → "2026-03-03"; anything else → null. Two-digit years are refused: a date of birth in "71" is ambiguous. */
export function parseTypedDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return isoIfReal(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return isoIfReal(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? isoIfReal(Number(m[3]), month, Number(m[2])) : null;
  }
  m = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(s);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? isoIfReal(Number(m[3]), month, Number(m[1])) : null;
  }
  return null;
}

/** "2026-03-03" → "03/03/2026", as the field shows a stored date. */
export function typedDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : isoDate;
}

/**
 * A date and a time on the local clock: "11/19/2026 2:05 PM", "11/19/2026 14:05" → "2026-11-19T14:05"
 * (the form adds the machine's offset). A date alone is refused: the clock starts at the hour received.
 */
export function parseTypedDateTime(text: string): string | null {
  const m = /^(.+?)[\s,]+(\d{1,2}):(\d{2})\s*([AaPp]\.?[Mm]\.?)?$/.exec(text.trim());
  if (!m) return null;
  const date = parseTypedDate(m[1]!.replace(/,$/, ''));
  let h = Number(m[2]);
  const min = Number(m[3]);
  const half = m[4]?.[0]?.toLowerCase();
  if (!date || min > 59) return null;
  if (half) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (half === 'p' ? 12 : 0);
  } else if (h > 23) return null;
  return `${date}T${pad(h)}:${pad(min)}`;
}

/** "2026-11-19T14:05" → "11/19/2026 2:05 PM". */
export function typedDateTime(localDateTime: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(localDateTime);
  if (!m) return localDateTime;
  const h = Number(m[2]);
  return `${typedDate(m[1]!)} ${h % 12 === 0 ? 12 : h % 12}:${m[3]} ${h < 12 ? 'AM' : 'PM'}`;
}
