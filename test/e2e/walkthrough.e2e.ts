/**
 * The review as a director does it (../shared/design/REVIEW-WALKTHROUGH.md, steps 1–8) on the
 * demo case, in Chromium against the real services, with the keyboard wherever the screens
 * allow it, counting every click and key press per step and printing them. Step 8 adds the
 * provider's addendum (a PDF made here, reconciling the MRI), amends, signs revision 2 and
 * exports its letter. Recording the study and both readings must take at most 8 clicks and
 * 60 key presses besides typed summaries.
 *
 * Counted: a click, a drag (selecting text or drawing an area), choosing a file, each key press
 * (a chord such as Alt+2 is one). Typed prose (the clinical rationale) is counted apart as
 * characters. Not counted: the reviewer profile, set once per machine before the review.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { renderPdf } from '../../main/pdf/render-pdf';
import { ROOT, startHarness, type Harness } from './harness';
import { invoke } from './window-api';
import { PROFILE } from '../support/demo-review';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

const CASE = 'demo-scs-trial';
const shots = path.join(ROOT, 'test-results');
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await h?.close();
});

/** Every action the director takes, per step. */
class Counter {
  steps: { step: string; clicks: number; keys: number; typed: number }[] = [];
  constructor(private page: Page) {}
  private get now() {
    return this.steps.at(-1)!;
  }
  begin(step: string) {
    this.steps.push({ step, clicks: 0, keys: 0, typed: 0 });
  }
  async click(l: Locator) {
    this.now.clicks += 1;
    await l.click();
  }
  /** One drag in the record: a text selection, released. */
  async select(pattern: RegExp) {
    this.now.clicks += 1;
    return selectTextInPdf(this.page, pattern);
  }
  async press(...keys: string[]) {
    for (const k of keys) {
      this.now.keys += 1;
      await this.page.keyboard.press(k);
    }
  }
  /** Keys that are commands or short entries (a filter, a number): each one counted. */
  async keysOf(text: string) {
    this.now.keys += text.length;
    await this.page.keyboard.type(text);
  }
  /** Prose the director writes (a rationale): counted as typed characters, apart from the keys. */
  async prose(text: string) {
    this.now.typed += text.length;
    await this.page.keyboard.type(text);
  }
  async chooseFile(input: Locator, file: string) {
    this.now.clicks += 1;
    await input.setInputFiles(file);
  }
  async drag(from: { x: number; y: number }, to: { x: number; y: number }) {
    this.now.clicks += 1;
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 6 });
    await this.page.mouse.up();
  }
  /** Counts from step `from` to the current one, for a part of the walk measured on its own. */
  mark() {
    const s = this.now;
    return { clicks: s.clicks, keys: s.keys };
  }
  print() {
    const lines = this.steps.map((s) => `  ${s.step.padEnd(44)} ${String(s.clicks).padStart(3)} clicks ${String(s.keys).padStart(4)} keys${s.typed ? `  (+${s.typed} characters of prose)` : ''}`);
    const total = this.steps.reduce((a, s) => ({ clicks: a.clicks + s.clicks, keys: a.keys + s.keys, typed: a.typed + s.typed }), { clicks: 0, keys: 0, typed: 0 });
    console.log(`Walkthrough, clicks and keys per step:\n${lines.join('\n')}\n  ${'total'.padEnd(44)} ${String(total.clicks).padStart(3)} clicks ${String(total.keys).padStart(4)} keys  (+${total.typed} characters of prose)`);
  }
}

/** The provider's addendum after the peer-to-peer: the radiologist's reading reconciled with the clinic's. */
async function addendumPdf(): Promise<string> {
  const file = path.join(h.dataDir, 'MRI addendum (reconciled).pdf');
  const lines = [
    { text: 'LAKESIDE DIAGNOSTIC IMAGING', bold: true, fontSize: 14 },
    { text: 'ADDENDUM TO MRI LUMBAR SPINE 03/03/2026 (Accession LDI-26-0303-4471)', bold: true, margin: [0, 8, 0, 8] },
    { text: 'Reviewed with Elena M. Vasquez, MD after a peer-to-peer discussion on 12/04/2026.' },
    { text: 'The images were reviewed together and the two readings are reconciled.', margin: [0, 6, 0, 6] },
    { text: 'Agreed reading: mild left foraminal narrowing at L4-5 without root compression.', margin: [0, 0, 0, 6] },
    { text: 'The clinic note describing severe L4-5 stenosis is corrected by Dr. Vasquez.' },
    { text: 'Electronically signed by Priya N. Raman, MD, 12/04/2026 16:10', margin: [0, 12, 0, 0] },
  ];
  await fs.writeFile(file, await renderPdf({ pageSize: 'LETTER', content: lines as never }));
  return file;
}

const focusedRow = (page: Page) => page.locator('[data-criterion-row][data-focused="true"]');

describe('the review walkthrough, steps 1–8', () => {
  it('walks the demo review with the keyboard where it can, and counts the clicks and keys', async () => {
    const page = h.page;
    const c = new Counter(page);
    const addendum = await addendumPdf();
    await page.getByTestId('empty-queue').waitFor();
    // The director's profile exists on their machine before any review: not part of the walk.
    await invoke(page, 'settings.setProfile', { profile: PROFILE });

    // 1. The queue: the demo case, opened.
    c.begin('1 queue: open the case');
    await c.click(page.getByTestId('open-demo').first());
    await page.getByTestId('criteria-panel').waitFor();

    // 2. The case opens: header, records with page counts, the criteria in effect.
    c.begin('2 the case opens');
    const header = await page.locator('header').first().innerText();
    for (const want of ['Jordan A. Mercer', 'DOB April 17, 1971', 'Harborline Health Select PPO', 'Commercial', '63650 ×2', 'DOS December 7, 2026', 'M96.1', 'Elena M. Vasquez, MD', 'Standard']) expect(header).toContain(want);
    await expect.poll(() => page.getByTestId('turnaround-clock').innerText()).toMatch(/left|Overdue/);
    const docs = await page.getByTestId('document-item').allInnerTexts();
    expect(docs.join(' | ')).toMatch(/Pain clinic progress notes[\s\S]*6 pages[\s\S]*MRI lumbar spine report[\s\S]*2 pages[\s\S]*Physical therapy notes \(faxed\)[\s\S]*3 pages/);
    // The guideline's own criteria first, then the Preface.
    const ruleOrder = await page.locator('[data-testid^="rule-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(ruleOrder[0]).toMatch(/CMM-211/);
    await page.screenshot({ path: path.join(shots, 'walkthrough-2-case.png') });

    // 3. Reading: to the conservative-care criterion with n, its first suggestion with ], m marks it;
    // find "discharged from PT" in the OCR'd fax, and mark an area of it.
    c.begin('3 reading: suggestion, find, area mark');
    for (let i = 0; i < 12 && (await focusedRow(page).getAttribute('data-criterion-row').catch(() => null)) !== 'CMM-211.trial.conservative-care'; i++) await c.press('n');
    await expect.poll(() => focusedRow(page).getAttribute('data-criterion-row')).toBe('CMM-211.trial.conservative-care');
    await c.press(']');
    await page.locator('.wb-flash').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'walkthrough-3-suggestion.png') });
    await c.press('m');
    const conservative = page.getByTestId('criterion-CMM-211.trial.conservative-care');
    await expect.poll(() => conservative.getByTestId('criterion-mark').count()).toBe(1);
    // The fax has no text layer: OCR runs in the background; find waits for it, the director does not.
    await expect.poll(() => page.getByTestId('document-item').filter({ hasText: 'Physical therapy notes' }).innerText(), { timeout: 120_000 }).toMatch(/text recognized/);
    await c.press('Control+f');
    await c.keysOf('discharged from PT');
    await page.getByTestId('find-hit').first().waitFor();
    await c.press('Enter');
    await expect.poll(() => page.locator('[data-testid="document-item"].Mui-selected').innerText()).toContain('Physical therapy notes');
    const hitPage = Number(await page.getByTestId('page-input').inputValue());
    await c.press('Escape', 'a');
    const pageDiv = page.locator(`.pdfViewer .page[data-page-number="${hitPage}"]`);
    const box = (await pageDiv.boundingBox())!;
    const view = page.viewportSize()!;
    // A rectangle across the visible part of the page, where the discharge status is.
    const top = Math.max(box.y, 140) + 40;
    await c.drag({ x: box.x + box.width * 0.08, y: top }, { x: box.x + box.width * 0.9, y: Math.min(top + 90, view.height - 20) });
    await page.getByTestId('mark-picker').waitFor();
    // The criterion reached with n is preselected: Enter saves.
    await c.press('Enter');
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await expect.poll(() => conservative.getByTestId('criterion-mark').count()).toBe(2);

    // 4. Facts: 7 months of conservative care; the criterion turns met by its value.
    c.begin('4 facts: 7 months');
    await c.click(conservative.getByTestId('fact-input'));
    await c.keysOf('7');
    await c.press('Enter');
    await expect.poll(() => conservative.getAttribute('data-status')).toBe('met');
    await page.screenshot({ path: path.join(shots, 'walkthrough-4-fact.png') });

    // 5. Imaging: mark both readings, record the study from the report, link the clinic's reading.
    c.begin('5 imaging: study and both readings');
    await c.click(page.getByTestId('document-item').filter({ hasText: /MRI lumbar spine report/ }));
    await waitForTextLayer(page);
    await c.press('g');
    await c.keysOf('2');
    await c.press('Enter');
    await page.locator('.textLayer span', { hasText: 'without nerve root compression' }).first().waitFor();
    await c.select(/at L4-5 without nerve root compression/);
    await page.getByTestId('mark-picker').waitFor();
    // The picker preselects the criterion you are on; clear it and pick the imaging one.
    await c.press('Backspace');
    await c.keysOf('indep');
    await c.press('Enter', 'Enter');
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await c.click(page.getByTestId('document-item').filter({ hasText: /progress notes/ }));
    await waitForTextLayer(page);
    await c.press('g');
    await c.keysOf('3');
    await c.press('Enter');
    await page.locator('.textLayer span', { hasText: 'shows severe L4-5 stenosis' }).first().waitFor();
    await c.select(/shows severe L4-5 stenosis/);
    await page.getByTestId('mark-picker').waitFor();
    await c.press('Backspace');
    await c.keysOf('indep');
    await c.press('Enter', 'Enter');
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await c.press('Alt+2');
    await page.getByTestId('imaging-tab').waitFor();
    await c.click(page.getByTestId('unused-passage').filter({ hasText: 'without nerve root compression' }).getByTestId('record-study-from-passage'));
    const form = page.getByTestId('study-form');
    await form.waitFor();
    // Prefilled from the report's text: the director checks and saves.
    expect(await page.getByTestId('study-modality').innerText()).toBe('MRI');
    expect(await page.getByTestId('study-region').inputValue()).toBe('lumbar spine');
    expect(await page.getByTestId('study-date').inputValue()).toBe('03/03/2026');
    expect(await page.getByTestId('study-facility').inputValue()).toBe('Lakeside Diagnostic Imaging');
    expect(await page.getByTestId('study-radiologist').inputValue()).toBe('Priya N. Raman, MD');
    await page.screenshot({ path: path.join(shots, 'walkthrough-5-study-form.png') });
    await c.press('Enter');
    await page.getByTestId('imaging-study').waitFor();
    await expect.poll(() => page.getByTestId('radiologist-mark').count()).toBe(1);
    await c.click(page.getByTestId('unused-passage').filter({ hasText: 'shows severe L4-5 stenosis' }).getByTestId('link-as-provider'));
    await expect.poll(() => page.getByTestId('provider-mark').count()).toBe(1);
    const studyAndReadings = c.mark();
    // Compared: clinically significant, in severity, stenosis and nerve root involvement; nothing in the records reconciles them.
    await c.click(page.getByTestId('discrepancy-significant'));
    for (const a of ['severity', 'stenosis', 'nerve-root']) {
      await c.click(page.getByTestId(`aspect-${a}`));
      await expect.poll(() => page.getByTestId(`aspect-${a}`).getAttribute('aria-pressed')).toBe('true');
    }
    const requirement = page.getByTestId('imaging-requirement');
    await expect.poll(() => requirement.getAttribute('data-status')).toBe('not-met');
    expect(await requirement.innerText()).toContain('MRI lumbar spine of March 3, 2026');
    expect(await page.getByTestId('provider-reading').getByTestId('provider-reader').inputValue()).toBe('Elena M. Vasquez, MD');
    await page.screenshot({ path: path.join(shots, 'walkthrough-5-imaging.png') });

    // 6. Deciding: the remaining findings with n and the status keys, then the determination, signed.
    c.begin('6 deciding: findings, determination, sign');
    await c.press('Alt+1');
    await page.getByTestId('criteria-panel').waitFor();
    const unreviewed = async () => {
      const ev = await invoke<{ evaluation: { rules: { tree: unknown }[] } }>(page, 'review.evaluate', { caseId: CASE });
      const out: string[] = [];
      const walk = (n: { kind: string; id: string; status: string; decidedBy: string; children?: unknown[] }) => (n.kind === 'leaf' ? n.status === 'unreviewed' && n.decidedBy !== 'imaging' && out.push(n.id) : n.children?.forEach((x) => walk(x as never)));
      ev.evaluation.rules.forEach((r) => walk(r.tree as never));
      return out;
    };
    for (let guard = 0; guard < 40; guard++) {
      const open = await unreviewed();
      if (open.length === 0) break;
      const at = await focusedRow(page).getAttribute('data-criterion-row').catch(() => null);
      if (at && open.includes(at)) {
        await c.press(at.endsWith('.crps') ? '4' : '1');
        await expect.poll(() => page.locator(`[data-criterion-row="${at}"]`).getAttribute('data-status')).not.toBe('unreviewed');
      } else await c.press('n');
    }
    expect(await unreviewed()).toEqual([]);
    await c.press('Alt+3');
    const det = page.getByTestId('determination-63650');
    await det.waitFor();
    const outcome = page.getByTestId('outcome-63650');
    if (!/cannot be established/.test(await outcome.innerText())) {
      await c.click(outcome);
      await c.click(page.getByRole('option', { name: /cannot be established/ }));
    }
    await expect.poll(() => outcome.innerText()).toMatch(/cannot be established/);
    expect((await det.getByTestId('reason').allInnerTexts()).join(' ') + (await det.locator('textarea').evaluateAll((t) => t.map((x) => (x as HTMLTextAreaElement).value).join(' ')))).toMatch(/MRI|radiologist|imaging/i);
    await c.click(page.getByTestId('rationale-63650'));
    await c.prose('The independent radiologist and the treating physician disagree on the L4-5 findings, and nothing in the records reconciles them.');
    await c.press('Tab');
    await page.getByTestId('signing-ready').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'walkthrough-6-decision.png') });
    await c.click(page.getByTestId('sign'));
    await page.getByTestId('sign-dialog').waitFor();
    await c.click(page.getByTestId('confirm-sign'));
    await page.getByTestId('signed-banner').waitFor();
    await page.getByTestId('signed-chip').waitFor();

    // 7. The letter: previewed whole, exported, the folder named.
    c.begin('7 the letter: preview, export');
    await c.click(page.getByTestId('preview-letter'));
    const letter = page.getByTestId('letter-preview');
    await letter.locator('.textLayer span').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => letter.getByTestId('letter-zoom').innerText()).toMatch(/%$/);
    const words = async () => (await letter.locator('.textLayer').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
    await expect.poll(words).toContain('Dana R. Whitfield');
    expect(await words()).toMatch(/appeal/i);
    await page.screenshot({ path: path.join(shots, 'walkthrough-7-letter.png') });
    await c.click(letter.getByTestId('export-letter-preview'));
    await page.getByTestId('export-done').waitFor();
    expect(await page.getByTestId('export-done').innerText()).toContain(h.saveDir);
    await c.press('Escape');
    await letter.waitFor({ state: 'detached' });

    // 8. Later: the addendum arrives; added to the signed case, amended, linked, signed again, a new letter.
    c.begin('8 later: addendum, amend, sign, letter');
    await c.click(page.getByTestId('add-records'));
    await c.chooseFile(page.getByTestId('add-records-dialog').getByTestId('file-input'), addendum);
    await expect.poll(() => page.getByTestId('add-records-confirm').innerText()).toBe('Add 1 record');
    await c.click(page.getByTestId('add-records-confirm'));
    await page.getByTestId('amend-offer').waitFor();
    // "Amend the determination" has the focus: Enter.
    await c.press('Enter');
    await page.getByTestId('amend-offer').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('signed-chip').count()).toBe(0);
    await expect.poll(() => page.locator('[data-testid="document-item"].Mui-selected').innerText()).toContain('MRI addendum');
    await waitForTextLayer(page);
    await page.locator('.textLayer span', { hasText: 'Agreed reading' }).first().waitFor();
    await c.select(/Agreed reading: mild left foraminal narrowing/);
    await page.getByTestId('mark-picker').waitFor();
    await c.press('Backspace');
    await c.keysOf('indep');
    await c.press('Enter', 'Enter');
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await c.press('Alt+2');
    await page.getByTestId('imaging-tab').waitFor();
    await c.click(page.getByTestId('reconciled-in-records'));
    await expect.poll(() => page.getByTestId('reconciled-in-records').isChecked()).toBe(true);
    await c.click(page.getByTestId('reconciliation-link').getByRole('combobox'));
    await c.press('Enter');
    await expect.poll(() => page.getByTestId('reconciliation-mark').count()).toBe(1);
    await expect.poll(() => requirement.getAttribute('data-status')).toBe('met');
    await c.press('Alt+3');
    await page.getByTestId('amending').waitFor();
    if (await page.getByTestId('refill').count()) await c.click(page.getByTestId('refill'));
    await expect.poll(() => outcome.innerText()).toMatch(/^Approved/);
    await c.click(page.getByTestId('rationale-63650'));
    await c.press('Control+a');
    await c.prose('The addendum reconciles the MRI readings; every criterion is met.');
    await c.press('Tab');
    await page.getByTestId('signing-ready').waitFor({ timeout: 30_000 });
    await c.click(page.getByTestId('sign'));
    await c.click(page.getByTestId('confirm-sign'));
    await page.getByTestId('signed-banner').waitFor();
    await expect.poll(() => page.getByTestId('revision-list').innerText()).toMatch(/Revision 2[\s\S]*Revision 1/);
    // The first revision stays viewable as it was signed.
    await c.click(page.getByTestId('view-revision-1'));
    await expect.poll(() => page.getByTestId('revision-dialog').innerText()).toMatch(/cannot be established/);
    await c.press('Escape');
    await c.click(page.getByTestId('export-letter'));
    await page.getByTestId('export-done').waitFor();
    expect((await fs.readdir(h.saveDir)).sort()).toEqual(['decision-letter-demo-scs-trial-1.pdf', 'decision-letter-demo-scs-trial-2.pdf']);
    await c.press('Alt+4');
    await page.getByTestId('audit-chain').waitFor();
    const trail = (await page.getByTestId('audit-words').allInnerTexts()).join('\n');
    for (const want of [/Records? added: MRI addendum/, /Amendment opened; it supersedes revision 1/, /Revision 2 signed by Dana R. Whitfield/, /Revision 1 signed/, /letter of revision 2 exported/i, /Mark on page 2 of MRI lumbar spine report/]) expect(trail).toMatch(want);
    expect(trail).not.toMatch(/\bmark-[0-9a-f]|study-[0-9a-f]|demo-scs-trial-r\d/);
    await page.screenshot({ path: path.join(shots, 'walkthrough-8-audit.png') });

    c.print();
    console.log(`  recording the study and both readings: ${studyAndReadings.clicks} clicks, ${studyAndReadings.keys} keys (at most 8 and 60)`);
    expect(studyAndReadings.clicks).toBeLessThanOrEqual(8);
    expect(studyAndReadings.keys).toBeLessThanOrEqual(60);
    const onDisk = await (await h.reopenStore()).getCase(CASE);
    expect(onDisk.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(onDisk.documents.map((d) => d.name)).toContain('MRI addendum (reconciled).pdf');
  }, 600_000);
});
