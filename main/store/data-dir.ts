import os from 'node:os';
import path from 'node:path';

/**
 * Where the case store lives: --data <dir>, else $WORKBENCH_DATA, else the platform's
 * user-data folder (the same one Electron's app.getPath('userData') names for this app).
 */
export function resolveDataDir(opts: { flag?: string; env: NodeJS.ProcessEnv; userData?: string }): string {
  if (opts.flag) return path.resolve(opts.flag);
  if (opts.env.WORKBENCH_DATA) return path.resolve(opts.env.WORKBENCH_DATA);
  return path.join(opts.userData ?? defaultUserData(opts.env), 'workbench');
}

function defaultUserData(env: NodeJS.ProcessEnv): string {
  const appName = 'reviewer-workbench';
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), appName);
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', appName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), appName);
}
