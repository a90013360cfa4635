/**
 * Electron main: one window, secure defaults, the app served from the privileged
 * `workbench://app/` origin (not file://), and the API bound over one validated IPC channel.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, powerMonitor, protocol, safeStorage, session } from 'electron';
import { bindApi } from './ipc';
import { createWorkbenchDispatch } from './workbench-api';
import { openSession } from './security/session';
import { createSessionHandlers } from './security/session-handlers';
import { passphraseFromFile } from './security/passphrase-source';
import type { KeyWrapper } from './crypto/key-file';
import { createLog, logLevelFrom } from './log';
import { resolveDataDir } from './store/data-dir';
import { createAppRequestServer } from './serve-app-request';
import { warmUpTextExtraction } from './text/warm-up-text-extraction';

const here = path.dirname(fileURLToPath(import.meta.url));
const APP_ORIGIN = 'workbench://app';
/** Text-extraction threads are warmed this long after the window loads (main/text/warm-up-text-extraction.ts). */
const WARM_UP_DELAY_MS = 2_000;

protocol.registerSchemesAsPrivileged([
  { scheme: 'workbench', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

function dataFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--data');
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Where rules/ and resources/ are: beside the app in a package, the project root in development. */
function appRoot(): string {
  return app.isPackaged ? process.resourcesPath : path.resolve(here, '..', '..');
}

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

async function start() {
  const dataDir = resolveDataDir({ flag: dataFlag(process.argv), env: process.env, userData: app.getPath('userData') });
  // Structured, PHI-free lines (main/log.ts); WORKBENCH_LOG=debug for more.
  const log = createLog({ level: logLevelFrom(process.env) });
  const workbench = await openSession({ dataDir, keyWrapper: osKeyring(), log });
  // Unattended starts (automation) may name a passphrase file, as the CLI does.
  const fromFile = await passphraseFromFile(process.env);
  if (fromFile !== undefined && workbench.status().state.startsWith('needs-')) await workbench.unlock(fromFile);
  // ...and the folder then keeps that passphrase too, so the CLI can open it.
  if (fromFile !== undefined && !workbench.status().hasPassphrase) await workbench.setPassphrase(undefined, fromFile);
  powerMonitor.on('lock-screen', () => workbench.lock());
  powerMonitor.on('suspend', () => workbench.lock());
  const store = workbench.store;
  const dispatch = createWorkbenchDispatch(
    { store, appRoot: appRoot(), dataDir, reviewer: () => os.userInfo().username, log, chooseSavePath },
    createSessionHandlers(workbench),
  );
  bindApi(dispatch, APP_ORIGIN);

  const serve = createAppRequestServer({ rendererDir: path.join(here, '..', 'renderer'), store });
  protocol.handle('workbench', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const res = await serve(url.pathname);
    return new Response(res.body as BodyInit, { status: res.status, headers: res.headers });
  });

  // No permission (camera, notifications, geolocation …) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

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
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
  // After the window has painted, not during: warming takes both cores for about a second.
  setTimeout(() => {
    warmUpTextExtraction(path.join(appRoot(), 'resources')).catch(() => log.warn('text.warm-up-failed'));
  }, WARM_UP_DELAY_MS);
}

app.enableSandbox();

// Navigation and new windows are refused everywhere; links to the web are not opened either,
// since a record's text could smuggle a URL.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start).catch((e: Error) => {
    // The class name only: a message could name a path or a case.
    console.error(`workbench failed to start: ${e.name}`);
    app.exit(1);
  });
}
