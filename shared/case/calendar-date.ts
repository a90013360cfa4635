/** Day arithmetic on ISO calendar dates (YYYY-MM-DD), done in UTC so no time zone moves the day. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
