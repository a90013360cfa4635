/**
 * Radiologist-discrepancy reconciliation, end to end in Chromium on the demo case: mark the
 * radiologist's impression and the pain physician's reading in the PDFs, record the MRI in the
 * Imaging tab, link both readings, call the discrepancy clinically significant and unreconciled
 * (the Preface requirement turns not met, naming the study, in the tab and in the criteria),
 * then record the reconciliation and see it turn met. The store on disk has the history.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, startHarness, type Harness } from './harness';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

const LEAF = 'CMM.PRF.pa.imaging-independent-read';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function openDocumentAt(page: Page, name: RegExp, pageNo: number, waitText: string) {
  await page.getByTestId('document-item').filter({ hasText: name }).click();
  await waitForTextLayer(page);
  const input = page.getByTestId('page-input');
  await input.fill(String(pageNo));
  await input.press('Enter');
  await page.locator('.textLayer span', { hasText: waitText }).first().waitFor({ timeout: 60_000 });
}

/** Marks the span matching `pattern` as evidence for the Preface imaging criterion. */
async function markForImaging(page: Page, pattern: RegExp): Promise<string> {
  const quote = await selectTextInPdf(page, pattern);
  const picker = page.getByTestId('mark-picker');
  await picker.waitFor();
  await picker.getByRole('combobox').fill('interpretation by an independent radiologist');
  await page.getByTestId('criterion-options').getByRole('option').first().click();
  await page.getByTestId('save-mark').click();
  await picker.waitFor({ state: 'detached' });
  return quote;
}

async function linkMark(page: Page, testId: string, typed: string) {
  await page.getByTestId(`${testId}-link`).getByRole('combobox').fill(typed);
  await page.getByTestId(`${testId}-mark-options`).getByRole('option').first().click();
  await page.getByTestId(`${testId}-mark`).filter({ hasText: typed }).waitFor();
}

const requirement = (page: Page) => page.getByTestId('imaging-requirement');

describe('imaging reconciliation', () => {
  it('a significant unreconciled discrepancy turns the Preface requirement not met; recording the reconciliation turns it met', async () => {
    const page = h.page;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('criteria-panel').waitFor();

    await openDocumentAt(page, /MRI lumbar spine report/, 2, 'without nerve root compression');
    await markForImaging(page, /at L4-5 without nerve root compression/);
    await openDocumentAt(page, /progress notes/i, 3, 'shows severe L4-5 stenosis');
    await markForImaging(page, /shows severe L4-5 stenosis/);
    // The demo records hold no real reconciliation (the walkthrough ends in a denial); this passage stands in for an addendum.
    await markForImaging(page, /Images personally reviewed/);

    await page.getByTestId('tab-imaging').click();
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('unreviewed');

    await page.getByTestId('add-study').click();
    await page.getByTestId('study-region').fill('lumbar spine');
    await page.getByTestId('study-date').fill('2026-03-03');
    await page.getByTestId('study-facility').fill('Lakeside Diagnostic Imaging');
    await page.getByTestId('save-study').click();
    await expect.poll(() => page.getByTestId('study-label').innerText()).toBe('MRI lumbar spine of March 3, 2026');
    // An advanced study without the radiologist's report linked: not met, at once.
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('not-met');

    await page.getByTestId('radiologist-reading').getByLabel('Radiologist').fill('Priya N. Raman, MD');
    await page.getByTestId('radiologist-summary').fill('Mild left foraminal narrowing at L4-5, no nerve root compression');
    await page.getByTestId('radiologist-summary').blur();
    await linkMark(page, 'radiologist', 'without nerve root compression');
    await page.getByTestId('provider-reading').getByLabel('Provider').fill('Dr. Vasquez');
    await page.getByTestId('provider-summary').fill('Severe L4-5 stenosis compressing the L5 nerve root');
    await page.getByTestId('provider-summary').blur();
    await linkMark(page, 'provider', 'shows severe L4-5 stenosis');
    // Both readings linked, not yet compared.
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('unreviewed');

    await page.getByTestId('discrepancy-significant').click();
    await expect.poll(() => page.getByTestId('aspect-severity').getAttribute('aria-pressed')).not.toBeNull();
    for (const aspect of ['severity', 'stenosis', 'nerve-root']) {
      await page.getByTestId(`aspect-${aspect}`).click();
      await expect.poll(() => page.getByTestId(`aspect-${aspect}`).getAttribute('aria-pressed')).toBe('true');
    }
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('not-met');
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'imaging-not-met.png') });
    const reason = await requirement(page).getByTestId('imaging-reason').innerText();
    expect(reason).toBe('MRI lumbar spine of March 3, 2026: the radiologist and Dr. Vasquez read it differently in a clinically significant way (severity, stenosis, nerve root involvement), and the records sent do not reconcile the two readings.');

    // Quotes side by side, each jumping to its page.
    await page.getByTestId('radiologist-mark').first().click();
    await expect.poll(() => page.getByTestId('page-input').inputValue()).toBe('2');
    await page.getByTestId('provider-mark').first().click();
    await expect.poll(() => page.getByTestId('page-input').inputValue()).toBe('3');

    // The criteria panel and the recommendation say the same: the unmet imaging requirement decides
    // now, though the other criteria are not reviewed yet (walkthrough step 6).
    await page.getByTestId('tab-criteria').click();
    await expect.poll(() => page.getByTestId(`criterion-${LEAF}`).getAttribute('data-status')).toBe('not-met');
    await expect.poll(() => page.getByTestId('recommendation-63650').innerText()).toContain('Medical necessity cannot be established');
    expect(await page.getByTestId('recommendation-reason-63650').first().innerText()).toContain('The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez');
    await page.getByTestId('also-not-reviewed-63650').waitFor();
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'step6-criteria.png') });

    // The Decision tab prefills "medical necessity cannot be established", the imaging reason, and the remedy from the rule data.
    await page.getByTestId('tab-decision').click();
    await expect.poll(() => page.getByTestId('outcome-63650').innerText(), { timeout: 20_000 }).toMatch(/Medical necessity cannot be established/);
    const det = page.getByTestId('determination-63650');
    await expect.poll(() => det.getByTestId('reason').first().locator('textarea').first().inputValue()).toBe(
      'The MRI of March 3, 2026 was read differently by the radiologist and by Dr. Vasquez, and the records sent do not explain the difference.',
    );
    expect(await page.getByTestId('what-would-change-63650').inputValue()).toBe(
      'An addendum from the radiologist or Dr. Vasquez that reconciles the two readings of the MRI of March 3, 2026.',
    );
    // The criteria not reviewed are listed, and do not stop a decision that is not an approval.
    expect(await page.getByTestId('also-not-reviewed').innerText()).toMatch(/63650: \d+ criteria not reviewed; not needed for a decision that is not an approval/);
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'step6-decision.png') });
    await page.getByTestId('tab-imaging').click();

    // The switch shows what was saved, so it flips once the store answers.
    await page.getByTestId('reconciled-in-records').click();
    await expect.poll(() => page.getByTestId('reconciled-in-records').isChecked()).toBe(true);
    // Said to be reconciled, but no passage shows it yet: still open, not met.
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('unreviewed');
    await linkMark(page, 'reconciliation', 'Images personally reviewed');
    await page.getByTestId('reconciliation-note').fill('Follow-up note: the physician reviewed the images with the radiologist; the stenosis is mild.');
    await page.getByTestId('reconciliation-note').blur();
    await expect.poll(() => requirement(page).getAttribute('data-status')).toBe('met');
    await expect.poll(() => requirement(page).getByTestId('imaging-reason').innerText()).toContain('the records reconcile them');
    await expect.poll(async () => (await page.getByTestId('study-history').locator('li').count())).toBeGreaterThanOrEqual(6);
    await page.getByTestId('study-history-toggle').click();

    await page.getByTestId('tab-criteria').click();
    await expect.poll(() => page.getByTestId(`criterion-${LEAF}`).getAttribute('data-status')).toBe('met');
    await page.getByTestId('tab-imaging').click();
    await requirement(page).waitFor();
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'imaging.png') });

    // On disk: the study, both readings linked to live marks, and every change with who and when.
    const saved = (await (await h.reopenStore()).getCase('demo-scs-trial'));
    const study = saved.imaging[0]!;
    expect(study).toMatchObject({ modality: 'mri', date: '2026-03-03', discrepancy: { level: 'significant' }, reconciliation: { reconciledInRecords: true } });
    expect(study.radiologistReading.markIds).toHaveLength(1);
    expect(saved.marks.find((m) => m.id === study.radiologistReading.markIds[0])!.quote).toContain('without nerve root compression');
    expect(study.history.every((e) => e.by === 'Dr. E2E Reviewer' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(study.history.map((e) => e.change)).toContain('records reconcile the readings');
  });
});
