/** Dates and spans as records write them, read conservatively where they leave out the day. */
import { describe, expect, it } from 'vitest';
import { daysBetween, findDates, findSpans } from '../../../shared/evidence/clinical-dates';

const dates = (s: string, encounter?: string) => findDates(s, encounter).map((d) => [d.text, d.first, d.last, d.precision]);
const spans = (s: string, encounter?: string) => findSpans(s, findDates(s, encounter)).map((x) => [x.from.text, x.to?.text ?? 'open']);

describe('findDates', () => {
  it('reads full dates, month-year, month names and years, each with its precision', () => {
    expect(dates('seen 03/18/2025, CT 3/28/25, since 11/2024, in January 2026, on March 20, 2025, 2019')).toEqual([
      ['03/18/2025', '2025-03-18', '2025-03-18', 'day'],
      ['3/28/25', '2025-03-28', '2025-03-28', 'day'],
      ['11/2024', '2024-11-01', '2024-11-30', 'month'],
      ['January 2026', '2026-01-01', '2026-01-31', 'month'],
      ['March 20, 2025', '2025-03-20', '2025-03-20', 'day'],
      ['2019', '2019-01-01', '2019-12-31', 'year'],
    ]);
  });

  it('gives a bare month and day the encounter\'s year, and never reads pain scores or strength as dates', () => {
    expect(dates('trial 6/9-6/16; pain 8/10, EHL 4/5, 2x/wk', '2025-07-22')).toEqual([
      ['6/9', '2025-06-09', '2025-06-09', 'day'],
      ['6/16', '2025-06-16', '2025-06-16', 'day'],
    ]);
    expect(dates('started in July', '2025-03-01')[0]).toEqual(['July', '2024-07-01', '2024-07-31', 'month']);
    expect(dates('May return to work; 2000 mg daily')).toEqual([]);
  });
});

describe('findSpans', () => {
  it('joins dates by a dash, "to", "through", "between … and", and opens spans at "since" and "- present"', () => {
    expect(spans('(03/18/2025 – 09/30/2025)')).toEqual([['03/18/2025', '09/30/2025']]);
    expect(spans('most recently 10/2023 to 01/2024; 01/06/2026 through 08/04/2026')).toEqual([['10/2023', '01/2024'], ['01/06/2026', '08/04/2026']]);
    expect(spans('38 visits between 01/06/2025 and 09/30/2025')).toEqual([['01/06/2025', '09/30/2025']]);
    expect(spans('gabapentin 01/06/2026 - present; PT since 11/2024')).toEqual([['01/06/2026', 'open'], ['11/2024', 'open']]);
    expect(spans('seen 01/06/2025 and 09/30/2025')).toEqual([]);
  });

  it('counts days between ISO dates across month ends and leap years', () => {
    expect(daysBetween('2024-11-30', '2025-10-21')).toBe(325);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});
