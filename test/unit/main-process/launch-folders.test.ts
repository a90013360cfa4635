/**
 * Which data folder and which Electron userData one launch uses (main/launch-folders.ts), and
 * where a package keeps its files (main/packaged-layout.ts). Electron's process.argv is
 * [executable, ...args] in a package and [electron, script, ...args] in development.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFlag, ensureProfileFolder, LaunchError, launchFolders, PROFILE_FOLDER } from '../../../main/launch-folders';
import { appRootDir, unpackedPath, unpackedUrl } from '../../../main/packaged-layout';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-launch-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const DEFAULT_USER_DATA = path.join(tmp, 'userData');

describe('the data folder of a launch', () => {
  it('reads --data <dir> and --data=<dir> from either argv shape, and refuses --data without a folder', () => {
    expect(dataFlag(['/opt/Reviewer workbench/reviewer-workbench', '--data', '/srv/a'])).toBe('/srv/a');
    expect(dataFlag(['/usr/bin/electron', 'out/main/index.js', '--data=/srv/b'])).toBe('/srv/b');
    expect(dataFlag(['/usr/bin/electron', 'out/main/index.js', '--no-sandbox'])).toBeUndefined();
    for (const argv of [['app', '--data'], ['app', '--data', '--inspect'], ['app', '--data=']]) {
      expect(() => dataFlag(argv)).toThrow(LaunchError);
    }
  });

  it('gives a named data folder its own profile inside it, and leaves the default alone', () => {
    const named = launchFolders({ argv: ['app', '--data', path.join(tmp, 'a')], env: {}, defaultUserData: DEFAULT_USER_DATA });
    expect(named).toEqual({ dataDir: path.join(tmp, 'a'), userData: path.join(tmp, 'a', PROFILE_FOLDER) });
    const fromEnv = launchFolders({ argv: ['app'], env: { WORKBENCH_DATA: path.join(tmp, 'b') }, defaultUserData: DEFAULT_USER_DATA });
    expect(fromEnv.userData).toBe(path.join(tmp, 'b', PROFILE_FOLDER));
    // --data wins over WORKBENCH_DATA, as in the CLI.
    expect(launchFolders({ argv: ['app', '--data', path.join(tmp, 'c')], env: { WORKBENCH_DATA: path.join(tmp, 'b') }, defaultUserData: DEFAULT_USER_DATA }).dataDir).toBe(path.join(tmp, 'c'));
    expect(launchFolders({ argv: ['app'], env: {}, defaultUserData: DEFAULT_USER_DATA })).toEqual({ dataDir: path.join(DEFAULT_USER_DATA, 'workbench') });
  });

  it('names one profile per real folder: a symlink or a relative path to the same folder finds the same lock', () => {
    const real = path.join(tmp, 'real');
    fs.mkdirSync(real);
    fs.symlinkSync(real, path.join(tmp, 'link'));
    const viaLink = launchFolders({ argv: ['app', '--data', path.join(tmp, 'link', 'not-yet')], env: {}, defaultUserData: DEFAULT_USER_DATA });
    const direct = launchFolders({ argv: ['app', '--data', `${path.relative(process.cwd(), path.join(real, 'not-yet'))}/`], env: {}, defaultUserData: DEFAULT_USER_DATA });
    expect(viaLink.userData).toBe(path.join(real, 'not-yet', PROFILE_FOLDER));
    expect(direct.userData).toBe(viaLink.userData);
  });

  it('creates the profile folder for the owner only', () => {
    const profile = path.join(tmp, 'new', 'deep', PROFILE_FOLDER);
    ensureProfileFolder(profile);
    expect(fs.statSync(profile).mode & 0o777).toBe(0o700);
  });
});

describe('the packaged layout', () => {
  it('reads rules and resources from app.getAppPath() in a package, from the project root in development', () => {
    expect(appRootDir({ isPackaged: true, appPath: '/opt/wb/resources/app.asar', bundleDir: '/opt/wb/resources/app.asar/out/main' })).toBe('/opt/wb/resources/app.asar');
    expect(appRootDir({ isPackaged: false, appPath: '/ignored', bundleDir: '/home/dev/workbench/out/main' })).toBe('/home/dev/workbench');
  });

  it('maps a path inside app.asar to its unpacked copy, and leaves other paths alone', () => {
    expect(unpackedPath('/opt/wb/resources/app.asar/node_modules/pdfjs-dist')).toBe('/opt/wb/resources/app.asar.unpacked/node_modules/pdfjs-dist');
    expect(unpackedPath('C:\\Program Files\\WB\\resources\\app.asar\\out\\main\\pdf-text.worker.mjs')).toBe('C:\\Program Files\\WB\\resources\\app.asar.unpacked\\out\\main\\pdf-text.worker.mjs');
    expect(unpackedPath('/home/dev/workbench/node_modules/pdfjs-dist')).toBe('/home/dev/workbench/node_modules/pdfjs-dist');
    expect(unpackedPath('/opt/wb/resources/app.asar.unpacked/x')).toBe('/opt/wb/resources/app.asar.unpacked/x');
    expect(unpackedPath('/home/me/not-app.asar/x')).toBe('/home/me/not-app.asar/x');
    const url = unpackedUrl(pathToFileURL('/opt/Reviewer workbench/resources/app.asar/out/main/pdf-text.worker.mjs'));
    expect(url.href).toBe('file:///opt/Reviewer%20workbench/resources/app.asar.unpacked/out/main/pdf-text.worker.mjs');
  });
});
