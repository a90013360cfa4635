/**
 * The decision timeframes (rules/turnaround.json): data, so a regulation change is an edit to a
 * cited row, not to code. The schema insists each line of business and urgency is covered for every
 * receipt date by exactly one row, so the clock can never fall between two rows or match two.
 */
import { z } from 'zod';
import { LineOfBusiness, Urgency } from '../case/schema';
import { InformationRequestRule, TimeframeUnit } from './information-request-rule';

export { InformationRequestRule, TimeframeUnit, type Span } from './information-request-rule';

export const Timeframe = z.strictObject({
  lineOfBusiness: LineOfBusiness,
  urgency: Urgency,
  /** First local receipt date this row applies to (inclusive); absent: from the beginning. */
  receivedFrom: z.iso.date().optional(),
  /** Receipt dates from this one on use the next row; absent: until further notice. */
  receivedBefore: z.iso.date().optional(),
  amount: z.number().int().min(1),
  unit: TimeframeUnit,
  source: z.string().min(10),
  note: z.string().optional(),
  whenInformationIsRequested: InformationRequestRule.optional(),
});
export type Timeframe = z.infer<typeof Timeframe>;

export const TurnaroundTable = z
  .strictObject({
    $schema: z.string().optional(),
    description: z.string().min(1),
    entries: z.array(Timeframe).min(1),
  })
  .superRefine((t, ctx) => {
    for (const lob of LineOfBusiness.options) {
      for (const urgency of Urgency.options) {
        const rows = t.entries
          .filter((e) => e.lineOfBusiness === lob && e.urgency === urgency)
          .sort((a, b) => (a.receivedFrom ?? '').localeCompare(b.receivedFrom ?? ''));
        const where = `${lob} ${urgency}`;
        if (rows.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['entries'], message: `no timeframe for ${where} requests` });
          continue;
        }
        if (rows[0]?.receivedFrom !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['entries'], message: `${where}: the earliest row needs no receivedFrom, so older requests are covered` });
        }
        if (rows[rows.length - 1]?.receivedBefore !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['entries'], message: `${where}: the latest row needs no receivedBefore, so newer requests are covered` });
        }
        rows.slice(1).forEach((row, i) => {
          const prev = rows[i];
          if (prev?.receivedBefore !== row.receivedFrom) {
            ctx.addIssue({
              code: 'custom',
              path: ['entries'],
              message: `${where}: a row ending before ${prev?.receivedBefore ?? '(open)'} must be followed by one starting ${prev?.receivedBefore ?? '(open)'}, not ${row.receivedFrom ?? '(open)'}`,
            });
          }
        });
      }
    }
  });
export type TurnaroundTable = z.infer<typeof TurnaroundTable>;
