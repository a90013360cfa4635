/**
 * The walking skeleton, end to end in Chromium against the real store on a temp folder:
 * open the demo case, select a sentence in the record, mark it for a criterion, restart, and
 * find the highlight and the link again, read back from disk.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHarness, type Harness } from './harness';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('walking skeleton', () => {
  it('marks a passage as evidence for a criterion, and it survives a restart', async () => {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await page.getByTestId('open-demo').click();
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);

    const quote = await selectTextInPdf(page, /physical therapy/i);
    await page.getByTestId('mark-picker').waitFor();
    const input = page.getByTestId('mark-picker').getByRole('combobox');
    await input.fill('conservative');
    const option = page.getByTestId('criterion-options').getByRole('option').first();
    const optionText = await option.innerText();
    await option.click();
    await page.getByTestId('save-mark').click();
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });

    // On the page: a highlight; in the panel: the passage under its criterion.
    await expect.poll(() => page.locator('.wb-highlight').count()).toBeGreaterThan(0);
    const listed = page.getByTestId('criterion-mark').filter({ hasText: quote.slice(0, 30) });
    await expect.poll(() => listed.count()).toBe(1);

    // On disk: the mark, linked to the criterion picked, with anchors.
    const onDisk = await (await h.reopenStore()).getCase('demo-scs-trial');
    expect(onDisk.marks).toHaveLength(1);
    const mark = onDisk.marks[0]!;
    expect(mark.quote).toContain(quote.slice(0, 20));
    expect(mark.criterionIds).toHaveLength(1);
    expect(optionText).toContain(mark.criterionIds[0]!);
    expect(mark.rects.length).toBeGreaterThan(0);
    expect(mark.textStart).toBeGreaterThanOrEqual(0);

    // Quit and start again: the case is in the queue, the highlight and the link are back.
    const again = await h.restart();
    await again.getByTestId('case-table').locator('tbody tr').first().click();
    await again.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(again);
    await expect.poll(() => again.locator(`.wb-highlight[data-mark-id="${mark.id}"]`).count()).toBeGreaterThan(0);
    await expect.poll(() => again.getByTestId('criterion-mark').filter({ hasText: quote.slice(0, 30) }).count()).toBe(1);
    await again.screenshot({ path: path.join(ROOT, 'test-results', 'walking-skeleton.png') });
  });
});
