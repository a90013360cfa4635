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
});
