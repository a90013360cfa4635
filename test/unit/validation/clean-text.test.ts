/** Typed text as the workbench keeps it (shared/validation/clean-text.ts). */
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../shared/validation/clean-text';
import { editDistance, nearestKnownId, unknownIdMessage } from '../../../shared/validation/nearest-id';
import { isPrototypeKey } from '../../../shared/validation/prototype-keys';

describe('cleanText', () => {
  it('keeps ordinary text, in NFC', () => {
    expect(cleanText('Jordan Q. Sample')).toEqual({ ok: true, value: 'Jordan Q. Sample' });
    expect(cleanText('Jose\u0301 Nun\u0303ez')).toEqual({ ok: true, value: 'Jos\u00e9 Nu\u00f1ez' });
    expect(cleanText('Renée  O\u2019Brien-Łukasz 李')).toEqual({ ok: true, value: 'Renée  O\u2019Brien-Łukasz 李' });
    expect(cleanText('line one\nline two\ttabbed\r\n')).toEqual({ ok: true, value: 'line one\nline two\ttabbed\r\n' });
    expect(cleanText('emoji 👍🏽 are fine')).toEqual({ ok: true, value: 'emoji 👍🏽 are fine' });
  });

  it('makes a text of only invisible characters empty', () => {
    expect(cleanText('\u200b\u200b')).toEqual({ ok: true, value: '' });
    expect(cleanText(' \ufeff\u2060 \u202e')).toEqual({ ok: true, value: '' });
    // Spaces alone are the schema's business (trim, min length), not an invisible character.
    expect(cleanText('   ')).toEqual({ ok: true, value: '   ' });
  });

  it('refuses control, direction and zero-width characters with what and where', () => {
    expect(cleanText('Jordan\u0000Sample')).toEqual({ ok: false, problem: 'contains a control character (U+0000) after "Jordan"; delete it and type that part again' });
    expect(cleanText('Jordan \u202eelpmaS')).toEqual({ ok: false, problem: 'contains an invisible character that changes the direction text is shown in (U+202E right-to-left override) after "Jordan "; delete it and type that part again' });
    expect(cleanText('Jor\u200bdan')).toEqual({ ok: false, problem: 'contains an invisible zero-width character (U+200B zero-width space) after "Jor"; delete it and type that part again' });
    expect(cleanText('\u001b[31mred')).toMatchObject({ ok: false, problem: expect.stringMatching(/^contains a control character \(U\+001B\) at the start/) });
    expect(cleanText('ab\ud800cd')).toMatchObject({ ok: false, problem: expect.stringMatching(/^contains a broken character \(half of a UTF-16 surrogate pair\) \(U\+D800\) after "ab"/) });
    expect(cleanText('x\u0085y')).toMatchObject({ ok: false });
  });

  it('refuses line breaks and tabs in a one-line field', () => {
    expect(cleanText('Jordan\nSample', { oneLine: true })).toMatchObject({ ok: false, problem: expect.stringMatching(/^contains a line break or tab, which a single-line field cannot hold \(U\+000A\) after "Jordan"/) });
    expect(cleanText('Jordan Sample', { oneLine: true })).toEqual({ ok: true, value: 'Jordan Sample' });
  });
});

describe('nearest known id', () => {
  const known = ['CMM-211.trial.conservative-care', 'CMM-211.trial.mental-health-evaluation', 'CMM.PRF.imaging'];
  it('finds a likely typo and only a likely one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(nearestKnownId('CMM-211.trial.conservative-car', known)).toBe('CMM-211.trial.conservative-care');
    expect(nearestKnownId('cmm-211.trial.conservaitve-care', known)).toBe('CMM-211.trial.conservative-care');
    expect(nearestKnownId('CMM.PRF.imagin', known)).toBe('CMM.PRF.imaging');
    expect(nearestKnownId('NO-SUCH-CRITERION', known)).toBeUndefined();
    expect(nearestKnownId('x', ['y'])).toBe('y');
    expect(nearestKnownId('', known)).toBeUndefined();
  });
  it('says what was not found, where, and what was probably meant', () => {
    expect(unknownIdMessage('criterion', 'CMM.PRF.imagin', known, 'in this case')).toBe('There is no criterion CMM.PRF.imagin in this case; did you mean CMM.PRF.imaging?');
    expect(unknownIdMessage('mark', 'm-1', [], 'in this case')).toBe('There is no mark m-1 in this case.');
    expect(unknownIdMessage('mark', 'x'.repeat(300), [], 'here')).toMatch(/^There is no mark x{80}… here\.$/);
  });
  it('knows the prototype keys', () => {
    expect(['__proto__', 'constructor', 'prototype'].every(isPrototypeKey)).toBe(true);
    expect(isPrototypeKey('toString')).toBe(false);
  });
});
