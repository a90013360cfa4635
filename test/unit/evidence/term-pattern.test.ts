/**
 * The lexicon's pattern language: wordings, optional words, gaps, numbers, exact case for
 * abbreviations, and the boundaries that once made "70% relief" unfindable.
 */
import { describe, expect, it } from 'vitest';
import { anchorsOnPage, compileTermPattern, termAnchorWords } from '../../../shared/evidence/term-pattern';

const find = (pattern: string, text: string, exactCase = false) => [...text.matchAll(compileTermPattern(pattern, { exactCase }))].map((m) => m[0]);

describe('compileTermPattern', () => {
  it('finds a percentage written with "%", "percent" or in words, right after the number', () => {
    expect(find('# (%|percent|per cent) relief', 'pt reports 70% relief; seventy percent relief; 70 per cent relief')).toEqual(['70% relief', 'seventy percent relief', '70 per cent relief']);
  });

  it('matches whole words only, singular or plural, with spaces, hyphens or nothing inside compounds', () => {
    expect(find('injection', 'injections, injection, reinjection')).toEqual(['injections', 'injection']);
    expect(find('post-laminectomy syndrome', 'postlaminectomy syndrome / post laminectomy syndrome / post-laminectomy syndrome')).toHaveLength(3);
    expect(find('=returns (to|for)', 'returns to discuss; return to teaching')).toEqual(['returns to']);
  });

  it('reads alternatives, optional words and gaps', () => {
    expect(find('would not (recommend|offer) [further] [spine] surgery', 'i would not offer further spine surgery. i would not recommend surgery.')).toEqual(['would not offer further spine surgery', 'would not recommend surgery']);
    expect(find('no ~2 contraindication', 'no psychological contraindication; no known psychiatric contraindication; no real psychological or other contraindication')).toEqual(['no psychological contraindication', 'no known psychiatric contraindication']);
    expect(find('psycholog*', 'psychological psychologist psychology')).toHaveLength(3);
  });

  it('keeps the case of an abbreviation that needs it: PT the therapy, not Pt the patient, nor PT/INR', () => {
    expect(find('PT', 'Pt here for PT. pt tolerated PT 2x/wk. DPT', true)).toEqual(['PT', 'PT']);
    expect(find('NSAID', 'NSAIDs and an NSAID', true)).toEqual(['NSAIDs', 'NSAID']);
  });

  it('does not find a pain score inside a date or a number inside a longer number', () => {
    expect(find('#/10', 'pain 8/10 before; ORIF on 09/10/2024')).toEqual(['8/10']);
    expect(find('# months', 'symptoms for 16 months, care for 6 months')).toEqual(['16 months', '6 months']);
    expect(find('6 months', 'symptoms for 16 months')).toEqual([]);
  });

  it('takes a backslash literally and refuses malformed patterns with a reason', () => {
    expect(find('\\[ \\]', 'Chiropractic [ ] Acupuncture [X]')).toEqual(['[ ]']);
    expect(() => compileTermPattern('not a (surgical candidate')).toThrow(/not closed/);
    expect(() => compileTermPattern('a | b')).toThrow(/unexpected/);
    expect(() => compileTermPattern('( )')).toThrow();
  });

  it('names the words a page must hold for a pattern to match, so a long record is scanned only where it can', () => {
    expect(termAnchorWords('no operative target')).toEqual(['operative', 'operatives']);
    expect(termAnchorWords('(do|does|did) not recommend [further] surgery')).toEqual(['recommend', 'recommends']);
    expect(termAnchorWords('# (%|percent) relief')).toEqual(['relief', 'reliefs']);
    expect(termAnchorWords('self-harm')).toEqual(['self', 'selfharm']);
    expect(termAnchorWords('psycholog*')).toEqual(['psyc*']);
    // "non[-]surgical" may be one word on the page: not an anchor.
    expect(termAnchorWords('non[-]surgical')).toBeUndefined();
    expect(termAnchorWords('#/10')).toBeUndefined();
    expect(anchorsOnPage(['psyc*'], new Set(['a']), new Set(['psyc']))).toBe(true);
    expect(anchorsOnPage(['relief'], new Set(['pain']), new Set())).toBe(false);
  });
});
