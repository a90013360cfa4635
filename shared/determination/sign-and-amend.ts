/**
 * Signing locks a case: the draft becomes a numbered revision that is never edited again.
 * Amending opens a new draft that names the revision it will supersede; every revision is kept.
 * Pure functions: each returns a new case file and leaves its argument untouched.
 */
import type { CaseFile } from '../case/schema';
import { ReviewerProfile } from '../settings/profile';
import { checkBeforeSigning, type SigningCheckInput, type SigningProblem } from './check-before-signing';
import { APPROVING_OUTCOMES, type CodeDetermination, type DeterminationDraft, type SignedRevision } from './schema';

export type CaseChange = { ok: true; caseFile: CaseFile } | { ok: false; problems: string[] };
export type SignResult = { ok: true; caseFile: CaseFile; revision: SignedRevision } | { ok: false; problems: string[]; details?: SigningProblem[] };

/** structuredClone keeps signed data from sharing references with the draft that produced it. */
const copy = <T>(x: T): T => structuredClone(x);

export function latestRevision(caseFile: Pick<CaseFile, 'revisions'>): SignedRevision | undefined {
  return caseFile.revisions.reduce<SignedRevision | undefined>((a, r) => (a === undefined || r.number > a.number ? r : a), undefined);
}

export function signDetermination(
  caseFile: CaseFile,
  signer: unknown,
  now: Date,
  checks: Omit<SigningCheckInput, 'signer'> = {},
): SignResult {
  if (caseFile.status === 'signed') return { ok: false, problems: ['This case is already signed: amend it to change the determination.'] };
  const details = checkBeforeSigning(caseFile, { ...checks, signer });
  if (details.length > 0) return { ok: false, problems: details.map((p) => p.message), details };
  const draft = caseFile.determination as DeterminationDraft;
  const profile = ReviewerProfile.parse(signer);
  const number = (latestRevision(caseFile)?.number ?? 0) + 1;
  const at = now.toISOString();
  const revision: SignedRevision = {
    id: `${caseFile.id}-r${number}`,
    number,
    signedAt: at,
    signer: {
      name: profile.name, credentials: profile.credentials, title: profile.title, peerToPeerPhone: profile.peerToPeerPhone,
      ...(profile.specialty ? { specialty: profile.specialty } : {}),
      ...(profile.npi ? { npi: profile.npi } : {}),
    },
    // An approval gets its authorization number when signed (the reference number and the code); an amendment keeps it.
    determinations: copy(draft.determinations).map((d) => {
      if (!APPROVING_OUTCOMES.has(d.outcome)) {
        const { authorizationNumber: _dropped, ...rest } = d;
        return rest;
      }
      return { ...d, authorizationNumber: d.authorizationNumber ?? `${caseFile.id}-${number}-${d.code}` };
    }),
  };
  if (draft.amends) revision.supersedes = draft.amends;
  if (draft.cmsPolicyAcknowledgedAt) revision.cmsPolicyAcknowledgedAt = draft.cmsPolicyAcknowledgedAt;
  const next: CaseFile = { ...copy(caseFile), status: 'signed', updatedAt: at };
  next.revisions.push(revision);
  // The draft now lives on as the revision; keeping it would leave an editable copy of signed data.
  delete next.determination;
  return { ok: true, caseFile: next, revision };
}

/** Opens a new draft from the latest signed revision; the revision itself stays as it was signed. */
export function amendDetermination(caseFile: CaseFile, now: Date): CaseChange {
  const latest = latestRevision(caseFile);
  if (caseFile.status !== 'signed' || !latest) return { ok: false, problems: ['Only a signed case can be amended.'] };
  const at = now.toISOString();
  const draft: DeterminationDraft = { createdAt: at, updatedAt: at, amends: latest.id, determinations: copy(latest.determinations) };
  return { ok: true, caseFile: { ...copy(caseFile), status: 'in-review', updatedAt: at, determination: draft } };
}

/** Every edit of the draft goes through here, so a signed case cannot be changed by any path. */
export function editDraft(
  caseFile: CaseFile,
  change: (determinations: CodeDetermination[]) => CodeDetermination[],
  now: Date,
): CaseChange {
  if (caseFile.status === 'signed') return { ok: false, problems: ['This case is signed: amend it to change the determination.'] };
  if (!caseFile.determination) return { ok: false, problems: ['There is no draft determination to edit.'] };
  const at = now.toISOString();
  const draft = copy(caseFile.determination);
  const next: DeterminationDraft = { ...draft, updatedAt: at, determinations: change(draft.determinations) };
  return { ok: true, caseFile: { ...copy(caseFile), updatedAt: at, determination: next } };
}

/** Starts the first draft (from `prefillDeterminations`), refusing when one exists or the case is signed. */
export function startDraft(caseFile: CaseFile, draft: DeterminationDraft, now: Date): CaseChange {
  if (caseFile.status === 'signed') return { ok: false, problems: ['This case is signed: amend it to change the determination.'] };
  if (caseFile.determination) return { ok: false, problems: ['A draft determination already exists.'] };
  const at = now.toISOString();
  return { ok: true, caseFile: { ...copy(caseFile), status: 'in-review', updatedAt: at, determination: copy(draft) } };
}

/** For Medicare and Medicare Advantage members: records that the director applied CMS coverage policy. */
export function acknowledgeCmsPolicy(caseFile: CaseFile, now: Date): CaseChange {
  if (caseFile.status === 'signed') return { ok: false, problems: ['This case is signed: amend it to change the determination.'] };
  if (!caseFile.determination) return { ok: false, problems: ['There is no draft determination to edit.'] };
  const at = now.toISOString();
  return { ok: true, caseFile: { ...copy(caseFile), updatedAt: at, determination: { ...copy(caseFile.determination), updatedAt: at, cmsPolicyAcknowledgedAt: at } } };
}

/** Records the hash of the first letter exported from a revision; the one field a signed revision may gain. */
export function recordLetterHash(caseFile: CaseFile, revisionId: string, sha256: string): CaseChange {
  const rev = caseFile.revisions.find((r) => r.id === revisionId);
  if (!rev) return { ok: false, problems: [`No signed revision ${revisionId}.`] };
  if (rev.letterSha256 === sha256) return { ok: true, caseFile };
  if (rev.letterSha256) return { ok: false, problems: [`Revision ${revisionId} already has a letter with a different hash.`] };
  const revisions = caseFile.revisions.map((r) => (r.id === revisionId ? { ...copy(r), letterSha256: sha256 } : copy(r)));
  return { ok: true, caseFile: { ...copy(caseFile), revisions } };
}
