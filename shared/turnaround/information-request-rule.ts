/**
 * What requesting additional information does to a decision timeframe (a row of
 * rules/turnaround.json): kept apart from the table so the case file's schema can name it
 * without importing the table (which imports the case schema's line-of-business enum).
 */
import { z } from 'zod';

export const TimeframeUnit = z.enum(['hours', 'calendar-days', 'business-days']);
export type TimeframeUnit = z.infer<typeof TimeframeUnit>;

export const Span = z.strictObject({ amount: z.number().int().min(1), unit: TimeframeUnit });
export type Span = z.infer<typeof Span>;

/**
 * What requesting additional information (a pend) does to the clock, as the row's regulation says:
 * extend: the due date moves by extendBy; toll: the clock stops from the request until the
 * information arrives (or the time given to respond ends), then the time that was left runs, plus
 * extendBy; decide-after-response: a new period (decideWithin) starts when the information arrives
 * or the time to respond ends; unchanged: the clock keeps running. respondWithin is the least time
 * the provider must be given.
 */
export const InformationRequestRule = z.strictObject({
  effect: z.enum(['extend', 'toll', 'decide-after-response', 'unchanged']),
  extendBy: Span.optional(),
  decideWithin: Span.optional(),
  respondWithin: Span.optional(),
  source: z.string().min(10),
});
export type InformationRequestRule = z.infer<typeof InformationRequestRule>;
