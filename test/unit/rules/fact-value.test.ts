/** A fact typed into a criterion: read or refused where it is typed, and its threshold in words. */
import { describe, expect, it } from 'vitest';
import { readFactValue, thresholdInWords } from '../../../shared/rules/fact-value';

const months = { unit: 'months' as const };
const percent = { unit: 'percent' as const };

describe('facts as typed', () => {
  it('reads numbers, with or without the unit', () => {
    expect(readFactValue('7', months)).toEqual({ ok: true, value: 7 });
    expect(readFactValue(' 7.5 months ', months)).toEqual({ ok: true, value: 7.5 });
    expect(readFactValue('7 mo', months)).toEqual({ ok: true, value: 7 });
    expect(readFactValue('60 %', percent)).toEqual({ ok: true, value: 60 });
    expect(readFactValue('60%', percent)).toEqual({ ok: true, value: 60 });
    expect(readFactValue('', months)).toEqual({ ok: true, value: null });
  });

  it('refuses words, negatives, impossible values and the wrong unit, saying why', () => {
    expect(readFactValue('seven', months)).toEqual({ ok: false, message: 'Type a number of months, e.g. 7.' });
    expect(readFactValue('-3', months)).toEqual({ ok: false, message: 'It cannot be below 0 months.' });
    expect(readFactValue('150', percent)).toEqual({ ok: false, message: 'It cannot be more than 100%.' });
    expect(readFactValue('7 weeks', months)).toMatchObject({ ok: false });
    expect(readFactValue('1e3', months)).toMatchObject({ ok: false });
    expect(readFactValue('2.5', { unit: 'levels' })).toEqual({ ok: false, message: 'Type a whole number, e.g. 2.' });
  });

  it('says the threshold in words', () => {
    expect(thresholdInWords({ op: '>=', threshold: 6, unit: 'months' })).toBe('at least 6 months');
    expect(thresholdInWords({ op: '>=', threshold: 50, unit: 'percent' })).toBe('at least 50%');
    expect(thresholdInWords({ op: '>', threshold: 1, unit: 'weeks' })).toBe('more than 1 week');
    expect(thresholdInWords({ op: '<=', threshold: 2, unit: 'levels' })).toBe('at most 2 levels');
  });
});
