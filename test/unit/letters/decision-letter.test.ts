import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../../shared/case/schema';
import type { CodeDetermination } from '../../../shared/determination/schema';
import { amendDetermination, editDraft, latestRevision, signDetermination } from '../../../shared/determination/sign-and-amend';
import { buildLetterModel, type LetterOptions } from '../../../shared/letter/letter-model';
import { loadLetterOptions } from '../../../main/letters/load-letter-resources';
import { renderDecisionLetter } from '../../../main/letters/render-decision-letter';
import { runCli } from '../../../main/cli';
import { approval, denial, makeCase, signedCase, signer } from '../determination/case-fixture';

const root = path.resolve(__dirname, '../../..');
let options: LetterOptions;
let tmp: string;

beforeAll(async () => {
  options = await loadLetterOptions(root);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'letters-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Renders the latest revision's letter and reads its text back the way a member's PDF reader would. */
async function renderText(c: CaseFile, name: string): Promise<{ text: string; layout: string; pdf: Buffer; file: string }> {
  const rev = latestRevision(c);
  if (!rev) throw new Error('unsigned');
  const pdf = await renderDecisionLetter(buildLetterModel(c, rev, { ...options, guidelineTitles: { ...options.guidelineTitles, 'CMM.PRF': 'Preface to the Comprehensive Musculoskeletal Management Guidelines' } }));
  const file = path.join(tmp, `${name}.pdf`);
  await fs.writeFile(file, pdf);
  // Reading order keeps each table cell whole; layout order keeps each label beside its value.
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const layout = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (process.env.LETTER_PNG_DIR) execFileSync('pdftoppm', ['-r', '70', '-png', file, path.join(process.env.LETTER_PNG_DIR, name)]);
  return { text, layout, pdf, file };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');

/** The member-facing part: from the salutation to the provider section, without addresses or letterhead. */
function memberPart(text: string): string {
  const t = squash(text);
  return t.slice(t.indexOf('Dear '), t.indexOf('For the requesting provider: criteria detail'));
}

/** All-capital words in prose that are not introduced in parentheses somewhere in the letter. */
function unexplainedAcronyms(text: string, allowed: string[]): string[] {
  const prose = text.replace(/\S*[\d.]\S*/g, ' ');
  const found = new Set(prose.match(/\b[A-Z]{2,}\b/g) ?? []);
  return [...found].filter((a) => !allowed.includes(a) && !text.includes(`(${a})`));
}

function expectDenialElements({ text, layout }: { text: string; layout: string }, line: 'commercial' | 'medicare-advantage' | 'medicaid'): void {
  const t = squash(text);
  const member = memberPart(text);
  // Letterhead, date, addresses, RE line, page numbering.
  expect(t).toContain('Northfield Utilization Review');
  expect(t).toContain('September 3, 2026');
  expect(t).toContain('14 Elm Street');
  expect(layout).toMatch(/RE:\s+Member\s+Jordan Q Sample/);
  expect(layout).toMatch(/Member number\s+W123456789/);
  expect(layout).toMatch(/Reference number\s+C-2026-0042-1/);
  const pages = Number(/Page 1 of (\d+)/.exec(t)?.[1]);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(t).toContain(`Page ${pages} of ${pages}`);
  // The specific reason for the code, in words.
  expect(member).toContain('Why we could not approve 63650 (placing spinal cord stimulator electrodes through the skin)');
  expect(member).toContain('The records do not reconcile the radiologist’s reading of your lumbar spine scan');
  // Guideline, version and criterion relied on, and the free copy.
  expect(member).toContain(
    'What we relied on: the Preface to the Comprehensive Musculoskeletal Management Guidelines (CMM.PRF), one of the Comprehensive Musculoskeletal Management (CMM) guidelines, version 1.0.2026.',
  );
  // Criterion ids stay in the provider's table.
  expect(member).not.toContain('CMM.PRF.imaging-reconciled');
  expect(member).toMatch(/ask for a free copy of the guideline/);
  // What would change the outcome, and the clinical judgment applied to this member.
  expect(member).toContain('What could change this decision: An addendum from the treating physician or radiologist');
  expect(member).toContain("Our reviewing doctor's judgment about your situation: The pain physician describes severe stenosis");
  // How to appeal and by when, with expedited appeal.
  const deadline = { commercial: ['180', 'March 2, 2027'], 'medicare-advantage': ['65', 'November 7, 2026'], medicaid: ['60', 'November 2, 2026'] }[line];
  expect(member).toContain(`by ${deadline[1]}`);
  expect(member).toContain(`${deadline[0]} days from the date of this letter`);
  expect(member).toMatch(/fast \(expedited\) (appeal|reconsideration) by calling 1-800-555-0142/);
  expect(member).toContain('within 72 hours');
  // Peer-to-peer with a phone number; the director's name and credentials.
  expect(member).toContain('Your provider can call Dana Whitfield, MD, FAAPMR at 1-800-555-0188 ext. 2210');
  expect(member).toContain('Dana Whitfield, MD, FAAPMR');
  expect(member).toContain('Medical Director');
  // Plain language: every acronym is explained (credentials aside).
  // Postal abbreviations in the appeals address are an address, not prose.
  expect(unexplainedAcronyms(member.replace(options.wording.organization.appealsAddress, ''), ['MD', 'FAAPMR'])).toEqual([]);
  // The provider section carries the criterion as the guideline words it, and the regulation behind the appeal deadline.
  const provider = t.slice(t.indexOf('For the requesting provider: criteria detail'));
  expect(provider).toContain('Clinically significant discrepancies in interpretations between the ordering provider and the radiologist');
  expect(provider).toMatch(/CMM\.PRF\s+v1\.0\.2026/);
  expect(provider).toContain({ commercial: '2560.503-1(h)(3)(i)', 'medicare-advantage': '422.582(b)', medicaid: '438.402(c)(2)(ii)' }[line]);
}

describe('decision letters', () => {
  it('denial: states every required element (commercial, Medicare Advantage, Medicaid)', async () => {
    for (const line of ['commercial', 'medicare-advantage', 'medicaid'] as const) {
      const letter = await renderText(signedCase([denial()], { lineOfBusiness: line }), `denial-${line}`);
      const { text } = letter;
      expect(squash(text)).toContain('Notice of denial of coverage');
      expectDenialElements(letter, line);
      const cms = 'the coverage rules of the Centers for Medicare & Medicaid Services come before our musculoskeletal guidelines';
      if (line === 'medicare-advantage') expect(squash(text)).toContain(cms);
      else expect(squash(text)).not.toContain(cms);
    }
  });

  it('traditional Medicare denial: resubmission and claim redetermination rights, CMS rules first', async () => {
    const { text } = await renderText(signedCase([denial()], { lineOfBusiness: 'medicare' }), 'denial-medicare');
    const t = squash(text);
    expect(t).toContain('Your provider can send us a new request with more records at any time');
    expect(t).toContain('ask for a redetermination within 120 days of receiving that claim decision');
    expect(t).toContain('We will decide an expedited request within 2 business days.');
    expect(t).toContain('Because you have Medicare, the coverage rules of the Centers for Medicare & Medicaid Services come before');
    expect(t).toContain('405.942(a)');
  });

  it('partial approval: approved units and period, and the denial elements for the rest', async () => {
    const codes = [
      { code: '63650', units: 2, description: 'placing spinal cord stimulator electrodes through the skin' },
      { code: '63685', units: 1, description: 'placing the stimulator generator under the skin' },
    ];
    const letter = await renderText(signedCase([denial(), approval('63685', 1)], { codes }), 'partial-approval');
    const t = squash(letter.text);
    expect(t).toContain('Notice of partial approval');
    expect(t).toContain('63685 (placing the stimulator generator under the skin): 1 unit approved, for services from September 20, 2026 through December 18, 2026.');
    expectDenialElements(letter, 'commercial');
  });

  it('partial approval of units: fewer units than requested', async () => {
    const partly: CodeDetermination = { ...denial(), outcome: 'partially-approved', approvedUnits: 1, authorization: { start: '2026-09-20', end: '2026-12-18' } };
    const { text } = await renderText(signedCase([partly]), 'partial-units');
    const t = squash(text);
    expect(t).toContain('Notice of partial approval');
    expect(t).toContain('1 unit approved of the 2 units requested');
    expect(t).toMatch(/Partly approved: 1 unit of 2/);
    expect(t).toContain('Why we could not approve all of 63650');
  });

  it('approval: units and period, no appeal section', async () => {
    const { text } = await renderText(signedCase([approval()]), 'approval');
    const t = squash(text);
    expect(t).toContain('Notice of approval');
    expect(t).toContain('2 units approved, for services from September 20, 2026 through December 18, 2026');
    expect(t).toContain('Dana Whitfield, MD, FAAPMR');
    expect(t).not.toContain('How to appeal');
    expect(unexplainedAcronyms(memberPart(text), ['MD', 'FAAPMR'])).toEqual([]);
  });

  it('redirect: sent to the health plan, not a denial', async () => {
    const redirected: CodeDetermination = { code: '63650', requestedUnits: 2, outcome: 'redirected', reasons: [{ text: 'Out of scope.', source: 'CMM.PRF Out of Scope Requests' }], clinicalRationale: '' };
    const { text } = await renderText(signedCase([redirected]), 'redirect');
    const t = squash(text);
    expect(t).toContain('Notice that your request was sent to your health plan');
    expect(t).toContain('This is not a denial.');
    expect(t).toContain('Out of scope. Your health plan, Example Health Choice, will write to you with its decision.');
    expect(t).not.toContain('How to appeal');
  });

  it('amended letter names the letter it replaces; the same revision renders the same bytes', async () => {
    const first = signedCase([denial()]);
    const amended = amendDetermination(first, new Date('2026-09-10T09:00:00Z'));
    if (!amended.ok) throw new Error('amend');
    const edited = editDraft(amended.caseFile, () => [approval()], new Date('2026-09-10T09:01:00Z'));
    if (!edited.ok) throw new Error('edit');
    const signed = signDetermination(edited.caseFile, signer, new Date('2026-09-10T10:00:00Z'));
    if (!signed.ok) throw new Error(signed.problems.join());
    const a = await renderText(signed.caseFile, 'amended');
    expect(squash(a.text)).toContain('This letter replaces our letter of September 3, 2026 (reference C-2026-0042-1).');
    expect(a.layout).toMatch(/Reference number\s+C-2026-0042-2/);
    const b = await renderText(signed.caseFile, 'amended-again');
    expect(createHash('sha256').update(a.pdf).digest('hex')).toBe(createHash('sha256').update(b.pdf).digest('hex'));
  });

  it('names guidelines with the catalogue titles, without repeating the id', () => {
    const scs = { ...denial(), reasons: [{ text: 'Six months of conservative care are not documented.', guidelineId: 'CMM-211', version: 'v1.0.2026', criterionId: 'CMM-211-SCS-TRIAL.conservative-care' }] };
    const c = signedCase([scs]);
    const rev = latestRevision(c);
    if (!rev) throw new Error('unsigned');
    const model = buildLetterModel(c, rev, options);
    const relied = model.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'paragraph' && b.text.startsWith('What we relied on'));
    expect(relied).toMatchObject({
      lead: 'What we relied on:',
      text: `What we relied on: the ${options.guidelineTitles?.['CMM-211']}, one of the Comprehensive Musculoskeletal Management (CMM) guidelines, version 1.0.2026.`,
    });
    expect(relied?.kind === 'paragraph' && relied.text.match(/\(CMM-211\)/g)?.length).toBe(1);

    // The SCS criteria come from an undated FAQ: named as such, not as "version FAQ (undated)".
    const faq = { ...scs, reasons: [{ ...scs.reasons[0]!, version: 'FAQ (undated)' }] };
    const faqCase = signedCase([faq]);
    const faqModel = buildLetterModel(faqCase, latestRevision(faqCase)!, options);
    const faqRelied = faqModel.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'paragraph' && b.text.startsWith('What we relied on'));
    expect(faqRelied?.kind === 'paragraph' && faqRelied.text).toMatch(/guidelines, an undated FAQ\.$/);
  });

  it('comes only from a signed revision of the case', () => {
    const c = signedCase([denial()]);
    const rev = latestRevision(c);
    if (!rev) throw new Error('unsigned');
    expect(() => buildLetterModel(makeCase(), rev, options)).toThrow(/only from a signed revision/);
  });

  it('CLI: writes the PDF of a signed case, refuses an unsigned one', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const signedFile = path.join(tmp, 'signed.json');
    await fs.writeFile(signedFile, JSON.stringify(signedCase([denial()])));
    const pdfFile = path.join(tmp, 'cli', 'letter.pdf');
    expect(await runCli(['letter', signedFile, '--out', pdfFile], io)).toBe(0);
    expect(out[0]).toMatch(/^Wrote .*letter\.pdf: Notice of denial of coverage, revision 1, \d+ bytes, sha256 [a-f0-9]{64}\.$/);
    expect(squash(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }))).toContain('Why we could not approve 63650');
    const unsignedFile = path.join(tmp, 'unsigned.json');
    await fs.writeFile(unsignedFile, JSON.stringify(makeCase()));
    expect(await runCli(['letter', unsignedFile, '--out', path.join(tmp, 'no.pdf')], io)).toBe(1);
    expect(err).toEqual(['Case C-2026-0042 has no signed revision: a letter is made only from a signed determination. Sign it first.']);
    await expect(fs.access(path.join(tmp, 'no.pdf'))).rejects.toThrow();
  });
});
