/**
 * What the criteria panel asks besides the criteria, in Chromium against the real services: the
 * clinical indication the diagnosis codes only propose, a determination check that switches a
 * Preface criterion on, units the records do not support, and a threshold criterion ticked met
 * without its value, shown as a problem until the value is typed.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await h?.close();
});

describe('the review checks in the criteria panel', () => {
  it('records the proposed indication, answers checks, and asks for the value of a threshold criterion', async () => {
    const page = h.page;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('review-checks').waitFor();

    // M96.1 proposes failed back syndrome; recording it makes the other indication not applicable.
    expect(await page.getByTestId('indication-proposed').innerText()).toContain('Failed back syndrome');
    await page.getByTestId('record-proposed-indication').click();
    const crps = page.getByTestId('criterion-CMM-211.trial.indication.crps');
    await expect.poll(() => crps.getAttribute('data-status')).toBe('not-applicable');
    expect((await h.store.getCase('demo-scs-trial')).indication?.id).toBe('failed-back-syndrome');

    // The exception check switches the Preface's exception criterion on.
    await page.getByTestId('determination-checks').locator('summary').click();
    const exception = page.getByTestId('criterion-CMM.PRF.pa.exception-records');
    expect(await exception.getAttribute('data-status')).toBe('not-applicable');
    await page.getByTestId('check-exception-request').getByRole('button', { name: 'Yes' }).click();
    await expect.poll(() => exception.getAttribute('data-status')).toBe('unreviewed');

    // Units the records do not support: the number is asked for and saved.
    await page.getByTestId('check-units-levels-63650').getByRole('button', { name: 'No' }).click();
    const units = page.getByTestId('supported-units-63650');
    await units.fill('1');
    await units.press('Enter');
    await expect.poll(async () => (await h.store.getCase('demo-scs-trial')).checks.find((c) => c.kind === 'units-levels')?.supportedUnits).toBe(1);

    // Conservative care ticked met without its months: a problem in the row and in the summary, until the value is typed.
    const care = page.getByTestId('criterion-CMM-211.trial.conservative-care');
    await care.getByRole('button', { name: 'Met', exact: true }).click();
    await care.getByTestId('value-missing').waitFor();
    await expect.poll(() => page.locator('[data-testid="review-problem"][data-kind="value-missing"]').count()).toBe(1);
    await page.screenshot({ path: path.join(ROOT, 'test-results', 'review-checks-1280.png') });
    await care.getByRole('textbox').fill('7');
    await care.getByRole('textbox').press('Enter');
    await expect.poll(() => care.getAttribute('data-status')).toBe('met');
    await expect.poll(() => care.getByTestId('value-missing').count()).toBe(0);
  });
});
