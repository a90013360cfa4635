/**
 * npm run screenshots: drives the demo case through the browser harness (real services on a
 * temp folder) and writes a PNG of each main screen to docs/screenshots/ for the README.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startHarness } from './harness';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

const OUT = path.join(ROOT, 'docs', 'screenshots');

async function main() {
  await fs.mkdir(OUT, { recursive: true });
  const h = await startHarness({ viewport: { width: 1600, height: 1000 } });
  try {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await page.screenshot({ path: path.join(OUT, 'empty-queue.png') });

    await page.getByTestId('open-demo').first().click();
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);
    await selectTextInPdf(page, /physical therapy/i);
    await page.getByTestId('mark-picker').getByRole('combobox').fill('conservative');
    await page.getByTestId('criterion-options').getByRole('option').first().waitFor();
    await page.screenshot({ path: path.join(OUT, 'mark-picker.png') });
    await page.getByTestId('criterion-options').getByRole('option').first().click();
    await page.getByTestId('save-mark').click();
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await page.getByTestId('criterion-mark').first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, 'case.png') });

    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByTestId('case-table').waitFor();
    await page.screenshot({ path: path.join(OUT, 'queue.png') });
    console.log(`Screenshots written to ${path.relative(ROOT, OUT)}/`);
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
