/**
 * The new-case form's checks, shared by the form (messages beside each field as the reviewer
 * types) and by main (which re-checks before anything is written): one definition, one wording.
 */
import { z } from 'zod';
import { CaseRequest, ICD10_CM, LineOfBusiness, Urgency } from '../case/schema';

/**
 * NPI check digit: the Luhn formula over the 9 leading digits prefixed with 80840
 * (the NPI's ISO 7812 issuer prefix), as CMS's NPI standard defines it.
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What a code is, so a bad one gets a message about the kind it looks like. */
export function procedureCodeKind(code: string): 'cpt' | 'category-iii' | 'hcpcs' | 'category-ii' | 'pla' | null {
  if (/^\d{5}$/.test(code)) return 'cpt';
  if (/^\d{4}T$/.test(code)) return 'category-iii';
  if (/^\d{4}F$/.test(code)) return 'category-ii';
  if (/^\d{4}U$/.test(code)) return 'pla';
  if (/^[A-V]\d{4}$/.test(code)) return 'hcpcs';
  return null;
}

/** "m5416" → "M54.16": the same code written without its dot or in lower case is the same code. */
export function normalizeIcd10(raw: string): string {
  const s = raw.trim().toUpperCase();
  const m = /^([A-Z]\d[A-Z0-9])\.?([A-Z0-9]{1,4})?$/.exec(s);
  if (!m) return s;
  return m[2] ? `${m[1]}.${m[2]}` : m[1]!;
}

const npi = z
  .string()
  .trim()
  .regex(/^\d{10}$/, 'An NPI is 10 digits.')
  .refine(isValidNpi, 'This NPI fails its check digit: a digit is likely mistyped.');

const provider = z.object({
  name: z.string().trim().min(1, 'Enter the provider\'s name.').max(200, 'At most 200 characters.'),
  npi,
  specialty: z.string().trim().max(200).optional(),
  organization: z.string().trim().max(200).optional(),
});

const procedureCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const kind = procedureCodeKind(code);
    if (kind === 'category-ii') {
      ctx.addIssue({ code: 'custom', message: 'A Category II code (4 digits and F) records a quality measure; it is not a service to authorize.' });
    } else if (kind === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${code ? `"${code}" is not` : 'Not'} a procedure code: a CPT code is 5 digits (63650), a Category III code 4 digits and T (0275T), a HCPCS code a letter and 4 digits (L8680).`,
      });
    }
  });

const modifier = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2}$/, 'A modifier is two letters or digits (e.g. 50, LT, RT).');

const requestedCode = z
  .object({
    code: procedureCode,
    // Left empty, the units are a gap the case shows and the evaluation waits for (shared/case/request-gaps.ts).
    units: z.number({ error: 'Enter the units as a whole number.' }).int('Units are a whole number.').min(1, 'At least 1 unit.').max(999, 'At most 999 units.').optional(),
    unitsAssumed: z.boolean().optional(),
    modifiers: z.array(modifier).max(4, 'A line carries at most 4 modifiers.').default([]),
    description: z.string().trim().max(500).optional(),
  })
  .superRefine((line, ctx) => {
    const seen = new Set<string>();
    line.modifiers.forEach((m, i) => {
      if (seen.has(m)) ctx.addIssue({ code: 'custom', path: ['modifiers', i], message: `Modifier ${m} is listed twice.` });
      seen.add(m);
    });
  });

const diagnosis = z.object({
  code: z
    .string()
    .transform(normalizeIcd10)
    .superRefine((c, ctx) => {
      if (!ICD10_CM.test(c)) ctx.addIssue({ code: 'custom', message: `"${c}" is not an ICD-10-CM code: a letter, two characters, then optionally a dot and up to 4 more (M54.16, G89.4).` });
    }),
  description: z.string().trim().max(500).optional(),
});

/** The form's date fields take MM/DD/YYYY (shared/case/typed-date.ts) and hand over ISO; the message names what the field shows. */
const isoDate = z.iso.date({ error: 'Enter the date as MM/DD/YYYY.' });
const isoDateTime = z.iso.datetime({ offset: true, error: 'Enter a date and time.' });

/** Minutes of clock difference tolerated between the receiving office and this machine. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The form's schema; `now` is a parameter so "in the past" is testable and the same in main and renderer. */
export function newCaseSchema(now: Date) {
  const today = localDate(now);
  return z
    .object({
      member: z.object({
        id: z.string().trim().min(1, 'Enter the member id.').max(40, 'At most 40 characters.').regex(/^[A-Za-z0-9-]+$/, 'A member id is letters, digits and hyphens.'),
        name: z.string().trim().min(1, 'Enter the member\'s name.').max(200, 'At most 200 characters.'),
        // Optional (PAS does not require it): left empty, it is a gap the case shows.
        dateOfBirth: isoDate
          .refine((d) => d < today, 'The date of birth must be in the past.')
          .refine((d) => d >= '1900-01-01', 'The date of birth is before 1900: check the year.')
          .optional(),
        sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
      }),
      plan: z.object({
        name: z.string().trim().min(1, 'Enter the plan.').max(200),
        lineOfBusiness: LineOfBusiness.optional(),
      }),
      requestingProvider: provider,
      servicingProvider: provider.optional(),
      codes: z.array(requestedCode).max(50, 'At most 50 codes.'),
      /** Services the workbench does not review (X12 service types, ICD-10-PCS…), kept from a PAS import. */
      otherServices: CaseRequest.shape.otherServices,
      diagnoses: z.array(diagnosis).max(12, 'At most 12 diagnoses.'),
      dateOfService: isoDate.optional(),
      receivedAt: isoDateTime.refine((t) => Date.parse(t) <= now.getTime() + CLOCK_SKEW_MS, 'The request cannot be received in the future.'),
      urgency: Urgency,
      guidelineId: z.string().trim().min(1, 'Choose the guideline the request is reviewed under.').optional(),
      priorRequests: CaseRequest.shape.priorRequests,
      exceptionRequested: z.boolean().default(false),
      /** Where an imported request came from (shared/fhir/pas-import.ts), kept for the export. */
      pasSource: z.record(z.string(), z.unknown()).optional(),
    })
    .superRefine((r, ctx) => {
      if (r.codes.length === 0 && r.otherServices.length === 0) ctx.addIssue({ code: 'custom', path: ['codes'], message: 'Add at least one requested code.' });
      if (r.dateOfService && r.member.dateOfBirth && r.dateOfService < r.member.dateOfBirth) {
        ctx.addIssue({ code: 'custom', path: ['dateOfService'], message: 'The date of service is before the member was born.' });
      }
      const lines = new Map<string, number>();
      r.codes.forEach((c, i) => {
        const key = `${c.code}|${[...c.modifiers].sort().join(',')}`;
        const first = lines.get(key);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['codes', i, 'code'], message: `${c.code} is already requested on line ${first + 1}: add units there instead.` });
        } else lines.set(key, i);
      });
      const dx = new Set<string>();
      r.diagnoses.forEach((d, i) => {
        if (dx.has(d.code)) ctx.addIssue({ code: 'custom', path: ['diagnoses', i, 'code'], message: `${d.code} is listed twice.` });
        dx.add(d.code);
      });
    });
}

export interface FieldProblem {
  /** Dotted path of the field, e.g. "codes.0.units", "member.dateOfBirth". */
  field: string;
  message: string;
}

export type NewCaseValidation = { ok: true; request: CaseRequest } | { ok: false; problems: FieldProblem[] };

export function validateNewCase(input: unknown, now: Date): NewCaseValidation {
  const parsed = newCaseSchema(now).safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(form)', message: friendlyMessage(i) }));
    return { ok: false, problems };
  }
  // The case file's own schema is the last word: what passes here must be storable.
  const stored = CaseRequest.safeParse(parsed.data);
  if (!stored.success) {
    return { ok: false, problems: stored.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })) };
  }
  return { ok: true, request: stored.data };
}

/** zod's own wording for a missing field ("expected string, received undefined") is for programmers. */
function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return 'This field is required.';
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'lineOfBusiness') return 'Choose the line of business.';
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'urgency') return 'Choose standard or expedited.';
  return issue.message;
}

/** Problems keyed by field, the first message each, for showing under inputs. */
export function problemsByField(problems: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) if (!(p.field in out)) out[p.field] = p.message;
  return out;
}

/** YYYY-MM-DD of `now` in UTC: a date of birth "today or later" is wrong in every time zone. */
function localDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** "2026-03-02T08:30" from an <input type=datetime-local> plus the machine's offset → ISO with offset. */
export function withOffset(localDateTime: string, offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  const withSeconds = /T\d{2}:\d{2}$/.test(localDateTime) ? `${localDateTime}:00` : localDateTime;
  return `${withSeconds}${sign}${hh}:${mm}`;
}
