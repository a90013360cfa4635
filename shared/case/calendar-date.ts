/** Day arithmetic on ISO calendar dates (YYYY-MM-DD), done in UTC so no time zone moves the day. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 2026-03-03 → "March 3, 2026": the one way letters and reasons write a date, read without Date so no time zone moves it. */
export function longDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${MONTHS[(m ?? 1) - 1] ?? ''} ${d}, ${y}`;
}
