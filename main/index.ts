/**
 * Electron main: one window, secure defaults, the app served from the privileged
 * `workbench://app/` origin (not file://), and the API bound over one validated IPC channel.
 * Kept thin: what it decides lives in plain modules with their own tests (app-protocol.ts,
 * launch-folders.ts, startup-failure.ts, packaged-layout.ts), and its wiring is tested by loading
 * this very bundle under Node with a recording double of `electron`
 * (test/unit/main-process/main-wiring.test.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { bindApi } from './ipc';
import { createWorkbenchDispatch } from './workbench-api';
import { openSession } from './security/session';
import { chooseTeamMode } from './team/team-mode';
import type { TeamStore } from './store/team-store';
import { createSessionHandlers } from './security/session-handlers';
import { passphraseFromFile } from './security/passphrase-source';
import type { KeyWrapper } from './crypto/key-file';
import { createLog, logLevelFrom } from './log';
import { createAppRequestServer } from './serve-app-request';
import { warmUpTextExtraction } from './text/warm-up-text-extraction';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, isAppUrl, REFUSE_WINDOW } from './app-protocol';
import { ensureProfileFolder, launchFolders, type LaunchFolders } from './launch-folders';
import { describeStartupFailure, startupFailureName, startupStep } from './startup-failure';
import { appRootDir } from './packaged-layout';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Text-extraction threads are warmed this long after the window loads (main/text/warm-up-text-extraction.ts). */
const WARM_UP_DELAY_MS = 2_000;
// Structured, PHI-free lines (main/log.ts); WORKBENCH_LOG=debug for more.
const log = createLog({ level: logLevelFrom(process.env) });

// Both only before ready (Electron's documentation for each).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

/**
 * The OS keyring through safeStorage, or undefined where there is no real one: Linux's
 * 'basic_text' backend encrypts with a hard-coded password, so the passphrase is asked instead.
 */
function osKeyring(): KeyWrapper | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi';
  if (backend === 'basic_text' || backend === 'unknown') return undefined;
  return { name: backend, wrap: (s) => safeStorage.encryptString(s), unwrap: (b) => safeStorage.decryptString(Buffer.from(b)) };
}

/** The native save dialog for exporting a letter; the reviewer picks the folder and name. */
async function chooseSavePath(defaultName: string): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('documents'), defaultName), filters: [{ name: 'PDF', extensions: ['pdf'] }] };
  const win = BrowserWindow.getFocusedWindow();
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** A start that fails says why and what to do, then quits: a packaged app has no terminal. */
function failStart(error: unknown, dataDir?: string): void {
  log.error('app.start-failed', { errorName: startupFailureName(error) });
  const { title, message } = describeStartupFailure(error, { dataDir, passphraseFile: process.env.WORKBENCH_PASSPHRASE_FILE, teamFromEnvironment: !!process.env.WORKBENCH_DATABASE_URL });
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start({ dataDir }: LaunchFolders) {
  // Team mode when WORKBENCH_DATABASE_URL names the department's database (README, "Team mode").
  const team = await startupStep('team-database', () => chooseTeamMode(process.env, dataDir));
  const workbench = await startupStep('open-data', () => openSession({ dataDir, keyWrapper: osKeyring(), log, ...(team ? { team: team.open } : {}) }));
  // Unattended starts (automation) may name a passphrase file, as the CLI does.
  await startupStep('passphrase-file', async () => {
    const fromFile = await passphraseFromFile(process.env);
    if (fromFile !== undefined && workbench.status().state.startsWith('needs-')) await workbench.unlock(fromFile);
    // ...and the folder then keeps that passphrase too, so the CLI can open it.
    if (fromFile !== undefined && !workbench.status().hasPassphrase) await workbench.setPassphrase(undefined, fromFile);
  });
  powerMonitor.on('lock-screen', () => workbench.lock());
  powerMonitor.on('suspend', () => workbench.lock());
  const store = workbench.store;
  const appRoot = appRootDir({ isPackaged: app.isPackaged, appPath: app.getAppPath(), bundleDir: here });
  const dispatch = createWorkbenchDispatch(
    { store, appRoot, dataDir, reviewer: () => os.userInfo().username, log, chooseSavePath, showItemInFolder: (file) => shell.showItemInFolder(file), ...(team ? { team: store as TeamStore, teamConnection: { source: team.source, database: team.where } } : {}) },
    createSessionHandlers(workbench),
  );
  bindApi(dispatch);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(createAppRequestServer({ rendererDir: path.join(here, '..', 'renderer'), store })));

  // No permission (camera, notifications, geolocation …) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // Chromium's spellchecker downloads Hunspell dictionaries from a Google server on Linux and
  // Windows: off for the session as well as for the window, so nothing leaves the machine.
  session.defaultSession.setSpellCheckerEnabled(false);

  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 1100,
    minHeight: 700,
    title: 'Reviewer workbench',
    show: false,
    webPreferences: {
      preload: path.join(here, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Middle-click ("auxclick") could otherwise try to open a link in a new window.
      disableBlinkFeatures: 'Auxclick',
      experimentalFeatures: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  await startupStep('open-window', () => win.loadURL(APP_ENTRY_URL));
  // After the window has painted, not during: warming takes both cores for about a second.
  setTimeout(() => {
    warmUpTextExtraction(path.join(appRoot, 'resources')).catch(() => log.warn('text.warm-up-failed'));
  }, WARM_UP_DELAY_MS);
}

// Navigation and new windows are refused everywhere; links to the web are not opened either,
// since a record's text could smuggle a URL.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => REFUSE_WINDOW);
});

function focusWindow() {
  const [win] = BrowserWindow.getAllWindows();
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

let folders: LaunchFolders | undefined;
try {
  folders = launchFolders({ argv: process.argv, env: process.env, defaultUserData: app.getPath('userData') });
  // Before the lock, which lives in userData: one lock per data folder (main/launch-folders.ts).
  if (folders.userData) {
    ensureProfileFolder(folders.userData);
    app.setPath('userData', folders.userData);
  }
} catch (e) {
  failStart(e);
}

if (folders) {
  const launched = folders;
  if (!app.requestSingleInstanceLock()) {
    // The data folder is open in another window, which is brought forward ('second-instance').
    app.quit();
  } else {
    app.on('second-instance', focusWindow);
    app.on('window-all-closed', () => app.quit());
    app.whenReady()
      .then(() => start(launched))
      .catch((e: unknown) => failStart(e, launched.dataDir));
  }
}
