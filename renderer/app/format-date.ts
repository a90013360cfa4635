/**
 * The one way the app shows dates: "March 3, 2026", as letters and reasons write them
 * (shared/case/calendar-date.ts), and "March 3, 2026, 2:05 PM" for a moment on this machine's
 * clock. Fixed to US English rather than the machine's locale, so the screen and the letter agree.
 */
import { longDate } from '../../shared/case/calendar-date';

/** A calendar date (YYYY-MM-DD) as it is: no time zone can move it. */
export function formatDate(isoDate: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(isoDate) ? longDate(isoDate) : isoDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant on this machine's clock: "November 19, 2026, 2:05 PM". */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = d.getHours();
  return `${longDate(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`)}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
}

/** The date part of an instant on this machine's clock: "November 19, 2026". */
export function formatDayOf(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return longDate(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`);
}
