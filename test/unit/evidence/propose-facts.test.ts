/**
 * Facts proposed from the record, with their arithmetic and the passages they rest on: months of
 * care from dated spans, open spans and dated visits (read conservatively when a date lacks its
 * day), a gap breaking a consecutive run, weeks of an antispasmodic trial, and percent relief from
 * a stated figure, before/after scores or a pain-score table; none from plans or bounds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCaseText, type EvidenceLexicon } from '../../../shared/evidence/evidence-lexicon';
import { proposeFact } from '../../../shared/evidence/propose-facts';
import { projectLexicon } from '../../support/evidence-lexicon';

let lex: EvidenceLexicon;
beforeAll(async () => {
  lex = await projectLexicon();
});

const record = (...pages: string[]) => readCaseText([{ sha256: 'a'.repeat(64), pages: pages.map((text, i) => ({ page: i + 1, text })) }], lex);
const months = (...pages: string[]) => proposeFact(record(...pages), lex, { name: 'conservativeCareMonths', unit: 'months' });

describe('months of conservative care', () => {
  it('counts from a dated span to the latest visit that documents ongoing care, with the two passages', () => {
    const p = months(
      'Office Visit\nDate of service: 09/30/2025\nShe continues gabapentin and her home exercise program without relief.',
      'Office Visit\nDate of service: 03/18/2025\nPhysical therapy 03/18/2025 - 06/30/2025, plateaued.',
    )!;
    expect(p.value).toBe(6.4);
    expect(p.arithmetic).toBe("03/18/2025 → 09/30/2025 (the visit's date): 196 days ÷ 30.44 = 6.4 months");
    expect(p.basis.map((b) => [b.role, b.date, b.passage.page])).toEqual([
      ['start', '2025-03-18', 2],
      ['end', '2025-09-30', 1],
    ]);
  });

  it('reads "since 11/2024" from the end of November, and ends an open span at the visit that wrote it', () => {
    const p = months('Office Visit\nDate of service: 10/21/2025\nTreated with gabapentin since 11/2024, no improvement.')!;
    expect(p.value).toBe(10.7);
    expect(p.arithmetic).toContain('11/2024 (read as 11/30/2024, the latest date it can mean)');
    // One passage gives both ends: the end rests on the visit's own date line.
    expect(p.basis.map((b) => b.role)).toEqual(['start', 'end']);
    expect(p.basis[1]!.passage.text).toContain('Date of service: 10/21/2025');
  });

  it('never counts past the newest visit in the record: a later date is a plan or a misread year (OCR 2025 -> 2026)', () => {
    const p = months(
      'Office Visit\nDate of service: 10/21/2025\nPhysical therapy 11/30/2024 - 09/30/2026 without relief.',
      'Office Visit\nDate of service: 05/02/2025\nGabapentin started; follow-up 12/15/2026.',
    )!;
    expect(p.value).toBe(10.7);
    expect(p.arithmetic).toContain('11/30/2024 → 10/21/2025');
  });

  it('does not bridge a gap longer than three months, and says so', () => {
    const p = months('Office Visit\nDate of service: 06/01/2025\nPT 01/06/2025 - 05/30/2025 without benefit.', 'Office Visit\nDate of service: 01/10/2024\nPT 2x/week, helped a little.')!;
    expect(p.value).toBe(4.7);
    expect(p.notes[0]).toMatch(/stands apart/);
  });

  it('counts neither negated nor vaguely dated treatment', () => {
    expect(months('Office Visit\nDate of service: 06/01/2025\nShe has not had physical therapy.', 'Office Visit\nDate of service: 01/10/2025\nTried PT 2022 - helped some.')).toBeUndefined();
  });
});

describe('weeks of an oral antispasmodic trial', () => {
  it('counts baclofen from its start to the latest visit it continues at', () => {
    // Two visits five months apart chain only through the "since 10/2024" that covers the months between.
    const p = proposeFact(
      record('Spasticity Clinic\nVisit date: 03/24/2025\nShe remains on baclofen 20 mg QID, which she has taken since 10/2024.', 'Spasticity Clinic\nVisit date: 10/14/2024\nStart baclofen 10 mg TID. Outpatient PT 2x/week.'),
      lex,
      { name: 'oralAntispasmodicTrialWeeks', unit: 'weeks' },
    )!;
    expect(p.value).toBe(23);
    expect(p.arithmetic).toMatch(/161 days ÷ 7 = 23 weeks$/);
  });
});

describe('percent pain relief in a trial', () => {
  const percent = (...pages: string[]) => proposeFact(record(...pages), lex, { name: 'trialPainReductionPercent', unit: 'percent' });

  it('takes a stated percentage from the trial, not an injection\'s', () => {
    const p = percent('Trial Follow-up\nDate: 06/16/2025\n7-day SCS trial complete. Pt reports 70% relief of leg pain.\nThe epidural injection in 2024 gave about 30% relief.')!;
    expect(p.value).toBe(70);
    expect(p.basis).toHaveLength(1);
    expect(p.basis[0]!.passage.text).toContain('70% relief');
  });

  it('computes it from before and after scores, showing the arithmetic', () => {
    const p = percent('Procedure Note: Intrathecal Morphine Trial\nDate of Service: 06/03/2025\nPositive trial: pain decreased from 8/10 at baseline to 3/10 at 4 to 6 hours.')!;
    expect(p.value).toBe(62.5);
    expect(p.arithmetic).toBe('(8/10 before − 3/10 during) ÷ 8/10 = 62.5%');
  });

  it('reads a pain-score table: baseline against the lowest score, marking both rows', () => {
    const p = percent('Intrathecal Trial\nDate of Service: 06/03/2025\nSingle-shot intrathecal opioid trial.\nTime NRS POSS RR\nBaseline 8 1 14\n1 h 6 1 14\n4 h 2 2 12\n24 h 7 1 14')!;
    expect(p.value).toBe(75);
    expect(p.basis.map((b) => [b.role, b.passage.text])).toEqual([
      ['before', 'Baseline 8 1 14'],
      ['after', '4 h 2 2 12'],
    ]);
  });

  it('proposes nothing from a plan or a bare threshold', () => {
    expect(percent('Office Visit\nDate of service: 05/13/2025\nWe will schedule a trial. A successful trial is at least 50% reduction from baseline pain.')).toBeUndefined();
  });
});
