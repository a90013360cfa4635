/**
 * The decision API as the renderer drives it, on an encrypted temp store: prefill, the checks
 * before signing, signing with the saved profile, read-only after signing, amendments kept as
 * revisions, letters only from signed revisions, the export's hash, and the audit trail.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestServer } from '../../../main/serve-app-request';
import type { CodeDetermination } from '../../../shared/determination/schema';
import { openWorkbench, PROFILE, reviewDemo, ROOT, type Workbench } from './decision-fixture';
import { testCreate } from '../../support/change-record';

let wb: Workbench;
let caseId: string;

beforeAll(async () => {
  wb = await openWorkbench();
  caseId = (await wb.call('cases.loadDemo', {})).caseId;
});
afterAll(async () => {
  await fs.rm(wb.dataDir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function withRationale(ds: CodeDetermination[]): CodeDetermination[] {
  return ds.map((d) => ({ ...d, outcome: 'cannot-establish', clinicalRationale: 'Without a psychological evaluation the trial cannot be judged safe for this member.' }));
}

describe('deciding and signing', () => {
  it('prefills the draft from the evaluation without saving it, with its cited reason', async () => {
    await reviewDemo(wb, caseId);
    const s = await wb.call('decision.get', { caseId });
    expect(s.draftSaved).toBe(false);
    const d = s.draft!.determinations[0]!;
    expect(d).toMatchObject({ code: '63650', outcome: 'cannot-establish', requestedUnits: 2 });
    expect(d.reasons[0]).toMatchObject({ guidelineId: 'CMM-211', criterionId: 'CMM-211.trial.mental-health-evaluation', version: 'FAQ (undated)' });
    expect(d.reasons[0]!.guidelineTitle).toMatch(/^Spinal cord stimulator/);
    expect(d.whatWouldChange).toMatch(/mental health provider/);
    expect(s.unmetCriteriaByCode['63650']).toEqual(['CMM-211.trial.mental-health-evaluation']);
    expect((await wb.session.store.getCase(caseId)).determination).toBeUndefined();
  });

  it('refuses a letter before anything is signed', async () => {
    const e = await wb.refused('letter.preview', { caseId, revisionId: `${caseId}-r1` });
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/only from a signed determination/);
  });

  it('refuses to sign while the checks fail, with their plain messages, and changes nothing', async () => {
    const e = await wb.refused('decision.sign', { caseId });
    expect(e.code).toBe('conflict');
    expect(e.issues).toEqual(expect.arrayContaining([expect.stringMatching(/reviewer profile/), expect.stringMatching(/63650: write the clinical judgment/)]));
    const c = await wb.session.store.getCase(caseId);
    expect(c.status).not.toBe('signed');
    expect(c.revisions).toHaveLength(0);
  });

  it('refuses an approval against an unmet criterion without an exception rationale', async () => {
    const s = await wb.call('decision.get', { caseId });
    const approved = s.draft!.determinations.map((d) => ({ ...d, outcome: 'approved' as const, approvedUnits: 2, authorization: { start: '2026-12-07', end: '2027-03-06' } }));
    const after = await wb.call('decision.edit', { caseId, determinations: approved });
    expect(after.draftSaved).toBe(true);
    expect(after.problems.map((p) => p.kind)).toContain('approval-against-unmet-criterion');
    const fixed = await wb.call('decision.edit', { caseId, determinations: approved.map((d) => ({ ...d, exceptionRationale: 'Evaluated in person by the director.' })) });
    expect(fixed.problems.map((p) => p.kind)).not.toContain('approval-against-unmet-criterion');
  });

  it('signs with the saved profile; the case becomes read-only', async () => {
    const { profile } = await wb.call('settings.setProfile', { profile: PROFILE });
    expect(profile.name).toBe(PROFILE.name);
    expect(JSON.parse(await fs.readFile(path.join(wb.dataDir, 'settings', 'profile.json'), 'utf8'))).toMatchObject(PROFILE);
    const s = await wb.call('decision.get', { caseId });
    const edited = await wb.call('decision.edit', { caseId, determinations: withRationale(s.suggested) });
    expect(edited.problems).toEqual([]);
    const signed = await wb.call('decision.sign', { caseId });
    expect(signed.status).toBe('signed');
    expect(signed.draft).toBeNull();
    expect(signed.revisions).toHaveLength(1);
    expect(signed.revisions[0]!.signer).toMatchObject({ name: PROFILE.name, credentials: PROFILE.credentials });
    expect(signed.revisions[0]!.determinations[0]!.outcome).toBe('cannot-establish');

    expect((await wb.refused('decision.edit', { caseId, determinations: withRationale(s.suggested) })).code).toBe('read-only');
    expect((await wb.refused('decision.sign', { caseId })).code).toBe('read-only');
    expect((await wb.refused('findings.set', { caseId, criterionId: 'CMM-211.trial.conservative-care', status: 'not-met' })).code).toBe('read-only');
    expect((await wb.session.store.getCase(caseId)).revisions).toHaveLength(1);
  });

  it('previews the letter from an encrypted copy kept with the case, served to the viewer', async () => {
    const revisionId = `${caseId}-r1`;
    const preview = await wb.call('letter.preview', { caseId, revisionId });
    expect(preview.url).toMatch(new RegExp(`^letters/${caseId}/${revisionId}\\.pdf\\?v=`));
    // The local store keeps it at <caseDir>/letters/<revisionId>.pdf, encrypted.
    const onDisk = await fs.readFile(path.join(wb.session.store.caseDir(caseId), 'letters', `${revisionId}.pdf`));
    expect(onDisk.subarray(0, 5).toString()).not.toBe('%PDF-');
    const serve = createAppRequestServer({ rendererDir: path.join(ROOT, 'out', 'renderer'), store: wb.session.store });
    const res = await serve(`/${preview.url.split('?')[0]}`);
    expect(res.status).toBe(200);
    const pdf = Buffer.from(res.body);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(sha256(pdf)).toBe(preview.sha256);
    const file = path.join(wb.dataDir, 'preview.pdf');
    await fs.writeFile(file, pdf);
    expect(preview.pageCount).toBe(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]));
    expect((await serve(`/letters/${caseId}/${caseId}-r9.pdf`)).status).toBe(404);
  });

  it('exports the letter where the reviewer chooses and records its hash; a cancelled dialog changes nothing', async () => {
    const revisionId = `${caseId}-r1`;
    wb.nextSave.cancel = true;
    expect(await wb.call('letter.export', { caseId, revisionId })).toEqual({ saved: false, revisionId });
    expect((await wb.session.store.getCase(caseId)).revisions[0]!.letterSha256).toBeUndefined();
    // Nothing exported yet: there is no folder to show.
    expect((await wb.refused('letter.showInFolder', { caseId, revisionId })).code).toBe('not-found');
    wb.nextSave.cancel = false;
    const out = await wb.call('letter.export', { caseId, revisionId });
    expect(out.saved).toBe(true);
    const file = path.join(wb.saveDir, out.fileName!);
    // The answer names the folder, and the file manager opens on the very file written, nothing else.
    expect(out).toMatchObject({ folder: wb.saveDir, canShowInFolder: true });
    await wb.call('letter.showInFolder', { caseId, revisionId });
    expect(wb.shownInFolder).toEqual([file]);
    expect((await wb.refused('letter.showInFolder', { caseId, revisionId: `${caseId}-r7` })).code).toBe('not-found');
    expect((await wb.refused('letter.showInFolder', { caseId, revisionId: '../../etc' } as never)).code).toBe('invalid-request');
    const bytes = await fs.readFile(file);
    expect(sha256(bytes)).toBe(out.sha256);
    expect((await wb.session.store.getCase(caseId)).revisions[0]!.letterSha256).toBe(out.sha256);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`${PROFILE.name}, ${PROFILE.credentials}`);
    expect(text).toContain('The records do not include an evaluation by a mental health provider');
    // Exporting again gives the very same letter.
    const again = await wb.call('letter.export', { caseId, revisionId });
    expect(again.sha256).toBe(out.sha256);
  });

  it('amends into a new revision that points to the one it replaces; the first is kept as signed', async () => {
    const first = (await wb.session.store.getCase(caseId)).revisions[0]!;
    const amending = await wb.call('decision.amend', { caseId });
    expect(amending.status).toBe('in-review');
    expect(amending.draft!.amends).toBe(first.id);
    const approved = amending.draft!.determinations.map((d) => ({
      ...d,
      outcome: 'approved' as const,
      approvedUnits: 2,
      authorization: { start: '2026-12-07', end: '2027-03-06' },
      exceptionRationale: 'The psychological evaluation arrived with the appeal.',
    }));
    await wb.call('decision.edit', { caseId, determinations: approved });
    const signed = await wb.call('decision.sign', { caseId });
    expect(signed.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(signed.revisions[1]!.supersedes).toBe(first.id);
    expect(signed.revisions[0]).toEqual(first);
    const preview = await wb.call('letter.preview', { caseId, revisionId: signed.revisions[1]!.id });
    expect(preview.sha256).not.toBe(first.letterSha256);
  });
});

describe('the audit trail', () => {
  it('has an event for every change, chained, and says when the chain is broken', async () => {
    const { events, chain } = await wb.call('audit.list', { caseId });
    const types = events.map((e) => e.type);
    for (const t of ['finding-set', 'determination-changed', 'signed', 'letter-exported', 'amended'] as const) expect(types).toContain(t);
    expect(types.filter((t) => t === 'signed')).toHaveLength(2);
    // Two exports, one cancelled: only the saved ones are recorded.
    expect(types.filter((t) => t === 'letter-exported')).toHaveLength(2);
    expect(events.find((e) => e.type === 'signed')!.summary).toContain(PROFILE.name);
    // Before a profile is saved the trail names the OS account; from then on the director, with the account.
    const profileSavedAt = events.findIndex((e) => e.type === 'signed');
    expect(events[0]!.actor).toBe('unit-reviewer');
    expect(events[profileSavedAt]!.actor).toBe(`${PROFILE.name} (unit-reviewer)`);
    expect(events.at(-1)!.actor).toBe(`${PROFILE.name} (unit-reviewer)`);
    expect(chain).toEqual({ ok: true, count: events.length });
    events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? '0'.repeat(64) : events[i - 1]!.hash));
    // Nothing about the member in the trail.
    expect(JSON.stringify(events)).not.toMatch(/Mercer|1971-04-17/);

    const file = path.join(wb.session.store.caseDir(caseId), 'audit.jsonl');
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\n');
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    await fs.writeFile(file, `${lines.join('\n')}\n`);
    const broken = await wb.call('audit.list', { caseId });
    expect(broken.chain.ok).toBe(false);
  });
});

describe('checks that depend on the member and the codes', () => {
  it('asks a Medicare Advantage member\'s director to confirm CMS policy, and records it', async () => {
    const demo = await wb.session.store.getCase(caseId);
    const ma = { ...demo, id: 'ma-case', status: 'new' as const, revisions: [], determination: undefined, findings: {}, documents: [], marks: [] };
    ma.request = { ...demo.request, plan: { ...demo.request.plan, lineOfBusiness: 'medicare-advantage' } };
    await wb.session.store.createCase(ma, [], testCreate());
    const s = await wb.call('decision.get', { caseId: 'ma-case' });
    expect(s.cmsPolicyApplies).toBe(true);
    expect(s.problems.find((p) => p.kind === 'cms-policy-not-acknowledged')?.message).toMatch(/CMS coverage policy supersedes/);
    const ack = await wb.call('decision.acknowledgeCms', { caseId: 'ma-case' });
    expect(Number.isNaN(Date.parse(ack.draft!.cmsPolicyAcknowledgedAt ?? ''))).toBe(false);
    expect(ack.problems.map((p) => p.kind)).not.toContain('cms-policy-not-acknowledged');
    expect((await wb.call('audit.list', { caseId: 'ma-case' })).events.map((e) => e.type)).toEqual(['case-created', 'cms-policy-acknowledged']);
    const commercial = { ...ma, id: 'commercial-case', request: { ...ma.request, plan: { ...ma.request.plan, lineOfBusiness: 'commercial' as const } } };
    await wb.session.store.createCase(commercial, [], testCreate());
    const notMedicare = await wb.refused('decision.acknowledgeCms', { caseId: 'commercial-case' });
    expect(notMedicare.code).toBe('conflict');
    expect(notMedicare.message).toMatch(/applies only to Medicare and Medicare Advantage/);
  });

  it('does not let an add-on code be approved when its primary is denied', async () => {
    const demo = await wb.session.store.getCase(caseId);
    const fusion = { ...demo, id: 'addon-case', status: 'new' as const, revisions: [], determination: undefined, findings: {}, documents: [], marks: [] };
    fusion.request = { ...demo.request, codes: [{ code: '22551', units: 1, modifiers: [] }, { code: '22552', units: 1, modifiers: [] }] };
    await wb.session.store.createCase(fusion, [], testCreate());
    const base = { requestedUnits: 1, reasons: [{ text: 'Not supported.', source: 'Benefit plan' }], clinicalRationale: 'x', whatWouldChange: 'y' };
    const s = await wb.call('decision.edit', {
      caseId: 'addon-case',
      determinations: [
        { ...base, code: '22551', outcome: 'denied-not-medically-necessary' },
        { ...base, code: '22552', outcome: 'approved', approvedUnits: 1, authorization: { start: '2026-12-07', end: '2027-03-06' } },
      ],
    });
    expect(s.problems.find((p) => p.kind === 'add-on-primary-not-approved')?.code).toBe('22552');
  });
});

describe('the turnaround clock and the profile', () => {
  it('gives the due date from the turnaround table, and stops at signing', async () => {
    const t = await wb.call('turnaround.get', { caseId });
    const demo = await wb.session.store.getCase(caseId);
    expect(Date.parse(t.dueAt)).toBeGreaterThan(Date.parse(demo.request.receivedAt));
    expect(t.source.length).toBeGreaterThan(10);
    expect(t.decidedAt).toBe(demo.revisions[1]!.signedAt);
    expect((await wb.call('turnaround.get', { caseId: 'ma-case' })).decidedAt).toBeUndefined();
  });

  it('refuses a profile without a usable phone, naming the field', async () => {
    const e = await wb.refused('settings.setProfile', { profile: { ...PROFILE, peerToPeerPhone: 'call me' } });
    expect(e.code).toBe('invalid-request');
    expect(e.message).toMatch(/phone/);
    expect((await wb.call('settings.getProfile', {})).profile?.peerToPeerPhone).toBe(PROFILE.peerToPeerPhone);
  });
});
