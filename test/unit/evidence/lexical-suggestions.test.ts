import { describe, expect, it } from 'vitest';
import { numberToWords, termVariants } from '../../../shared/evidence/term-variants';
import { suggestByTerms } from '../../../shared/evidence/lexical-suggestions';
import { buildTextIndex } from '../../../shared/search/find-in-documents';

const DOC = 'c'.repeat(64);

describe('termVariants', () => {
  it('spells numbers both ways and swaps singular and plural', () => {
    const v = termVariants('6 months');
    for (const want of ['6 months', 'six months', '6-month', 'six-month', '6 month']) expect(v).toContain(want);
    expect(termVariants('six months')).toContain('6 months');
    expect(termVariants('twenty-four hours')).toContain('24 hours');
    expect(numberToWords(21)).toBe('twenty-one');
  });

  it('writes percentages every way records do', () => {
    const v = termVariants('50%');
    for (const want of ['50%', '50 percent', 'fifty percent', '50 per cent']) expect(v).toContain(want);
    expect(termVariants('fifty percent')).toContain('50%');
  });

  it('joins, hyphenates or spaces compound words', () => {
    const v = termVariants('non-surgical');
    for (const want of ['non-surgical', 'non surgical', 'nonsurgical']) expect(v).toContain(want);
    expect(termVariants('injections')).toContain('injection');
    expect(termVariants('therapy')).toContain('therapies');
  });
});

/** The first algorithm, kept as the suggestion benchmark's baseline. */
describe('suggestByTerms (lexical baseline)', () => {
  const pages = [
    { page: 1, text: 'Chief complaint: low back pain.\nThe patient has tried physical therapy. Medications include NSAIDs.' },
    { page: 2, text: 'Assessment: Failed six months of conservative care, including physical therapy and\nNSAIDs. Psychological evaluation pending.' },
    { page: 3, text: 'Trial results: the patient reported fifty percent pain relief during the 7-day trial.' },
  ];
  const index = buildTextIndex([{ sha256: DOC, pages }]);

  it('ranks the passage that covers the most terms first, with a ready-to-use anchor', () => {
    const s = suggestByTerms(index, ['6 months', 'conservative care', 'physical therapy']);
    expect(s.length).toBeGreaterThanOrEqual(2);
    const top = s[0]!;
    expect(top.page).toBe(2);
    expect(top.matchedTerms).toEqual(['6 months', 'conservative care', 'physical therapy']);
    expect(top.quote).toBe('Assessment: Failed six months of conservative care, including physical therapy and\nNSAIDs.');
    const raw = pages[1]!.text;
    expect(raw.slice(top.textStart, top.textEnd)).toBe(top.quote);
    expect(top.suffix).toBe(raw.slice(top.textEnd, top.textEnd + 32));
    expect(top.score).toBeGreaterThan(s[1]!.score);
    expect(s[1]!.matchedTerms).toEqual(['physical therapy']);
  });

  it('finds spelled-out percentages for a numeric threshold', () => {
    const s = suggestByTerms(index, ['50%', 'pain relief']);
    expect(s[0]!.page).toBe(3);
    expect(s[0]!.matchedTerms).toEqual(['50%', 'pain relief']);
    expect(s[0]!.quote).toContain('fifty percent pain relief');
  });

  it('does not match a number inside a larger number', () => {
    const idx = buildTextIndex([{ sha256: DOC, pages: [{ page: 1, text: 'Symptoms for 16 months.' }] }]);
    expect(suggestByTerms(idx, ['6 months'])).toEqual([]);
  });

  it('trims a long run-on passage to a window around the hits', () => {
    const long = `${'word '.repeat(200)}six months of conservative care ${'more '.repeat(200)}`;
    const idx = buildTextIndex([{ sha256: DOC, pages: [{ page: 1, text: long }] }]);
    const [top] = suggestByTerms(idx, ['six months'], { maxQuoteChars: 120 });
    expect(top!.quote.length).toBeLessThanOrEqual(130);
    expect(top!.quote).toContain('six months');
    expect(long.slice(top!.textStart, top!.textEnd)).toBe(top!.quote);
  });
});
