/**
 * Deciding end to end in Chromium against the real services on an encrypted temp folder: review
 * the demo case's criteria, keep the prefilled denial and its cited reason, add the clinical
 * rationale, set the reviewer profile, sign, preview the letter in the pdf.js viewer, export it,
 * and find every step in the audit trail.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';
import { PROFILE } from '../support/demo-review';

const REASON = 'The records do not include an evaluation by a mental health provider';
const RATIONALE = 'Without a mental health evaluation the trial cannot be judged safe for this member.';
const shots = path.join(ROOT, 'test-results');
/** Each step goes through main and re-reads the case and its evaluation; the machines are slow. */
const WAIT = 20_000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await fs.mkdir(shots, { recursive: true });
});
afterAll(async () => {
  await h?.close();
});

describe('deciding, signing and the letter', () => {
  it('decides, signs, previews and exports the letter, and the audit trail shows it all', async () => {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await page.getByTestId('open-demo').click();
    await page.getByTestId('criteria-panel').waitFor();
    await expect.poll(() => page.getByTestId('turnaround-clock').innerText(), { timeout: WAIT }).toMatch(/left|Overdue/);

    // Findings, through the criteria panel: all met but the mental health evaluation, not documented.
    const groups = page.locator('[role="group"][aria-label^="Finding for "]');
    await expect.poll(() => groups.count(), { timeout: WAIT }).toBeGreaterThan(5);
    const ids = (await groups.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.replace('Finding for ', ''))));
    // Met and not-applicable groups fold away as findings are set: open them again to reach every row.
    const unfold = async () => {
      const folded = page.locator('[data-open="false"] > [data-testid^="group-toggle-"]');
      for (let i = 0; i < 20 && (await folded.count()) > 0; i++) await folded.first().click();
    };
    for (const id of ids) {
      await unfold();
      const row = page.getByTestId(`criterion-${id}`);
      if ((await row.getAttribute('data-status')) !== 'unreviewed') continue;
      // A threshold criterion is met by its value (walkthrough step 4: 7 months), not by a tick.
      const value = row.getByRole('textbox');
      if (await value.count()) {
        await value.fill('7');
        await value.press('Enter');
      } else {
        const choice = id.endsWith('mental-health-evaluation') ? 'Not documented' : id.endsWith('.crps') ? 'N/A' : 'Met';
        await row.getByRole('button', { name: choice, exact: true }).click();
      }
      await expect.poll(() => row.getAttribute('data-status'), { message: id, timeout: WAIT }).not.toBe('unreviewed');
    }

    // The decision is prefilled from the evaluation, with the criterion it cites.
    await page.getByTestId('tab-decision').click();
    const det = page.getByTestId('determination-63650');
    await det.waitFor();
    await expect.poll(() => page.getByTestId('outcome-63650').innerText(), { timeout: WAIT }).toMatch(/Medical necessity cannot be established/);
    await expect.poll(() => det.getByTestId('reason-citation').first().innerText(), { timeout: WAIT }).toContain('CMM-211.trial.mental-health-evaluation');
    expect(await det.getByTestId('reason').first().locator('textarea').first().inputValue()).toContain(REASON);
    await expect.poll(() => page.getByTestId('signing-problems').innerText(), { timeout: WAIT }).toMatch(/reviewer profile/);
    expect(await page.getByTestId('sign').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(shots, 'decision-before-signing.png') });

    // The clinical rationale; saved on leaving the field.
    await page.getByTestId('rationale-63650').fill(RATIONALE);
    await page.getByTestId('rationale-63650').blur();
    await expect.poll(() => page.getByTestId('signing-problems').innerText(), { timeout: WAIT }).not.toMatch(/clinical judgment/);

    // The reviewer profile, from the check that asks for it.
    await page.getByTestId('open-profile-from-check').click();
    for (const [k, v] of Object.entries(PROFILE)) await page.getByTestId(`profile-${k}`).fill(v);
    await page.getByTestId('save-profile').click();
    await page.getByTestId('signing-ready').waitFor();

    // Sign, confirming under the director's name.
    await page.getByTestId('sign').click();
    await expect.poll(() => page.getByTestId('signer').innerText(), { timeout: WAIT }).toBe(`${PROFILE.name}, ${PROFILE.credentials}`);
    await page.getByTestId('confirm-sign').click();
    await page.getByTestId('signed-banner').waitFor();
    await expect.poll(() => page.getByTestId('signed-chip').count(), { timeout: WAIT }).toBe(1);
    expect(await page.getByTestId('signed-63650').innerText()).toContain(RATIONALE);
    await expect.poll(() => page.getByTestId('turnaround-clock').innerText(), { timeout: WAIT }).toMatch(/Decided/);
    const onDisk = await h.store.getCase('demo-scs-trial');
    expect(onDisk.status).toBe('signed');
    expect(onDisk.revisions[0]!.signer.name).toBe(PROFILE.name);
    await expect.poll(() => page.getByTestId('amend').isEnabled(), { timeout: WAIT }).toBe(true);
    await page.screenshot({ path: path.join(shots, 'decision-after-signing.png') });

    // The criteria are read-only now.
    await page.getByTestId('tab-criteria').click();
    await expect.poll(() => page.locator('[role="group"][aria-label^="Finding for "] button').first().isDisabled(), { timeout: WAIT }).toBe(true);
    await page.getByTestId('tab-decision').click();

    // Preview: the letter in the pdf.js viewer, its words in the text layer.
    await page.getByTestId('preview-letter').click();
    const dialog = page.getByTestId('letter-preview');
    await dialog.locator('.textLayer span').first().waitFor({ timeout: 60_000 });
    const layerText = async () => (await dialog.locator('.textLayer').allInnerTexts()).join(' ').replace(/\s+/g, ' ');
    await expect.poll(layerText, { timeout: WAIT }).toContain('Notice of denial of coverage');
    expect(await layerText()).toContain('Jordan A. Mercer');
    expect(await layerText()).toContain(REASON.slice(0, 40));
    await page.screenshot({ path: path.join(shots, 'letter-preview.png') });

    // Export: the file lands where the save dialog said, with the director and the reason in it.
    await dialog.getByTestId('export-letter-preview').click();
    await page.getByTestId('export-done').waitFor();
    const files = await fs.readdir(h.saveDir);
    expect(files).toEqual(['decision-letter-demo-scs-trial-1.pdf']);
    const text = execFileSync('pdftotext', [path.join(h.saveDir, files[0]!), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`${PROFILE.name}, ${PROFILE.credentials}`);
    expect(text).toContain(REASON);
    expect(text).toContain(RATIONALE);
    expect((await h.store.getCase('demo-scs-trial')).revisions[0]!.letterSha256).toMatch(/^[a-f0-9]{64}$/);
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '1', path.join(h.saveDir, files[0]!), path.join(shots, 'exported-letter')]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The audit trail: each step, chained.
    await page.getByTestId('tab-audit').click();
    await expect.poll(() => page.getByTestId('audit-chain').getAttribute('data-ok'), { timeout: WAIT }).toBe('true');
    const types = await page.getByTestId('audit-event').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-type')));
    for (const t of ['finding-set', 'determination-changed', 'signed', 'letter-exported']) expect(types).toContain(t);
    await page.screenshot({ path: path.join(shots, 'audit-tab.png') });

    // Amending opens a new draft; the signed revision stays viewable as it was signed.
    await page.getByTestId('tab-decision').click();
    await page.getByTestId('amend').click();
    await page.getByTestId('amending').waitFor();
    expect(await page.getByTestId('rationale-63650').inputValue()).toBe(RATIONALE);
    await page.getByTestId('view-revision-1').click();
    await expect.poll(() => page.getByTestId('revision-dialog').innerText(), { timeout: WAIT }).toContain(REASON);
    await page.screenshot({ path: path.join(shots, 'decision-amending.png') });
    await page.getByTestId('revision-dialog').getByRole('button', { name: 'Close' }).click();
    expect((await h.store.getCase('demo-scs-trial')).determination?.amends).toBe('demo-scs-trial-r1');
  });
});
