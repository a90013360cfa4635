/**
 * A recording double of the `electron` module, for loading the BUILT main bundle
 * (out/main/index.js) under plain Node where the Electron binary cannot be installed.
 *
 * It is a test aid, not Electron: it records what the bundle asks of Electron, in order, and
 * enforces the ordering rules Electron documents (cited at each one) so that calling an API at
 * the wrong moment fails here as it would there. It proves the bundle's wiring; it proves nothing
 * about Chromium's behaviour (whether a lock, a CSP or a sandbox then holds). The Electron e2e
 * test (test/e2e/electron-app.e2e.ts) runs the real thing wherever the binary exists.
 *
 * Configured by the ELECTRON_DOUBLE env var (JSON): { userData, appPath, isPackaged,
 * singleInstanceLock, platformKeyring, savePath } (savePath: what the save dialog answers; cancelled without). Driven by run-main.mjs through `control`.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';

const config = JSON.parse(process.env.ELECTRON_DOUBLE ?? '{}');

/** Everything the bundle asked of Electron, in order: { seq, api, args, ready }. */
const calls = [];
let seq = 0;
let isReady = false;
let exited = null;
let readyResolve;
const readyPromise = new Promise((resolve) => (readyResolve = resolve));
const events = new EventEmitter();

/** JSON-safe copy of call arguments: functions become '[function]'. */
function summarize(value, depth = 0) {
  if (typeof value === 'function') return '[function]';
  if (value === undefined) return '[undefined]';
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => summarize(v, depth + 1));
  if (value instanceof Uint8Array) return `[${value.length} bytes]`;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, summarize(v, depth + 1)]));
}

function record(api, ...args) {
  const entry = { seq: ++seq, api, args: summarize(args), ready: isReady, afterExit: exited !== null };
  calls.push(entry);
  events.emit('call', entry);
  return entry;
}

class ElectronDoubleError extends Error {
  name = 'ElectronDoubleError';
}

/** Electron's own refusal, recorded so the test sees it even if the bundle swallows it. */
function refuse(api, message) {
  record(`refused:${api}`, message);
  throw new ElectronDoubleError(`${api}: ${message}`);
}

function needsReady(api) {
  // protocol.handle, session, BrowserWindow, powerMonitor: "can only be used after the ready event".
  if (!isReady) refuse(api, 'cannot be used before the app module emits ready');
}

// ---- app -------------------------------------------------------------------------------------

const paths = new Map([
  ['home', '/nonexistent-home'],
  ['userData', config.userData ?? '/nonexistent-userdata'],
  ['sessionData', config.userData ?? '/nonexistent-userdata'],
  ['documents', '/nonexistent-documents'],
  ['temp', '/tmp'],
]);

class App extends EventEmitter {
  get isPackaged() {
    return config.isPackaged === true;
  }
  getAppPath() {
    record('app.getAppPath');
    return config.appPath ?? process.cwd();
  }
  getName() {
    return 'reviewer-workbench';
  }
  getVersion() {
    return '0.0.0-double';
  }
  getPath(name) {
    record('app.getPath', name);
    if (!paths.has(name)) refuse('app.getPath', `unknown path name ${name}`);
    return paths.get(name);
  }
  setPath(name, value) {
    record('app.setPath', name, value);
    // app.setPath: "You can only override paths of a name defined in app.getPath" and "If the path
    // specifies a directory that does not exist, an Error is thrown".
    if (!paths.has(name)) refuse('app.setPath', `unknown path name ${name}`);
    if (!fs.existsSync(value)) refuse('app.setPath', `${value} does not exist`);
    paths.set(name, value);
    // sessionData follows userData unless set on its own (Electron's default).
    if (name === 'userData') paths.set('sessionData', value);
  }
  enableSandbox() {
    record('app.enableSandbox');
    // app.enableSandbox: "This method can only be called before app is ready."
    if (isReady) refuse('app.enableSandbox', 'can only be called before app is ready');
  }
  requestSingleInstanceLock() {
    // The lock is a file in userData: record which one, to prove userData was set first.
    record('app.requestSingleInstanceLock', paths.get('userData'));
    return config.singleInstanceLock !== false;
  }
  whenReady() {
    record('app.whenReady');
    return readyPromise;
  }
  isReady() {
    return isReady;
  }
  quit() {
    record('app.quit');
    events.emit('quit');
  }
  exit(code = 0) {
    record('app.exit', code);
    exited = code;
    events.emit('exit', code);
  }
  on(event, listener) {
    record('app.on', event);
    return super.on(event, listener);
  }
  once(event, listener) {
    record('app.once', event);
    return super.once(event, listener);
  }
}

export const app = new App();

// ---- protocol --------------------------------------------------------------------------------

const protocolHandlers = new Map();
const privilegedSchemes = [];

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record('protocol.registerSchemesAsPrivileged', schemes);
    // "This method can only be used before the ready event of the app module gets emitted and can be called only once."
    if (isReady) refuse('protocol.registerSchemesAsPrivileged', 'can only be used before the ready event');
    if (privilegedSchemes.length) refuse('protocol.registerSchemesAsPrivileged', 'can be called only once');
    privilegedSchemes.push(...schemes);
  },
  handle(scheme, handler) {
    record('protocol.handle', scheme);
    needsReady('protocol.handle');
    if (protocolHandlers.has(scheme)) refuse('protocol.handle', `${scheme} is already handled`);
    protocolHandlers.set(scheme, handler);
  },
  isProtocolHandled(scheme) {
    return protocolHandlers.has(scheme);
  },
};

// ---- ipcMain ---------------------------------------------------------------------------------

const ipcHandlers = new Map();

export const ipcMain = Object.assign(new EventEmitter(), {
  handle(channel, handler) {
    record('ipcMain.handle', channel);
    // "Attempted to register a second handler for '<channel>'".
    if (ipcHandlers.has(channel)) refuse('ipcMain.handle', `Attempted to register a second handler for '${channel}'`);
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel) {
    record('ipcMain.removeHandler', channel);
    ipcHandlers.delete(channel);
  },
});

// ---- session ---------------------------------------------------------------------------------

const sessionState = { permissionRequestHandler: null, permissionCheckHandler: null, spellCheckerEnabled: true };

const defaultSession = {
  setPermissionRequestHandler(handler) {
    record('session.setPermissionRequestHandler');
    sessionState.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler) {
    record('session.setPermissionCheckHandler');
    sessionState.permissionCheckHandler = handler;
  },
  setSpellCheckerEnabled(enabled) {
    record('session.setSpellCheckerEnabled', enabled);
    sessionState.spellCheckerEnabled = enabled;
  },
  isSpellCheckerEnabled() {
    return sessionState.spellCheckerEnabled;
  },
  setSpellCheckerLanguages(languages) {
    record('session.setSpellCheckerLanguages', languages);
  },
  setSpellCheckerDictionaryDownloadURL(url) {
    record('session.setSpellCheckerDictionaryDownloadURL', url);
  },
};

export const session = {
  get defaultSession() {
    // "session.defaultSession ... can only be used after the ready event" (Electron throws before it).
    needsReady('session.defaultSession');
    return defaultSession;
  },
};

// ---- BrowserWindow / webContents -------------------------------------------------------------

const windows = [];
let webContentsId = 0;

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = ++webContentsId;
    this.windowOpenHandler = null;
    this.session = defaultSession;
  }
  setWindowOpenHandler(handler) {
    record('webContents.setWindowOpenHandler');
    this.windowOpenHandler = handler;
  }
  on(event, listener) {
    record('webContents.on', event);
    return super.on(event, listener);
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    record('new BrowserWindow', options);
    // "You cannot create a BrowserWindow before the app is ready."
    needsReady('new BrowserWindow');
    this.options = options;
    this.webContents = new WebContents();
    this.loadedUrl = null;
    this.shown = false;
    this.minimized = false;
    this.focusCount = 0;
    this.destroyed = false;
    windows.push(this);
    // Electron emits web-contents-created for every new webContents.
    app.emit('web-contents-created', { preventDefault() {} }, this.webContents);
  }
  static getAllWindows() {
    return windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow() {
    return windows.find((w) => w.focusCount > 0 && !w.destroyed) ?? null;
  }
  async loadURL(url) {
    record('BrowserWindow.loadURL', url);
    // Chromium asks the scheme's handler for the page; no handler means the load fails.
    const scheme = URL.parse(url)?.protocol.slice(0, -1);
    const handler = protocolHandlers.get(scheme);
    if (!handler) throw new ElectronDoubleError(`ERR_UNKNOWN_URL_SCHEME (-302) loading '${url}'`);
    const res = await handler(new Request(url));
    if (!res.ok) throw new ElectronDoubleError(`ERR_HTTP_RESPONSE_CODE_FAILURE (-379) loading '${url}'`);
    this.loadedUrl = url;
    this.emit('ready-to-show');
    events.emit('loaded', url);
  }
  once(event, listener) {
    record('BrowserWindow.once', event);
    return super.once(event, listener);
  }
  show() {
    record('BrowserWindow.show');
    this.shown = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    record('BrowserWindow.restore');
    this.minimized = false;
  }
  focus() {
    record('BrowserWindow.focus');
    this.focusCount++;
  }
}

// ---- the rest the bundle may use ---------------------------------------------------------------

export const dialog = {
  showErrorBox(title, content) {
    // "This API can be called safely before the ready event the app module emits".
    record('dialog.showErrorBox', title, content);
  },
  async showSaveDialog(...args) {
    record('dialog.showSaveDialog', ...args.filter((a) => !(a instanceof BrowserWindow)));
    return config.savePath ? { canceled: false, filePath: config.savePath } : { canceled: true, filePath: '' };
  },
  showMessageBoxSync(...args) {
    record('dialog.showMessageBoxSync', ...args.filter((a) => !(a instanceof BrowserWindow)));
    return 0;
  },
};

export const powerMonitor = Object.assign(new EventEmitter(), {
  on(event, listener) {
    record('powerMonitor.on', event);
    // "This module cannot be used until the ready event of the app module is emitted."
    needsReady('powerMonitor.on');
    return EventEmitter.prototype.on.call(this, event, listener);
  },
});

export const safeStorage = {
  isEncryptionAvailable() {
    record('safeStorage.isEncryptionAvailable');
    // Linux: "safeStorage.isEncryptionAvailable ... returns false before the ready event".
    return isReady && config.platformKeyring === true;
  },
  getSelectedStorageBackend() {
    return config.platformKeyring ? 'gnome_libsecret' : 'basic_text';
  },
  encryptString(text) {
    return Buffer.from(`double:${text}`);
  },
  decryptString(buf) {
    return Buffer.from(buf).toString().replace(/^double:/, '');
  },
};

/** Network from the main process through Electron counts as network too. */
export const net = {
  fetch(url) {
    record('net.fetch', String(url));
    return Promise.reject(new ElectronDoubleError('net.fetch is refused by the double: nothing leaves the machine'));
  },
  request(options) {
    record('net.request', summarize(options));
    throw new ElectronDoubleError('net.request is refused by the double: nothing leaves the machine');
  },
};

export const shell = {
  openExternal(url) {
    record('shell.openExternal', String(url));
    return Promise.reject(new ElectronDoubleError('shell.openExternal is refused by the double'));
  },
  openPath(p) {
    record('shell.openPath', String(p));
    return Promise.resolve('refused by the double');
  },
  // Electron: "Show the given file in a file manager. If possible, select the file." Returns void.
  showItemInFolder(p) {
    record('shell.showItemInFolder', String(p));
  },
};

export default { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, protocol, safeStorage, session, shell };

// ---- control, for run-main.mjs (not part of Electron's API) ------------------------------------

export const control = {
  calls,
  events,
  windows,
  privilegedSchemes,
  protocolHandlers,
  ipcHandlers,
  sessionState,
  get exited() {
    return exited;
  },
  get ready() {
    return isReady;
  },
  /** Emits ready, as Electron does once Chromium has started. */
  emitReady() {
    isReady = true;
    record('[ready]');
    app.emit('ready', { preventDefault() {} }, {});
    readyResolve();
  },
};
