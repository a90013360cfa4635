/**
 * npm run screenshots: drives the demo case through the browser harness (real services on a
 * temp folder) and writes a PNG of each main screen to docs/screenshots/, at 1440×900 (name.png,
 * the README's) and at 1280×720 (name-1280x720.png), the smallest size the screens are made for.
 * SCREENSHOTS_DIR=<dir> writes them elsewhere (e.g. test-results/ to look at a change).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, startHarness } from './harness';
import { invoke } from './window-api';
import { PROFILE } from '../support/demo-review';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

const OUT = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : path.join(ROOT, 'docs', 'screenshots');
const SIZES = [
  { width: 1440, height: 900, suffix: '' },
  { width: 1280, height: 720, suffix: '-1280x720' },
];

async function markFor(page: Page, pattern: RegExp, filter: string) {
  await selectTextInPdf(page, pattern);
  await page.getByTestId('mark-picker').waitFor();
  await page.keyboard.press('Backspace');
  await page.keyboard.type(filter);
  await page.getByTestId('criterion-options').getByRole('option').first().waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
}

async function openAt(page: Page, doc: RegExp, pageNo: number, text: string) {
  await page.getByTestId('document-item').filter({ hasText: doc }).click();
  await waitForTextLayer(page);
  await page.getByTestId('page-input').fill(String(pageNo));
  await page.getByTestId('page-input').press('Enter');
  await page.locator('.textLayer span', { hasText: text }).first().waitFor({ timeout: 60_000 });
}

async function shoot(size: (typeof SIZES)[number]) {
  const h = await startHarness({ viewport: { width: size.width, height: size.height } });
  const shot = async (page: Page, name: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(OUT, `${name}${size.suffix}.png`) });
  };
  try {
    const page = h.page;
    await page.getByTestId('empty-queue').waitFor();
    await shot(page, 'empty-queue');
    await page.getByTestId('new-case').first().click();
    await page.getByTestId('new-case-form').waitFor();
    await shot(page, 'new-case');
    await page.getByTestId('new-case-form').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('new-case-form').waitFor({ state: 'detached' });

    await page.getByTestId('open-demo').first().click();
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);
    // The mark picker on a passage about physical therapy, filtered to conservative care.
    await selectTextInPdf(page, /physical therapy/i);
    await page.getByTestId('mark-picker').waitFor();
    await page.keyboard.type('conservative');
    await page.getByTestId('criterion-options').getByRole('option').first().waitFor();
    await shot(page, 'mark-picker');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('mark-picker').waitFor({ state: 'detached' });
    await page.getByTestId('criterion-CMM-211.trial.conservative-care').getByTestId('fact-input').fill('7');
    await page.keyboard.press('Enter');
    await page.getByTestId('criterion-mark').first().scrollIntoViewIfNeeded();
    await shot(page, 'case');

    // Imaging: both readings marked, the study recorded from the report, the discrepancy.
    await openAt(page, /MRI lumbar spine report/, 2, 'without nerve root compression');
    await markFor(page, /at L4-5 without nerve root compression/, 'independent');
    await openAt(page, /progress notes/, 3, 'shows severe L4-5 stenosis');
    await markFor(page, /shows severe L4-5 stenosis/, 'independent');
    await page.getByTestId('tab-imaging').click();
    await page.getByTestId('unused-passage').filter({ hasText: 'without nerve root compression' }).getByTestId('record-study-from-passage').click();
    await page.getByTestId('study-form').waitFor();
    await shot(page, 'study-form');
    await page.getByTestId('save-study').click();
    await page.getByTestId('imaging-study').waitFor();
    await page.getByTestId('unused-passage').filter({ hasText: 'shows severe L4-5 stenosis' }).getByTestId('link-as-provider').click();
    await page.getByTestId('provider-mark').waitFor();
    await page.getByTestId('discrepancy-significant').click();
    for (const a of ['severity', 'stenosis', 'nerve-root']) {
      await page.getByTestId(`aspect-${a}`).click();
      await page.locator(`[data-testid="aspect-${a}"][aria-pressed="true"]`).waitFor();
    }
    await page.locator('[data-testid="imaging-requirement"][data-status="not-met"]').waitFor();
    await shot(page, 'imaging');

    // Decision: the other findings set from the keyboard (n, then 1 met or 4 not applicable), the prefilled determination.
    await page.getByTestId('tab-criteria').click();
    await page.getByTestId('criteria-panel').waitFor();
    const open = async () => {
      const ev = (await invoke(page, 'review.evaluate', { caseId: 'demo-scs-trial' })) as { evaluation: { rules: { tree: unknown }[] } };
      const ids: string[] = [];
      const walk = (n: { kind: string; id: string; status: string; decidedBy: string; children?: unknown[] }) => (n.kind === 'leaf' ? n.status === 'unreviewed' && n.decidedBy !== 'imaging' && ids.push(n.id) : n.children?.forEach((x) => walk(x as never)));
      ev.evaluation.rules.forEach((r) => walk(r.tree as never));
      return ids;
    };
    for (let guard = 0; guard < 40; guard++) {
      const left = await open();
      if (left.length === 0) break;
      const at = await page.locator('[data-criterion-row][data-focused="true"]').getAttribute('data-criterion-row', { timeout: 500 }).catch(() => null);
      if (at && left.includes(at)) {
        await page.keyboard.press(at.endsWith('.crps') ? '4' : '1');
        await page.locator(`[data-criterion-row="${at}"]:not([data-status="unreviewed"])`).waitFor();
      } else await page.keyboard.press('n');
    }
    await page.getByTestId('criteria-panel').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, 'criteria');
    await page.getByTestId('tab-decision').click();
    await page.getByTestId('rationale-63650').fill('The independent radiologist and the treating physician disagree on the L4-5 findings, and nothing in the records reconciles them.');
    await page.getByTestId('rationale-63650').blur();
    await page.waitForTimeout(800);
    await shot(page, 'decision');

    // Sign with the reviewer's profile, then preview the letter.
    await page.getByTestId('open-profile-from-check').click();
    const profile = PROFILE;
    for (const [k, v] of Object.entries(profile)) await page.getByTestId(`profile-${k}`).fill(v);
    await page.getByTestId('save-profile').click();
    await page.getByTestId('signing-ready').waitFor({ timeout: 30_000 });
    await page.getByTestId('sign').click();
    await page.getByTestId('sign-dialog').waitFor();
    await shot(page, 'sign-dialog');
    await page.getByTestId('confirm-sign').click();
    await page.getByTestId('signed-banner').waitFor();
    await shot(page, 'signed');
    await page.getByTestId('preview-letter').click();
    await page.getByTestId('letter-preview').locator('.textLayer span').first().waitFor({ timeout: 60_000 });
    await shot(page, 'letter');
    await page.getByTestId('letter-preview').getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('add-records').click();
    await page.getByTestId('add-records-dialog').waitFor();
    await shot(page, 'add-records');
    await page.getByTestId('add-records-dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-chain').waitFor();
    await shot(page, 'audit');

    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByTestId('case-table').waitFor();
    await shot(page, 'queue');

    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    await shot(page, 'lock');
  } finally {
    await h.close();
  }
}

async function main() {
  await fs.mkdir(OUT, { recursive: true });
  for (const size of SIZES) await shoot(size);
  console.log(`Screenshots written to ${path.relative(ROOT, OUT) || OUT}/ at ${SIZES.map((s) => `${s.width}×${s.height}`).join(' and ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
