/**
 * The session lock in the real renderer: locking hides every trace of the case (the member's
 * name is nowhere in the page), the case's API calls are refused while locked, and the PIN
 * brings the reviewer back. The idle lock is driven with Playwright's clock: input resets the
 * countdown, and the set number of minutes without input locks the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness';
import { waitForTextLayer } from './pdf-helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('session lock', () => {
  it('hides the case behind the lock screen and unlocks with the PIN', async () => {
    const page = h.page;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);
    expect(await page.content()).toContain('Mercer');
    await h.session.setPin(undefined, '4321');

    await page.getByTestId('lock-now').click();
    await page.getByTestId('lock-screen').waitFor();
    expect(await page.content()).not.toContain('Mercer');
    expect(await page.locator('canvas').count()).toBe(0);
    const refused = await page.evaluate(() => (window as unknown as { workbench: { invoke(m: string, p: unknown): Promise<unknown> } }).workbench.invoke('cases.open', { caseId: 'demo-scs-trial' }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked' } });
    const pdf = await page.evaluate(async () => (await fetch('/docs/demo-scs-trial/' + '0'.repeat(64) + '.pdf')).status);
    expect(pdf).toBe(404);

    await page.getByTestId('unlock-secret').fill('0000');
    await page.getByTestId('unlock-submit').click();
    await page.getByText('not right').waitFor();
    await page.getByTestId('unlock-secret').fill('4321');
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
    await page.getByTestId('criteria-panel').waitFor();
    await waitForTextLayer(page);
    expect(await page.content()).toContain('Mercer');
  });

  it('locks by itself after the set idle minutes without input, and not while the reviewer works', async () => {
    const page = h.page;
    await page.clock.install();
    await page.reload();
    await page.getByTestId('case-table').locator('tbody tr').first().click();
    await page.getByTestId('criteria-panel').waitFor();
    const idleMinutes = h.session.status().idleLockMinutes;
    expect(idleMinutes).toBeGreaterThan(1);

    // Reading for most of the idle time, then a keypress: the countdown starts again.
    await page.clock.fastForward((idleMinutes - 1) * 60_000);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('lock-screen').count()).toBe(0);
    await page.keyboard.press('Shift');
    await page.clock.fastForward((idleMinutes - 1) * 60_000);
    await page.waitForTimeout(300);
    expect(await page.getByTestId('lock-screen').count()).toBe(0);
    expect(h.session.status().state).toBe('unlocked');

    // Then nothing for longer than the idle time: the window locks and main refuses the case.
    await page.clock.fastForward(2 * 60_000);
    await page.getByTestId('lock-screen').waitFor();
    expect(h.session.status().state).not.toBe('unlocked');
    expect(await page.content()).not.toContain('Mercer');

    await page.getByTestId('unlock-secret').fill('4321');
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
  });
});
