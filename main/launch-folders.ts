/**
 * Which folders one launch of the app uses, decided before Electron is ready: the data folder
 * (the encrypted store) and, for a data folder named on the command line or in WORKBENCH_DATA,
 * a Chromium profile of its own inside it.
 *
 * Why a profile of its own: Electron's single-instance lock lives in the userData folder. With one
 * userData for every data folder, a second launch on another data folder would find the lock
 * taken, quit, and focus the first window on the wrong cases. With userData inside the data
 * folder, two data folders open side by side, and a second launch on the same folder still finds
 * its lock and focuses the window that has it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { takeOption } from './cli/command';
import { resolveDataDir } from './store/data-dir';

/** The Chromium profile (cache, local storage, the single-instance lock) inside a named data folder. */
export const PROFILE_FOLDER = 'electron-profile';

export interface LaunchFolders {
  dataDir: string;
  /** Set for a data folder named by --data or WORKBENCH_DATA; undefined keeps Electron's default. */
  userData?: string;
}

/** `--data <dir>` (or `--data=<dir>`) from the process arguments; a flag without a folder is an error. */
export function dataFlag(argv: readonly string[]): string | undefined {
  const inline = argv.find((a) => a.startsWith('--data='));
  if (inline !== undefined) {
    const value = inline.slice('--data='.length);
    if (!value) throw new LaunchError('--data needs a folder: --data <folder>.');
    return value;
  }
  try {
    return takeOption(argv, '--data').value;
  } catch {
    throw new LaunchError('--data needs a folder: --data <folder>.');
  }
}

export class LaunchError extends Error {
  override name = 'LaunchError';
}

export function launchFolders(opts: { argv: readonly string[]; env: NodeJS.ProcessEnv; defaultUserData: string }): LaunchFolders {
  const flag = dataFlag(opts.argv);
  const dataDir = resolveDataDir({ flag, env: opts.env, userData: opts.defaultUserData });
  if (flag === undefined && !opts.env.WORKBENCH_DATA) return { dataDir };
  // By the folder's real path: a symlink or a relative spelling of the same folder must find the same lock.
  return { dataDir, userData: path.join(realFolder(dataDir), PROFILE_FOLDER) };
}

/** The real path of a folder that may not exist yet: its nearest existing ancestor, resolved, plus the rest. */
function realFolder(dir: string): string {
  const rest: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(dir);
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Creates the profile folder (owner-only, like the data folder): Electron's app.setPath throws
 * for a folder that does not exist.
 */
export function ensureProfileFolder(userData: string): void {
  fs.mkdirSync(userData, { recursive: true, mode: 0o700 });
}
