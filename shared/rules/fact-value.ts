/**
 * A criterion's structured fact as the director types it (7 months of conservative care, 60%
 * pain relief): read, or refused with a sentence saying why, where it is typed; and the threshold
 * said in words ("at least 6 months") rather than as an operator.
 */
import type { FactOp, FactSpec, FactUnit } from './schema';

const OP_WORDS: Record<FactOp, string> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than', '==': 'exactly' };

/** What a value of each unit can be: a month count is never negative, a percentage never above 100. */
export const FACT_RANGE: Record<FactUnit, { min: number; max: number; whole: boolean }> = {
  months: { min: 0, max: 600, whole: false },
  weeks: { min: 0, max: 2600, whole: false },
  days: { min: 0, max: 36500, whole: false },
  years: { min: 0, max: 120, whole: false },
  percent: { min: 0, max: 100, whole: false },
  count: { min: 0, max: 100000, whole: true },
  levels: { min: 0, max: 30, whole: true },
};

/** "6 months", "1 month", "50%", "2 levels". */
export function amountInWords(value: number, unit: FactUnit): string {
  if (unit === 'percent') return `${value}%`;
  if (unit === 'count') return String(value);
  const singular = unit.replace(/s$/, '');
  return `${value} ${value === 1 ? singular : unit}`;
}

/** "at least 6 months". */
export function thresholdInWords(spec: Pick<FactSpec, 'op' | 'threshold' | 'unit'>): string {
  return `${OP_WORDS[spec.op]} ${amountInWords(spec.threshold, spec.unit)}`;
}

export type FactReading = { ok: true; value: number | null } | { ok: false; message: string };

const UNIT_WORDS: Record<FactUnit, RegExp> = {
  months: /^(months?|mos?\.?|m)$/i,
  weeks: /^(weeks?|wks?\.?|w)$/i,
  days: /^(days?|d)$/i,
  years: /^(years?|yrs?\.?|y)$/i,
  percent: /^(%|percent|pct)$/i,
  count: /^$/,
  levels: /^(levels?)$/i,
};

/** The typed text as a value of this fact: empty clears it; "7", "7.5", "7 months", "60 %" are read; anything else is refused with why. */
export function readFactValue(text: string, spec: Pick<FactSpec, 'unit'>): FactReading {
  const t = text.trim().replace(',', '.');
  if (t === '') return { ok: true, value: null };
  const m = /^([-+]?\d+(?:\.\d+)?)\s*(.*)$/.exec(t);
  const range = FACT_RANGE[spec.unit];
  const example = spec.unit === 'percent' ? '60' : spec.unit === 'levels' || spec.unit === 'count' ? '2' : '7';
  if (!m || (m[2] && !UNIT_WORDS[spec.unit].test(m[2]))) {
    return { ok: false, message: `Type a number of ${spec.unit === 'percent' ? 'percent' : spec.unit}, e.g. ${example}.` };
  }
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return { ok: false, message: `Type a number, e.g. ${example}.` };
  if (value < range.min) return { ok: false, message: `It cannot be below ${amountInWords(range.min, spec.unit)}.` };
  if (value > range.max) return { ok: false, message: `It cannot be more than ${amountInWords(range.max, spec.unit)}.` };
  if (range.whole && !Number.isInteger(value)) return { ok: false, message: `Type a whole number, e.g. ${example}.` };
  return { ok: true, value };
}
