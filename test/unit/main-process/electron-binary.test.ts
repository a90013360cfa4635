/**
 * `npm start` without the Electron binary says what is missing and how to get it
 * (scripts/start.ts), instead of electron-vite's "Electron uninstall".
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary, missingElectronMessage, ROOT } from '../../../scripts/electron-binary';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-electron-bin-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function electronPackage(name: string, opts: { pathTxt?: string; binary?: string } = {}): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  if (opts.pathTxt) fs.writeFileSync(path.join(dir, 'path.txt'), opts.pathTxt);
  if (opts.binary) {
    fs.mkdirSync(path.dirname(path.join(dir, 'dist', opts.binary)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', opts.binary), '');
  }
  return dir;
}

describe('finding the Electron binary', () => {
  it('finds it where the electron package puts it, or where an override names it', () => {
    const linux = electronPackage('linux', { pathTxt: 'electron', binary: 'electron' });
    expect(findElectronBinary({ electronDir: linux, env: {}, platform: 'linux' })).toEqual({ found: true, path: path.join(linux, 'dist', 'electron'), distDir: path.join(linux, 'dist'), version: '45.5.0' });
    const mac = electronPackage('mac', { pathTxt: 'Electron.app/Contents/MacOS/Electron', binary: 'Electron.app/Contents/MacOS/Electron' });
    expect(findElectronBinary({ electronDir: mac, env: {}, platform: 'darwin' })).toMatchObject({ found: true, distDir: path.join(mac, 'dist') });
    const unpacked = path.join(tmp, 'unpacked-electron');
    fs.mkdirSync(unpacked);
    fs.writeFileSync(path.join(unpacked, 'electron'), '');
    expect(findElectronBinary({ electronDir: electronPackage('skipped'), env: { ELECTRON_OVERRIDE_DIST_PATH: unpacked }, platform: 'linux' })).toMatchObject({ found: true, path: path.join(unpacked, 'electron') });
  });

  it('says what is missing when the download was skipped, the package is absent, or an override is wrong', () => {
    const skipped = findElectronBinary({ electronDir: electronPackage('no-dist'), env: {}, platform: 'linux' });
    expect(skipped).toEqual({ found: false, expected: path.join(tmp, 'no-dist', 'dist', 'electron'), version: '45.5.0', why: 'its download was skipped or could not reach github.com' });
    expect(findElectronBinary({ electronDir: path.join(tmp, 'nothing'), env: {} })).toMatchObject({ found: false, why: 'the electron package is not installed (run npm install)' });
    expect(findElectronBinary({ electronDir: electronPackage('x'), env: { ELECTRON_EXEC_PATH: '/nowhere/electron' } })).toMatchObject({ found: false, expected: '/nowhere/electron' });
    const message = missingElectronMessage(skipped as Extract<typeof skipped, { found: false }>);
    expect(message).toContain('The Electron 45.5.0 binary is not installed: its download was skipped or could not reach github.com.');
    expect(message).toContain('node node_modules/electron/install.js');
    expect(message).toContain('ELECTRON_MIRROR=');
    expect(message).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
  });

  it('npm start without it: prints that message and exits 1 before building anything', () => {
    const empty = path.join(tmp, 'empty-dist');
    fs.mkdirSync(empty);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT, 'scripts', 'start.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_EXEC_PATH: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('binary is not installed: ELECTRON_OVERRIDE_DIST_PATH has no Electron executable.');
    expect(r.stderr).toContain('npm test');
    expect(r.stdout).not.toContain('vite');
  });
});
