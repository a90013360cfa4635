/**
 * The same walk in the real Electron app. Electron's binary is downloaded from GitHub at install,
 * which these build machines cannot reach, so the test skips where the binary is absent.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openStoreForCli } from '../../main/cli/open-store';
import { ROOT } from './harness';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

/**
 * The installed Electron binary, found the way the electron package records it (path.txt), without
 * calling require('electron'): that would try to download a missing binary from GitHub.
 */
function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const full = path.join(dir, 'dist', rel);
    return fs.existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.warn('Skipping the Electron app test: the Electron binary is not installed (it downloads from GitHub, out of reach here). The same walk runs in Chromium in walking-skeleton.e2e.ts.');
}

describe.skipIf(!binary)('the Electron app', () => {
  it('opens the demo case, saves a mark, and shows it again after a restart', async () => {
    const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'workbench-electron-'));
    // The passphrase file makes the start unattended whether or not this machine has a real keyring.
    const keyFile = path.join(dataDir, '..', `${path.basename(dataDir)}.passphrase`);
    await fsp.writeFile(keyFile, 'correct horse battery staple\n', { mode: 0o600 });
    const launch = () =>
      electron.launch({
        executablePath: binary!,
        args: [path.join(ROOT, 'out', 'main', 'index.js'), '--data', dataDir],
        env: { ...process.env, WORKBENCH_PASSPHRASE_FILE: keyFile } as Record<string, string>,
      });
    let app = await launch();
    let win = await app.firstWindow();
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    await win.getByTestId('open-demo').first().click();
    await waitForTextLayer(win);
    const quote = await selectTextInPdf(win, /physical therapy/i);
    await win.getByTestId('mark-picker').getByRole('combobox').fill('conservative');
    await win.getByTestId('criterion-options').getByRole('option').first().click();
    await win.getByTestId('save-mark').click();
    await expect.poll(() => win.locator('.wb-highlight').count()).toBeGreaterThan(0);
    await app.close();

    app = await launch();
    win = await app.firstWindow();
    await win.getByTestId('case-table').locator('tbody tr').first().click();
    await waitForTextLayer(win);
    await expect.poll(() => win.getByTestId('criterion-mark').filter({ hasText: quote.slice(0, 30) }).count()).toBe(1);
    await app.close();
    const onDisk = await (await openStoreForCli({ dataDir, keyFile, env: {} })).getCase('demo-scs-trial');
    expect(onDisk.marks).toHaveLength(1);
  });
});
