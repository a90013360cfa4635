/**
 * What a request still lacks before it can be evaluated: the data a review needs that the request
 * may validly leave out (Da Vinci PAS makes the date of birth, the payment typology code, units,
 * dates of service and diagnoses optional). Each gap is shown at the top of the case and asked for
 * by the intake form; the evaluation waits for them and never fills them in.
 */
import type { CaseRequest } from './schema';

export type GapField = 'member.dateOfBirth' | 'plan.lineOfBusiness' | 'dateOfService' | 'diagnoses' | 'guidelineId' | 'codes' | `codes.${number}.units`;

export interface RequestGap {
  field: GapField;
  /** What is missing, in the director's words. */
  label: string;
  /** Why it matters for the review. */
  why: string;
}

export function requestGaps(r: CaseRequest): RequestGap[] {
  const gaps: RequestGap[] = [];
  if (!r.member.dateOfBirth) gaps.push({ field: 'member.dateOfBirth', label: 'Member\'s date of birth', why: 'the letter identifies the member by it, and age criteria depend on it' });
  if (!r.plan.lineOfBusiness) {
    gaps.push({ field: 'plan.lineOfBusiness', label: 'Line of business', why: 'it sets the decision timeframe, whether CMS coverage policy applies, and the appeal rights' });
  }
  if (!r.dateOfService) gaps.push({ field: 'dateOfService', label: 'Date of service', why: 'it selects the guideline version in effect' });
  if (r.diagnoses.length === 0) gaps.push({ field: 'diagnoses', label: 'Diagnoses (ICD-10-CM)', why: 'the criteria and the experimental-use checks read them' });
  if (r.codes.length === 0 && r.otherServices.length === 0) gaps.push({ field: 'codes', label: 'Requested services', why: 'there is nothing to decide without them' });
  r.codes.forEach((c, i) => {
    if (c.units === undefined) gaps.push({ field: `codes.${i}.units`, label: `Units of ${c.code}`, why: 'approved units are decided against them' });
  });
  if (!r.guidelineId && r.codes.length > 0) gaps.push({ field: 'guidelineId', label: 'Guideline', why: 'no guideline on file covers the requested codes, so the criteria to apply are not known' });
  return gaps;
}

/** One sentence for the evaluation and the checks before signing: "Waiting for the date of service and the diagnoses." */
export function describeGaps(gaps: RequestGap[]): string {
  const names = gaps.map((g) => g.label.charAt(0).toLowerCase() + g.label.slice(1));
  const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `The request is missing the ${list}: enter ${gaps.length === 1 ? 'it' : 'them'} in the case header before the evaluation can decide.`;
}
