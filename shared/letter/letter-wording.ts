/**
 * Letter wording (resources/letters/wording.json) and appeal rights (rules/appeal-rights.json).
 * Wording is data, not code, because it is what compliance staff review and change: a sentence
 * or a phone number changes without a release of the code that lays the letter out. Appeal rights
 * live with the other regulatory timeframes in rules/, each entry citing its regulation.
 */
import { z } from 'zod';
import { LineOfBusiness } from '../case/schema';

const text = z.string().min(1);

export const LetterTemplate = z.enum(['approval', 'denial', 'partial-approval', 'redirect']);
export type LetterTemplate = z.infer<typeof LetterTemplate>;

const perTemplate = z.strictObject({ approval: text, denial: text, 'partial-approval': text, redirect: text });

export const LetterWording = z.strictObject({
  organization: z.strictObject({
    name: text,
    descriptor: text,
    addressLines: z.array(text).min(1),
    phone: text,
    tty: text,
    fax: text,
    hours: text,
    appealsAddress: text,
    appealsFax: text,
    /** Who receives civil rights grievances (45 CFR 92.7, named in the 92.10 notice). */
    civilRightsCoordinator: text,
  }),
  titles: perTemplate,
  openings: perTemplate,
  outcomeLabels: z.strictObject({
    approved: text,
    'partially-approved': text,
    'denied-not-medically-necessary': text,
    'denied-experimental': text,
    'denied-coding': text,
    'cannot-establish': text,
    redirected: text,
    'pending-information': text,
  }),
  headings: z.strictObject({
    decisions: text,
    approvalDetail: text,
    whyNot: text,
    whyNotAll: text,
    redirected: text,
    medicare: text,
    guidelineCopy: text,
    peerToPeer: text,
    appeal: text,
    expedited: text,
    questions: text,
    providerSection: text,
    notice: text,
  }),
  sentences: z.strictObject({
    approvedUnits: text,
    partiallyApprovedUnits: text,
    approvalConditions: text,
    exception: text,
    reliedOn: text,
    clinicalJudgment: text,
    whatWouldChange: text,
    redirected: text,
    medicare: text,
    guidelineCopy: text,
    peerToPeer: text,
    questions: text,
    amendment: text,
    closing: text,
    providerIntro: text,
    salutation: text,
    reviewedBy: text,
    /** On its own line, so the number is never broken across lines. */
    authorizationNumber: text,
    reviewedByNoSpecialty: text,
  }),
  /** The words before an adverse decision's reasons, matching the outcome the director chose. */
  reasonIntros: z.strictObject({
    'partially-approved': text,
    'denied-not-medically-necessary': text,
    'denied-experimental': text,
    'denied-coding': text,
    'cannot-establish': text,
  }),
  /**
   * The notices a plan's significant communications carry: nondiscrimination (45 CFR 92.10) and the
   * availability of free language assistance and auxiliary aids, with taglines (45 CFR 92.11).
   */
  notice: z.strictObject({ source: text, paragraphs: z.array(text).min(1), taglines: z.array(text).min(1) }),
  /** How a guideline id's family is named in words, e.g. CMM → Comprehensive Musculoskeletal Management. */
  guidelineFamilies: z.array(z.strictObject({ prefix: text, name: text })),
  footer: text,
});
export type LetterWording = z.infer<typeof LetterWording>;

export const AppealRight = z.strictObject({
  lineOfBusiness: LineOfBusiness,
  appealName: text,
  deadlineDays: z.number().int().min(1),
  /** What the deadline counts from; the letter prints a last date only when it can be counted from the letter. */
  deadlineFrom: z.enum(['date-of-notice', 'receipt-of-notice', 'claim-decision']),
  howToAppeal: text,
  expedited: text,
  expeditedHours: z.number().int().min(1).optional(),
  furtherReview: text.optional(),
  source: z.string().min(10),
});
export type AppealRight = z.infer<typeof AppealRight>;

export const AppealRights = z
  .strictObject({ $schema: z.string().optional(), description: text, entries: z.array(AppealRight) })
  .superRefine((a, ctx) => {
    for (const lob of LineOfBusiness.options) {
      const n = a.entries.filter((e) => e.lineOfBusiness === lob).length;
      if (n !== 1) ctx.addIssue({ code: 'custom', path: ['entries'], message: `${lob} needs exactly one entry, has ${n}` });
    }
  });
export type AppealRights = z.infer<typeof AppealRights>;

/** Fills {placeholders}; a placeholder without a value is an error, so a wording edit cannot print "{phone}". */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`letter wording uses {${key}}, which has no value here`);
    return String(v);
  });
}
