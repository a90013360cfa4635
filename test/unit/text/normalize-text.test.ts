import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeWithMap, toRawRange } from '../../../shared/text/normalize-text';

describe('normalizeText', () => {
  it('folds case, collapses whitespace, unfolds ligatures and plain-ifies dashes and quotes', () => {
    expect(normalizeText('  Signiﬁcant\n\n  RELIEF\u00A0–  “good”  ')).toBe('significant relief - "good"');
    expect(normalizeText('patient’s')).toBe("patient's");
  });

  it('joins words hyphenated at a line end but keeps real hyphens', () => {
    expect(normalizeText('conserva-\ntive care')).toBe('conservative care');
    expect(normalizeText('conserva- \n  tive')).toBe('conservative');
    expect(normalizeText('non-surgical')).toBe('non-surgical');
    expect(normalizeText('L4-\nL5')).toBe('l4-l5');
  });

  it('drops soft hyphens and zero-width characters', () => {
    expect(normalizeText('thera\u00ADpy\u200B')).toBe('therapy');
  });

  it('can drop all whitespace for comparisons across re-extractions', () => {
    expect(normalizeText('six  months of\ncare', { dropSpaces: true })).toBe('sixmonthsofcare');
  });

  it('maps normalized ranges back to raw offsets, ligatures and hyphenation included', () => {
    const raw = 'The ﬁnal  conserva-\ntive TRIAL';
    const n = normalizeWithMap(raw);
    expect(n.text).toBe('the final conservative trial');
    const at = n.text.indexOf('final conservative');
    const [s, e] = toRawRange(n, at, at + 'final conservative'.length);
    expect(raw.slice(s, e)).toBe('ﬁnal  conserva-\ntive');
    const f = n.text.indexOf('fi');
    expect(toRawRange(n, f, f + 1)).toEqual([4, 5]);
    const t = n.text.indexOf('trial');
    expect(raw.slice(...toRawRange(n, t, t + 5))).toBe('TRIAL');
  });

  it('keeps characters it cannot fold, lone surrogates included, and maps every one back in order', () => {
    expect(normalizeText('a\ud83d b \ude00')).toBe('a\ud83d b \ude00');
    expect(normalizeText('㎒ \ud83d\ude00')).toBe('mhz \ud83d\ude00');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (raw, dropSpaces) => {
        const n = normalizeWithMap(raw, { dropSpaces });
        expect(n.map.length).toBe(n.text.length + 1);
        expect(n.map[n.text.length]).toBe(raw.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.map[i]).toBeLessThan(raw.length);
          if (i > 0) expect(n.map[i]).toBeGreaterThanOrEqual(n.map[i - 1]!);
        }
        expect(n.text).not.toMatch(/^ | $| {2}/);
        if (dropSpaces) expect(n.text).not.toContain(' ');
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizes a 2-million-character record to the same text as page by page', () => {
    const page = 'Conservative care over SIX months, with physical-\ntherapy.\n'.repeat(400);
    const record = Array.from({ length: 80 }, () => page).join('\n');
    expect(normalizeText(record).length).toBeGreaterThan(1_000_000);
    expect(normalizeText(record)).toBe(Array.from({ length: 80 }, () => normalizeText(page)).join(' '));
  });
});
