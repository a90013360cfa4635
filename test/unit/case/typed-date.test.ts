/** Dates as a director types them into the app's date fields (MM/DD/YYYY, as the hint says). */
import { describe, expect, it } from 'vitest';
import { parseTypedDate, parseTypedDateTime, typedDate, typedDateTime } from '../../../shared/case/typed-date';

describe('typed dates', () => {
  it('takes MM/DD/YYYY with or without leading zeros, ISO and written dates', () => {
    expect(parseTypedDate('03/03/2026')).toBe('2026-03-03');
    expect(parseTypedDate('3/3/2026')).toBe('2026-03-03');
    expect(parseTypedDate(' 12-07-2026 ')).toBe('2026-12-07');
    expect(parseTypedDate('2026-03-03')).toBe('2026-03-03');
    expect(parseTypedDate('March 3, 2026')).toBe('2026-03-03');
    expect(parseTypedDate('Mar. 3 2026')).toBe('2026-03-03');
    expect(parseTypedDate('Sept 30, 2025')).toBe('2025-09-30');
    expect(parseTypedDate('3 March 2026')).toBe('2026-03-03');
  });

  it('refuses what is not a real date, and two-digit years', () => {
    for (const bad of ['', '13/01/2026', '02/30/2026', '02/29/2025', '3/3/26', 'seven', '2026-3', 'Smarch 3, 2026', '00/10/2026']) {
      expect(parseTypedDate(bad), bad).toBeNull();
    }
    expect(parseTypedDate('02/29/2024')).toBe('2024-02-29');
  });

  it('shows a stored date the way it is typed', () => {
    expect(typedDate('1971-04-17')).toBe('04/17/1971');
    expect(parseTypedDate(typedDate('1971-04-17'))).toBe('1971-04-17');
  });

  it('date and time on the local clock, 12- or 24-hour', () => {
    expect(parseTypedDateTime('11/19/2026 2:05 PM')).toBe('2026-11-19T14:05');
    expect(parseTypedDateTime('11/19/2026 12:05 am')).toBe('2026-11-19T00:05');
    expect(parseTypedDateTime('11/19/2026, 14:05')).toBe('2026-11-19T14:05');
    expect(parseTypedDateTime('11/19/2026')).toBeNull();
    expect(parseTypedDateTime('11/19/2026 13:05 PM')).toBeNull();
    expect(parseTypedDateTime('11/19/2026 24:00')).toBeNull();
    expect(typedDateTime('2026-11-19T14:05')).toBe('11/19/2026 2:05 PM');
    expect(typedDateTime('2026-11-19T00:30')).toBe('11/19/2026 12:30 AM');
    expect(parseTypedDateTime(typedDateTime('2026-11-19T12:00'))).toBe('2026-11-19T12:00');
  });
});
