/**
 * `npm start`: builds the app and opens it in Electron. Where the Electron binary is missing it
 * first tries the electron package's own download (unless ELECTRON_SKIP_BINARY_DOWNLOAD is set),
 * and if that fails says what is missing and how to get it, instead of electron-vite's
 * "Electron uninstall".
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findElectronBinary, missingElectronMessage, ROOT } from './electron-binary';

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  return r.status ?? 1;
}

let binary = findElectronBinary();
if (!binary.found && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.error(`Electron ${binary.version} is not downloaded yet; fetching it (about 100 MB)…`);
  if (run(process.execPath, [path.join(ROOT, 'node_modules', 'electron', 'install.js')]) === 0) binary = findElectronBinary();
}
if (!binary.found) {
  console.error(`\n${missingElectronMessage(binary)}`);
  process.exit(1);
}
const status = run(bin('electron-vite'), ['build']);
if (status !== 0) process.exit(status);
process.exit(run(bin('electron-vite'), ['preview'], { ...process.env, ELECTRON_EXEC_PATH: binary.path }));
