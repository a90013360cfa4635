/**
 * The session lock in the real renderer: locking hides every trace of the case (the member's
 * name is nowhere in the page), the case's API calls are refused while locked, and the PIN
 * brings the reviewer back.
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
});
