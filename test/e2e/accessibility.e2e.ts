/**
 * Accessibility, in Chromium over the real app: axe-core (WCAG 2.1 A and AA, and best practices)
 * on every main screen as a director meets it: the lock screen, the queue empty and full, the
 * new-case form, the case, the mark picker, the imaging tab and its study form, the decision tab,
 * the sign dialog, the signed case, the letter preview, the audit trail, adding records.
 * One violation anywhere fails the test, listing what axe found where.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, startHarness, type Harness } from './harness';
import { invoke } from './window-api';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';
import { axeViolations, describeViolations, type ScreenViolations } from './axe-check';
import { PROFILE, reviewDemo } from '../support/demo-review';

let h: Harness;
const found: ScreenViolations[] = [];
const shots = path.join(ROOT, 'test-results');

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await h?.close();
});

async function check(page: Page, screen: string) {
  found.push(await axeViolations(page, screen));
  await page.screenshot({ path: path.join(shots, `a11y-${screen.replace(/\W+/g, '-')}.png`) });
}

describe('accessibility (axe-core, WCAG 2.1 A/AA and best practice)', () => {
  it('finds no violation on any screen', async () => {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await check(page, 'queue, empty');

    await page.getByTestId('new-case').first().click();
    await page.getByTestId('new-case-form').waitFor();
    await check(page, 'new-case form');
    await page.getByTestId('new-case-form').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('new-case-form').waitFor({ state: 'detached' });

    await page.getByTestId('open-demo').first().click();
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);
    await check(page, 'case');

    // The mark picker over the MRI report, its list of criteria open.
    await page.getByTestId('document-item').filter({ hasText: /MRI lumbar spine report/ }).click();
    await waitForTextLayer(page);
    await page.getByTestId('page-input').fill('2');
    await page.getByTestId('page-input').press('Enter');
    await page.locator('.textLayer span', { hasText: 'without nerve root compression' }).first().waitFor();
    await selectTextInPdf(page, /at L4-5 without nerve root compression/);
    const picker = page.getByTestId('mark-picker');
    await picker.waitFor();
    await page.keyboard.type('independent');
    await page.getByTestId('criterion-options').getByRole('option').first().waitFor();
    await check(page, 'mark picker');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });

    // Imaging: the study form prefilled from the report, then the study.
    await page.getByTestId('tab-imaging').click();
    await page.getByTestId('record-study-from-passage').first().click();
    await page.getByTestId('study-form').waitFor();
    await check(page, 'study form');
    await page.getByTestId('save-study').click();
    await page.getByTestId('imaging-study').waitFor();
    // The records hold no other reading here: "None" decides the requirement.
    await page.getByTestId('discrepancy-none').click();
    await page.locator('[data-testid="imaging-requirement"][data-status="met"]').waitFor();
    await check(page, 'imaging');

    // Adding records: the dialog.
    await page.getByTestId('add-records').click();
    await page.getByTestId('add-records-dialog').waitFor();
    await check(page, 'add records');
    await page.getByTestId('add-records-dialog').getByRole('button', { name: 'Cancel' }).click();

    // Findings and the profile through the API, so the decision can be signed.
    await reviewDemo({ call: (method, request) => invoke(page, method, request) }, 'demo-scs-trial');
    await invoke(page, 'settings.setProfile', { profile: PROFILE });

    await page.getByTestId('tab-decision').click();
    await page.getByTestId('decision-tab').waitFor();
    await page.getByTestId('rationale-63650').fill('Without a mental health evaluation the trial cannot be judged safe for this member.');
    await page.getByTestId('rationale-63650').blur();
    await page.getByTestId('signing-ready').waitFor({ timeout: 30_000 }).catch(async (e) => {
      await page.screenshot({ path: path.join(shots, 'a11y-not-signable.png') });
      throw new Error(`not signable: ${await page.getByTestId('decision-tab').innerText()}`, { cause: e });
    });
    await check(page, 'decision');

    await page.getByTestId('sign').click();
    await page.getByTestId('sign-dialog').waitFor();
    await check(page, 'sign dialog');
    await page.getByTestId('confirm-sign').click();
    await page.getByTestId('signed-banner').waitFor();
    await check(page, 'signed case');

    await page.getByTestId('preview-letter').click();
    await page.getByTestId('letter-preview').locator('.textLayer span').first().waitFor({ timeout: 60_000 });
    await check(page, 'letter preview');
    await page.getByTestId('letter-preview').getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-chain').waitFor();
    await check(page, 'audit');

    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByTestId('case-table').waitFor();
    await check(page, 'queue');

    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    await check(page, 'lock screen');

    const report = describeViolations(found);
    if (report) console.error(`axe found violations:\n${report}`);
    console.log(`axe: ${found.map((s) => `${s.screen} ${s.violations.length}`).join(', ')}`);
    expect(found.map((s) => s.screen)).toHaveLength(14);
    expect(report).toBe('');
  }, 300_000);
});
