/** `import-fhir` and `export-fhir` through the real CLI on an encrypted temp data folder. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli';
import { tempDir, textPdf, qpdf } from '../text/pdf-fixtures';
import { pasRequestBundle } from './pas-fixtures';
import { validateFhirBundle } from '../../../main/fhir/validate-fhir';
import { surgicalBundle, modificationBundle } from './pas-scenarios';
import { openStoreForCli } from '../../../main/cli/open-store';
import { testChange } from '../../support/change-record';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A temp folder with an empty data folder and its passphrase file. */
function dataFolder() {
  const dir = tempDir('wb-fhir-cli-');
  const key = path.join(dir, 'key.txt');
  writeFileSync(key, 'correct horse battery staple\n');
  return { dir, data: path.join(dir, 'data'), key };
}

describe('import-fhir / export-fhir', () => {
  it('imports a bundle with a PDF into a new case, refuses a broken one, and refuses to export an unsigned case', { timeout: 60_000 }, async () => {
    const { dir, data, key } = dataFolder();
    const pdf = await textPdf([['Progress note for the stimulator trial.']]);
    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(pasRequestBundle({ pdfs: [{ title: 'Progress note', bytes: pdf }] })));

    const imported = await cli(['import-fhir', good, '--data', data, '--key-file', key, '--init']);
    expect(imported.err).not.toMatch(/^error/m);
    expect(imported.code).toBe(0);
    const caseId = imported.out.trim().split('\n').at(-1)!;
    expect(imported.out).toMatch(/^Created a new, empty data folder at /);
    expect(caseId).toMatch(/^PA-20260928-[a-f0-9]{8}$/);
    const listed = await cli(['cases', 'list', '--json', '--data', data, '--key-file', key]);
    expect(JSON.parse(listed.out).map((c: { id: string }) => c.id)).toEqual([caseId]);

    const locked = path.join(dir, 'locked.json');
    writeFileSync(locked, JSON.stringify(pasRequestBundle({ pdfs: [{ title: 'Locked', bytes: qpdf(pdf, ['--encrypt', 'u', 'o', '256', '--'], dir) }] })));
    const refused = await cli(['import-fhir', locked, '--data', data, '--key-file', key]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/"Locked.pdf": This PDF is password-protected/);
    // A date of birth the profiles leave optional is a gap in the new case, not a refusal.
    const missing = path.join(dir, 'missing.json');
    writeFileSync(missing, JSON.stringify(pasRequestBundle({ birthDate: null })));
    const incomplete = await cli(['import-fhir', missing, '--data', data, '--key-file', key]);
    expect(incomplete.code).toBe(0);
    expect(incomplete.err).toMatch(/gap: Member's date of birth is missing/);
    expect(JSON.parse((await cli(['cases', 'list', '--json', '--data', data, '--key-file', key])).out)).toHaveLength(2);
    const noMember = path.join(dir, 'no-member.json');
    writeFileSync(noMember, JSON.stringify(pasRequestBundle({ memberId: null })));
    const refusedMember = await cli(['import-fhir', noMember, '--data', data, '--key-file', key]);
    expect(refusedMember.code).toBe(1);
    expect(refusedMember.err).toMatch(/error: Coverage.identifier: No member id/);

    const unsigned = await cli(['export-fhir', caseId, '--data', data, '--key-file', key]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.err).toMatch(/no signed determination/);

    // Signed (as the sign service would record it), the case exports as a valid PAS response.
    const store = await openStoreForCli({ dataDir: data, keyFile: key, env: {} });
    await store.updateCase(caseId, (c) => {
      c.status = 'signed';
      c.revisions.push({
        id: 'rev-1',
        number: 1,
        signedAt: '2026-09-30T15:00:00Z',
        signer: { name: 'Dana Whitfield', credentials: 'MD' },
        determinations: [{ code: '63650', requestedUnits: 2, outcome: 'approved', approvedUnits: 2, authorization: { start: '2026-10-05', end: '2027-01-02' }, reasons: [], clinicalRationale: '' }],
      });
    }, testChange());
    const exported = await cli(['export-fhir', caseId, '--data', data, '--key-file', key]);
    expect(exported.code).toBe(0);
    const bundle = JSON.parse(exported.out);
    expect(validateFhirBundle(bundle).filter((i) => i.severity === 'error').map((i) => `${i.where} ${i.message} ${i.against}`)).toEqual([]);
    expect(bundle.entry[0].resource).toMatchObject({ outcome: 'complete', preAuthRef: `${caseId}-R1`, request: { identifier: { value: 'TRN-2026-000117' } } });
  });
});

describe('validate-fhir and PAS updates through the CLI', () => {
  it('prints a Bundle\'s problems and exits 1 on errors; an update is applied to its case, not made a second case', { timeout: 90_000 }, async () => {
    const { dir, data, key } = dataFolder();
    const goodFile = path.join(dir, 'surgical.json');
    const pdf = Buffer.from(await textPdf([['Operative plan.']])).toString('base64');
    writeFileSync(goodFile, JSON.stringify(surgicalBundle({ pdfBase64: pdf })));
    const ok = await cli(['validate-fhir', goodFile]);
    expect(ok.out.split('\n').at(-1)).toBe('0 errors, 0 warnings');
    expect(ok.code).toBe(0);
    const bad = JSON.parse(JSON.stringify(surgicalBundle()));
    delete bad.entry[0].resource.item[0].extension;
    const badFile = path.join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const broken = await cli(['validate-fhir', badFile]);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^error {3}Bundle\.entry\[0\]\.resource\.item\[0\]\.extension {2}Missing required property {2}\(PASClaim, profile\)$/m);
    expect(broken.out).toMatch(/Incorrect number of values provided for slice 'requestType'/);

    const created = await cli(['import-fhir', goodFile, '--data', data, '--key-file', key, '--init']);
    expect(created.code).toBe(0);
    const caseId = created.out.trim().split('\n').at(-1)!;
    const updFile = path.join(dir, 'modification.json');
    writeFileSync(updFile, JSON.stringify(modificationBundle({ pdfBase64: pdf })));
    const updated = await cli(['import-fhir', updFile, '--data', data, '--key-file', key]);
    expect(updated.code).toBe(0);
    expect(updated.out.trim()).toBe(caseId);
    expect(updated.err).toMatch(/changed: Cancelled 63685/);
    const listed = JSON.parse((await cli(['cases', 'list', '--json', '--data', data, '--key-file', key])).out);
    expect(listed.map((c: { id: string; codes: string[] }) => [c.id, c.codes])).toEqual([[caseId, ['63650']]]);
  });
});

describe('CLI options', () => {
  it('refuses an option without its value, or with another option in its place, as a usage error', async () => {
    for (const args of [
      ['export-fhir', 'PA-1', '--out'],
      ['import-fhir', 'b.json', '--guideline', '--data', '/nowhere'],
      ['letter', 'case.json', '--out'],
      ['rules', 'check', '--rules'],
      ['cases', 'list', '--data'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')[0], args.join(' ')).toMatch(/^--(out|guideline|rules|data) needs a value$/);
    }
    const badId = await cli(['audit', 'verify', '../etc', '--data', '/nowhere']);
    expect(badId.code).toBe(2);
    expect(badId.err.split('\n')[0]).toBe('a case id is letters, digits, - and _');
  });
});
