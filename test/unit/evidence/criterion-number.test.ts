/** A criterion's number in the spellings records use, and how much it lifts a passage's rank. */
import { describe, expect, it } from 'vitest';
import { criterionNumber } from '../../../shared/evidence/criterion-number';

describe('criterionNumber', () => {
  it('reads months however they are written, and ranks a passage meeting the threshold highest', () => {
    const n = criterionNumber('months', 6)!;
    expect(n.quantities('PT x 6 mos; > 12 mo of care; six months of NSAIDs; a 6-8 month course')).toEqual([6, 12, 6, 6, 8]);
    expect(n.factor('failed > 12 mo of conservative care')).toBe(1.25);
    expect(n.factor('PT for 3 months')).toBe(1.12);
    expect(n.factor('PT 03/18/2025 - 09/30/2025')).toBe(1.12);
    expect(n.factor('PT helped')).toBe(1);
  });

  it('reads percentages with the sign, the word or in words', () => {
    const n = criterionNumber('percent', 50)!;
    expect(n.quantities('70% relief, 30 percent at night, seventy percent overall')).toEqual([70, 30, 70]);
    expect(n.factor('about 30% relief')).toBe(1.12);
    expect(n.factor('70% relief')).toBe(1.25);
  });

  it('has nothing to say for a unit it does not read', () => {
    expect(criterionNumber('levels', 2)).toBeUndefined();
  });
});
