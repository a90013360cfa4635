/**
 * The same walk in the real Electron app: once from the built bundle (as `npm start` runs it) and
 * once packaged by electron-builder with electron-builder.yml (as `npm run dist` ships it). The
 * Electron binary is downloaded from GitHub, which these build machines cannot reach, so both skip
 * where it is absent; test/unit/main-process/main-wiring.test.ts and
 * test/unit/packaging/packaged-app.test.ts check the wiring and the package without it.
 */
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openStoreForCli } from '../../main/cli/open-store';
import { ROOT } from './harness';
import { findElectronBinary } from '../../scripts/electron-binary';
import { packageApp } from '../support/package-app';
import { selectTextInPdf, waitForTextLayer } from './pdf-helpers';

const binary = findElectronBinary();
if (!binary.found) {
  console.warn(`Skipping the Electron app tests: ${binary.why} (${binary.expected}). The same walk runs in Chromium in walking-skeleton.e2e.ts.`);
}

type Launch = (args: string[], env: Record<string, string>) => Promise<ElectronApplication>;

/** Opens the demo case, saves a mark, quits, starts again and finds the mark, then reads it from disk. */
async function reviewAcrossARestart(launchApp: Launch) {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'workbench-electron-'));
  // The passphrase file makes the start unattended whether or not this machine has a real keyring.
  const keyFile = path.join(dataDir, '..', `${path.basename(dataDir)}.passphrase`);
  await fsp.writeFile(keyFile, 'correct horse battery staple\n', { mode: 0o600 });
  const launch = () => launchApp(['--data', dataDir], { ...(process.env as Record<string, string>), WORKBENCH_PASSPHRASE_FILE: keyFile });
  let app = await launch();
  let win = await app.firstWindow();
  expect(win.url()).toBe('workbench://app/index.html');
  expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  // The API answers the app's own window (the sender check by protocol and host, main/app-protocol.ts).
  expect(await win.evaluate(() => (window as unknown as { workbench: { invoke(m: string, r: unknown): Promise<{ ok: boolean }> } }).workbench.invoke('session.status', {}))).toMatchObject({ ok: true });
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
}

describe.skipIf(!binary.found)('the Electron app', () => {
  it('from the built bundle: opens the demo case, saves a mark, and shows it again after a restart', async () => {
    if (!binary.found) return;
    await reviewAcrossARestart((args, env) => electron.launch({ executablePath: binary.path, args: [path.join(ROOT, 'out', 'main', 'index.js'), ...args], env }));
  });

  it('packaged by electron-builder: the same walk from app.asar', async () => {
    if (!binary.found) return;
    const outDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'workbench-dist-'));
    // Playwright drives Electron through the Node inspector (--inspect=0), which the shipped fuse
    // enableNodeCliInspectArguments: false turns off; this test package turns it back on, nothing else.
    const pkg = await packageApp({ outDir, electronDist: binary.distDir, fuses: { enableNodeCliInspectArguments: true } });
    await reviewAcrossARestart((args, env) => electron.launch({ executablePath: pkg.executable, args, env }));
    await fsp.rm(outDir, { recursive: true, force: true });
  }, 600_000);
});
