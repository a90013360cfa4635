/**
 * What must be true before a director may sign: each problem is a plain sentence the
 * signing dialog shows as is, naming the code it is about. An empty list means signable.
 */
import type { CaseFile } from '../case/schema';
import { describeGaps, requestGaps } from '../case/request-gaps';
import { ReviewerProfile } from '../settings/profile';
import { ADVERSE_OUTCOMES, APPROVING_OUTCOMES, type CodeDetermination, type DeterminationDraft } from './schema';

export type SigningProblemKind =
  | 'no-draft'
  | 'missing-determination'
  | 'unrequested-determination'
  | 'denial-without-cited-reason'
  | 'denial-without-clinical-rationale'
  | 'denial-without-what-would-change'
  | 'approval-against-unmet-criterion'
  | 'approval-without-units-or-period'
  | 'partial-approval-not-partial'
  | 'pending-information'
  | 'cms-policy-not-acknowledged'
  | 'add-on-without-primary'
  | 'add-on-primary-not-approved'
  | 'approval-with-criteria-not-reviewed'
  | 'review-problem'
  | 'signer-specialty-missing'
  | 'signer-profile-missing'
  /** The request still has gaps (date of birth, line of business, date of service…). */
  | 'request-incomplete'
  /** Fewer units than requested, or another service, goes to the provider as "modified" (PAS A6): it needs its reason. */
  | 'modification-without-reason';

export interface SigningProblem {
  kind: SigningProblemKind;
  /** The requested code it is about, when it is about one. */
  code?: string;
  message: string;
}

export interface AddOnRelation {
  code: string;
  primaries: string[];
}

export interface SigningCheckInput {
  /** The signer's profile as saved in settings; undefined when none is saved yet. */
  signer: unknown;
  /** Add-on codes and their primaries (rules/coding data). */
  addOns?: readonly AddOnRelation[];
  /**
   * Criteria not met per code, from a fresh evaluation; when absent, the unmet criteria
   * recorded on the draft when it was prefilled are used.
   */
  unmetCriteriaByCode?: Readonly<Record<string, readonly string[]>>;
  /** Criteria still not reviewed per code (the evaluation's alsoNotReviewed): an approval needs them reviewed. */
  openCriteriaByCode?: Readonly<Record<string, readonly { id: string; text: string; why?: string | undefined }[]>>;
  /** Problems in the case the evaluation found that stop signing (e.g. a threshold criterion met without its value). */
  blockingProblems?: readonly { message: string }[];
}

const MEDICARE_LINES = new Set(['medicare', 'medicare-advantage']);

/** A reason is cited when it names the guideline (or another source) it rests on. */
function isCited(d: CodeDetermination['reasons'][number]): boolean {
  return d.text.trim().length > 0 && Boolean(d.guidelineId?.trim() || d.source?.trim());
}

function checkOne(d: CodeDetermination, unmet: readonly string[], open: readonly { id: string; text: string; why?: string | undefined }[]): SigningProblem[] {
  const problems: SigningProblem[] = [];
  const at = { code: d.code };
  const denies = ADVERSE_OUTCOMES.has(d.outcome);
  if (d.outcome === 'pending-information') {
    problems.push({ kind: 'pending-information', ...at, message: `${d.code} is still pending information: request the missing records, or decide it, before signing.` });
  }
  if (denies && !d.reasons.some(isCited)) {
    problems.push({ kind: 'denial-without-cited-reason', ...at, message: `${d.code}: a denial needs at least one reason that cites the guideline or source it rests on.` });
  }
  if (denies && d.clinicalRationale.trim() === '') {
    problems.push({ kind: 'denial-without-clinical-rationale', ...at, message: `${d.code}: write the clinical judgment you applied to this member's circumstances.` });
  }
  if (denies && !d.whatWouldChange?.trim()) {
    problems.push({ kind: 'denial-without-what-would-change', ...at, message: `${d.code}: say what information would change the outcome.` });
  }
  if (APPROVING_OUTCOMES.has(d.outcome) && unmet.length > 0 && !d.exceptionRationale?.trim()) {
    problems.push({
      kind: 'approval-against-unmet-criterion',
      ...at,
      message: `${d.code} is approved although ${unmet.join(', ')} ${unmet.length === 1 ? 'is' : 'are'} not met: write the exception rationale.`,
    });
  }
  if (APPROVING_OUTCOMES.has(d.outcome) && open.length > 0) {
    const list = open.map((o) => `“${o.text.replace(/\.$/, '')}”${o.why ? ` (${o.why})` : ''}`).join('; ');
    problems.push({
      kind: 'approval-with-criteria-not-reviewed',
      ...at,
      message: `${d.code} is approved, but ${open.length === 1 ? 'this criterion is' : `these ${open.length} criteria are`} not reviewed yet: ${list}.`,
    });
  }
  if (APPROVING_OUTCOMES.has(d.outcome) && (d.approvedUnits === undefined || d.approvedUnits < 1 || !d.authorization)) {
    problems.push({ kind: 'approval-without-units-or-period', ...at, message: `${d.code}: an approval needs the approved units and the authorization period.` });
  }
  if (APPROVING_OUTCOMES.has(d.outcome) && d.approvedUnits !== undefined && d.approvedUnits >= 1 && d.approvedUnits < d.requestedUnits && d.reasons.length === 0 && !d.clinicalRationale.trim()) {
    problems.push({
      kind: 'modification-without-reason',
      ...at,
      message: `${d.code}: approving ${d.approvedUnits} of the ${d.requestedUnits} units requested is sent to the provider as modified (PAS A6, with the authorized units): give the reason.`,
    });
  }
  if (d.outcome === 'partially-approved' && d.approvedUnits !== undefined && d.approvedUnits >= d.requestedUnits) {
    problems.push({ kind: 'partial-approval-not-partial', ...at, message: `${d.code}: a partial approval approves fewer than the ${d.requestedUnits} units requested.` });
  }
  return problems;
}

function checkAddOns(determinations: CodeDetermination[], addOns: readonly AddOnRelation[]): SigningProblem[] {
  const byCode = new Map(determinations.map((d) => [d.code, d]));
  const problems: SigningProblem[] = [];
  for (const d of determinations) {
    const rel = addOns.find((a) => a.code === d.code);
    if (!rel || !APPROVING_OUTCOMES.has(d.outcome)) continue;
    const primaries = rel.primaries.map((p) => byCode.get(p)).filter((p): p is CodeDetermination => p !== undefined);
    if (primaries.length === 0) {
      problems.push({
        kind: 'add-on-without-primary',
        code: d.code,
        message: `${d.code} is an add-on code and its primary (${rel.primaries.join(' or ')}) is not requested: it cannot be approved on its own.`,
      });
    } else if (!primaries.some((p) => APPROVING_OUTCOMES.has(p.outcome))) {
      problems.push({
        kind: 'add-on-primary-not-approved',
        code: d.code,
        message: `${d.code} is an add-on code and its primary ${primaries.map((p) => p.code).join(', ')} is not approved: the add-on follows the primary's decision.`,
      });
    }
  }
  return problems;
}

export function checkBeforeSigning(caseFile: CaseFile, input: SigningCheckInput): SigningProblem[] {
  const problems: SigningProblem[] = [];
  const profile = ReviewerProfile.safeParse(input.signer);
  if (!profile.success) {
    problems.push({ kind: 'signer-profile-missing', message: 'Complete your reviewer profile (name, credentials, specialty, peer-to-peer phone) in Settings before signing.' });
  } else if (!profile.data.specialty?.trim()) {
    problems.push({ kind: 'signer-specialty-missing', message: 'Add your specialty to your reviewer profile: the letter names the reviewing doctor\'s specialty.' });
  }
  for (const p of input.blockingProblems ?? []) problems.push({ kind: 'review-problem', message: p.message });
  const gaps = requestGaps(caseFile.request);
  if (gaps.length > 0) problems.push({ kind: 'request-incomplete', message: describeGaps(gaps) });
  const draft: DeterminationDraft | undefined = caseFile.determination;
  if (!draft) {
    problems.push({ kind: 'no-draft', message: 'There is no determination to sign.' });
    return problems;
  }
  const requested = caseFile.request.codes.map((c) => c.code);
  for (const code of requested) {
    if (!draft.determinations.some((d) => d.code === code)) {
      problems.push({ kind: 'missing-determination', code, message: `${code} has no determination yet.` });
    }
  }
  for (const d of draft.determinations) {
    if (!requested.includes(d.code)) {
      problems.push({ kind: 'unrequested-determination', code: d.code, message: `${d.code} was not requested: remove its determination.` });
    }
    const unmet = input.unmetCriteriaByCode?.[d.code] ?? d.basis?.unmetCriterionIds ?? [];
    problems.push(...checkOne(d, unmet, input.openCriteriaByCode?.[d.code] ?? []));
  }
  problems.push(...checkAddOns(draft.determinations, input.addOns ?? []));
  const line = caseFile.request.plan.lineOfBusiness;
  if (line !== undefined && MEDICARE_LINES.has(line) && !draft.cmsPolicyAcknowledgedAt) {
    const who = line === 'medicare' ? 'a Medicare' : 'a Medicare Advantage';
    problems.push({
      kind: 'cms-policy-not-acknowledged',
      message: `This member has ${who} plan: CMS coverage policy supersedes the CMM guidelines. Confirm you applied it before signing.`,
    });
  }
  return problems;
}
