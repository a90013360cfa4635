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

    // Imaging: the study with both readings and a clinically significant discrepancy.
    await page.getByTestId('tab-imaging').click();
    await page.getByTestId('add-study').click();
    await page.getByTestId('study-region').fill('lumbar spine');
    await page.getByTestId('study-date').fill('2026-03-03');
    await page.getByTestId('study-facility').fill('Lakeside Diagnostic Imaging');
    await page.getByTestId('save-study').click();
    await page.getByTestId('radiologist-reading').getByLabel('Radiologist').fill('Priya N. Raman, MD');
    await page.getByTestId('radiologist-summary').fill('Mild left foraminal narrowing at L4-5, no nerve root compression');
    await page.getByTestId('radiologist-summary').blur();
    await page.getByTestId('provider-reading').getByLabel('Provider').fill('Dr. Vasquez');
    await page.getByTestId('provider-summary').fill('Severe L4-5 stenosis compressing the L5 nerve root');
    await page.getByTestId('provider-summary').blur();
    await page.getByTestId('discrepancy-significant').click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(OUT, 'imaging.png') });

    // Decision: findings set, the prefilled denial, the checks before signing.
    await page.getByTestId('tab-criteria').click();
    const groups = page.locator('[role="group"][aria-label^="Finding for "]');
    const ids = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.replace('Finding for ', '')));
    for (const id of ids) {
      const row = page.getByTestId(`criterion-${id}`);
      if ((await row.getAttribute('data-status')) !== 'unreviewed') continue;
      const choice = id.endsWith('mental-health-evaluation') ? 'Not documented' : id.endsWith('.crps') ? 'N/A' : 'Met';
      await row.getByRole('button', { name: choice, exact: true }).click();
      await page.waitForTimeout(150);
    }
    await page.getByTestId('tab-decision').click();
    await page.getByTestId('rationale-63650').fill('Without a mental health evaluation the trial cannot be judged safe for this member.');
    await page.getByTestId('rationale-63650').blur();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(OUT, 'decision.png') });

    // Sign with the reviewer's profile, then preview the letter.
    await page.getByTestId('open-profile-from-check').click();
    const profile = { name: 'Dana R. Whitfield', credentials: 'MD, FAAPMR', title: 'Medical Director', specialty: 'Physical Medicine and Rehabilitation', peerToPeerPhone: '1-800-555-0142 ext. 2210' };
    for (const [k, v] of Object.entries(profile)) await page.getByTestId(`profile-${k}`).fill(v);
    await page.getByTestId('save-profile').click();
    await page.getByTestId('signing-ready').waitFor();
    await page.getByTestId('sign').click();
    await page.getByTestId('confirm-sign').click();
    await page.getByTestId('signed-banner').waitFor();
    await page.getByTestId('preview-letter').click();
    await page.getByTestId('letter-preview').locator('.textLayer span').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, 'letter.png') });
    await page.getByTestId('letter-preview').getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-chain').waitFor();
    await page.screenshot({ path: path.join(OUT, 'audit.png') });

    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByTestId('case-table').waitFor();
    await page.waitForTimeout(500);
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
