/**
 * Where the Electron binary is, found the way electron-vite and the electron package find it,
 * without calling require('electron') (which starts a download from GitHub when it is missing).
 * Used by `npm start` (scripts/start.ts) and the Electron e2e test.
 */
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** The executable inside an unpacked Electron, as the electron package's install.js lays it out. */
export function platformExecutable(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** `distDir` is the unpacked Electron folder electron-builder can package from (its `electronDist`). */
export type ElectronBinary = { found: true; path: string; distDir: string; version: string } | { found: false; expected: string; version: string; why: string };

function distDirOf(executable: string): string {
  const app = executable.indexOf('.app/');
  return app >= 0 ? path.dirname(executable.slice(0, app + 4)) : path.dirname(executable);
}

export function findElectronBinary(opts: { electronDir?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {}): ElectronBinary {
  const dir = opts.electronDir ?? path.join(ROOT, 'node_modules', 'electron');
  const env = opts.env ?? process.env;
  let version = 'unknown';
  try {
    version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { found: false, expected: dir, version, why: 'the electron package is not installed (run npm install)' };
  }
  const check = (file: string, why: string): ElectronBinary => (fs.existsSync(file) ? { found: true, path: file, distDir: distDirOf(file), version } : { found: false, expected: file, version, why });
  // electron-vite's own override, then the electron package's.
  if (env.ELECTRON_EXEC_PATH) return check(env.ELECTRON_EXEC_PATH, 'ELECTRON_EXEC_PATH names a file that does not exist');
  if (env.ELECTRON_OVERRIDE_DIST_PATH) return check(path.join(env.ELECTRON_OVERRIDE_DIST_PATH, platformExecutable(opts.platform)), 'ELECTRON_OVERRIDE_DIST_PATH has no Electron executable');
  const pathFile = path.join(dir, 'path.txt');
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : platformExecutable(opts.platform);
  return check(path.join(dir, 'dist', rel), 'its download was skipped or could not reach github.com');
}

/** What `npm start` prints when there is no binary: what is missing and the ways to get it. */
export function missingElectronMessage(binary: Extract<ElectronBinary, { found: false }>): string {
  return [
    `The Electron ${binary.version} binary is not installed: ${binary.why}.`,
    `(looked for ${binary.expected})`,
    '',
    'To get it, any one of:',
    '  - on a machine that reaches github.com: node node_modules/electron/install.js   (then npm start again)',
    '  - behind a mirror of Electron releases: ELECTRON_MIRROR=<mirror url> node node_modules/electron/install.js',
    `  - with an unpacked Electron ${binary.version} for this platform: ELECTRON_OVERRIDE_DIST_PATH=<its folder> npm start`,
    '',
    'Without it the workbench still runs in a browser for the tests: npm test.',
  ].join('\n');
}
