import { describe, expect, it } from 'vitest';
import { CaseFile } from '../../../shared/case/schema';
import { amendDetermination, editDraft, latestRevision, recordLetterHash, signDetermination, startDraft } from '../../../shared/determination/sign-and-amend';
import { approval, denial, makeCase, signedCase, signer } from './case-fixture';

const t = (s: string) => new Date(s);

describe('signing and amending', () => {
  it('signs a draft into revision 1, locks the case, and leaves the input untouched', () => {
    const started = startDraft(makeCase(), { createdAt: '2026-09-02T10:00:00Z', updatedAt: '2026-09-02T10:00:00Z', determinations: [denial()] }, t('2026-09-02T10:00:00Z'));
    if (!started.ok) throw new Error('draft');
    const before = structuredClone(started.caseFile);
    const signed = signDetermination(started.caseFile, signer, t('2026-09-03T15:30:00Z'));
    expect(started.caseFile).toEqual(before);
    if (!signed.ok) throw new Error(signed.problems.join());
    expect(signed.caseFile.status).toBe('signed');
    expect(signed.caseFile.determination).toBeUndefined();
    expect(signed.revision).toMatchObject({
      id: 'C-2026-0042-r1',
      number: 1,
      signedAt: '2026-09-03T15:30:00.000Z',
      signer: { name: 'Dana Whitfield', credentials: 'MD, FAAPMR' },
      determinations: [denial()],
    });
    expect(signed.revision.supersedes).toBeUndefined();
    // The stored file still parses with the case schema.
    expect(CaseFile.parse(JSON.parse(JSON.stringify(signed.caseFile))).revisions).toHaveLength(1);
  });

  it('refuses to sign when a check fails, naming each problem', () => {
    const started = startDraft(makeCase(), { createdAt: '2026-09-02T10:00:00Z', updatedAt: '2026-09-02T10:00:00Z', determinations: [{ ...denial(), reasons: [] }] }, t('2026-09-02T10:00:00Z'));
    if (!started.ok) throw new Error('draft');
    const r = signDetermination(started.caseFile, undefined, t('2026-09-03T00:00:00Z'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      'Complete your reviewer profile (name, credentials, specialty, peer-to-peer phone) in Settings before signing.',
      '63650: a denial needs at least one reason that cites the guideline or source it rests on.',
    ]);
  });

  it('refuses edits and re-signing of a signed case', () => {
    const signed = signedCase([denial()]);
    expect(editDraft(signed, (ds) => ds, t('2026-09-04T00:00:00Z'))).toEqual({ ok: false, problems: ['This case is signed: amend it to change the determination.'] });
    expect(signDetermination(signed, signer, t('2026-09-04T00:00:00Z')).ok).toBe(false);
    expect(startDraft(signed, { createdAt: '2026-09-04T00:00:00Z', updatedAt: '2026-09-04T00:00:00Z', determinations: [] }, t('2026-09-04T00:00:00Z')).ok).toBe(false);
  });

  it('amends into a new draft that supersedes the revision, keeping every revision', () => {
    const signed = signedCase([denial()]);
    const amended = amendDetermination(signed, t('2026-09-10T09:00:00Z'));
    if (!amended.ok) throw new Error(amended.problems.join());
    expect(amended.caseFile.status).toBe('in-review');
    expect(amended.caseFile.determination?.amends).toBe('C-2026-0042-r1');
    const edited = editDraft(amended.caseFile, () => [approval()], t('2026-09-10T09:05:00Z'));
    if (!edited.ok) throw new Error(edited.problems.join());
    // Editing the amendment does not reach into the signed revision.
    expect(edited.caseFile.revisions[0]?.determinations[0]?.outcome).toBe('cannot-establish');
    const resigned = signDetermination(edited.caseFile, signer, t('2026-09-10T10:00:00Z'));
    if (!resigned.ok) throw new Error(resigned.problems.join());
    expect(resigned.caseFile.revisions.map((r) => [r.id, r.number, r.supersedes, r.determinations[0]?.outcome])).toEqual([
      ['C-2026-0042-r1', 1, undefined, 'cannot-establish'],
      ['C-2026-0042-r2', 2, 'C-2026-0042-r1', 'approved'],
    ]);
    expect(latestRevision(resigned.caseFile)?.id).toBe('C-2026-0042-r2');
    expect(amendDetermination(edited.caseFile, t('2026-09-10T10:00:00Z')).ok).toBe(false);
  });

  it('records a letter hash once per revision', () => {
    const signed = signedCase([denial()]);
    const sha = 'a'.repeat(64);
    const first = recordLetterHash(signed, 'C-2026-0042-r1', sha);
    if (!first.ok) throw new Error('hash');
    expect(first.caseFile.revisions[0]?.letterSha256).toBe(sha);
    expect(recordLetterHash(first.caseFile, 'C-2026-0042-r1', sha).ok).toBe(true);
    expect(recordLetterHash(first.caseFile, 'C-2026-0042-r1', 'b'.repeat(64)).ok).toBe(false);
  });
});
