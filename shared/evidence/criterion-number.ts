/**
 * A criterion's number as records write it, in its unit and the variants clinicians use:
 * "6 months", "six months", "6 mos", "x 6 mo", "> 12 mo", "6-8 weeks", "6 wks", "70%", "70 percent",
 * "seventy percent". A passage that states a quantity in the criterion's unit ranks a little
 * higher, more when the quantity meets the threshold; a dated span counts for durations.
 */
import { WORD_TO_NUMBER } from './term-variants';
import { compileTermPattern } from './term-pattern';

export interface CriterionNumber {
  /** Multiplier for a passage's rank: 1 without a quantity in the unit. */
  factor(text: string): number;
  /** Quantities in the unit found in the text, as numbers. */
  quantities(text: string): number[];
}

const UNIT_WORDS: Record<string, string> = {
  months: '(months|month|mo|mos|mo.|mos.|mths|mth)',
  weeks: '(weeks|week|wk|wks|wk.|wks.)',
  days: '(days|day|d)',
  years: '(years|year|yr|yrs|y)',
  percent: '(%|percent|per cent|pct)',
};

const SPAN = /\d{1,2}\/(?:\d{1,2}\/)?\d{2,4}\s*(?:–|—|-|to|through|until)\s*(?:\d{1,2}\/(?:\d{1,2}\/)?\d{2,4}|present|current)|\bsince\s+(?:\d{1,2}\/)?\d{1,2}\/\d{2,4}/i;

function toNumber(s: string): number | undefined {
  const t = s.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  return WORD_TO_NUMBER.get(t.replace(/ /g, '-')) ?? WORD_TO_NUMBER.get(t);
}

export function criterionNumber(unit: string, threshold: number): CriterionNumber | undefined {
  const unitWords = UNIT_WORDS[unit];
  if (!unitWords) return undefined;
  // "6", "6-8", "6 to 8", "> 12", "x 6", "more than 6", then the unit.
  const re = compileTermPattern(`[>|>=|≥|x|more than|greater than|over|at least] # [(-|to) #] ${unitWords}`);
  const quantities = (text: string): number[] => {
    const lower = text.toLowerCase();
    re.lastIndex = 0;
    const out: number[] = [];
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const nums = m[0].match(/\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)*/g) ?? [];
      for (const n of nums) {
        const v = toNumber(n);
        if (v !== undefined) out.push(v);
      }
    }
    return out;
  };
  return {
    quantities,
    factor(text) {
      const qs = quantities(text);
      if (qs.length) return Math.max(...qs) >= threshold ? 1.25 : 1.12;
      return unit !== 'percent' && SPAN.test(text) ? 1.12 : 1;
    },
  };
}
