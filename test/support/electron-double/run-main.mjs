/**
 * Child-process entry for the wiring tests: `node --import register.mjs run-main.mjs <app args>`.
 * Loads the built main bundle named in ELECTRON_DOUBLE.bundle with `electron` resolved to the
 * double, then acts as Electron/Chromium would towards it on the parent's command (emit ready,
 * send an IPC message from a frame, request a URL on the app's scheme, try a navigation …) and
 * answers with what the bundle did. Messages: { id, op, ...args } -> { id, ok, value | error }.
 */
import { pathToFileURL } from 'node:url';
import { attempts, inetSockets } from './network-guard.mjs';
import { app, control } from './electron.mjs';

const config = JSON.parse(process.env.ELECTRON_DOUBLE ?? '{}');
let loadError = null;
/** Rejections nobody handled: recorded for the test (which expects none) instead of ending the process. */
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(errorInfo(e)));

function errorInfo(e) {
  return { name: e?.name ?? 'Error', message: String(e?.message ?? e), stack: String(e?.stack ?? '') };
}

function windowState(w) {
  return { options: JSON.parse(JSON.stringify(w.options, (_k, v) => (typeof v === 'function' ? '[function]' : v))), loadedUrl: w.loadedUrl, shown: w.shown, focusCount: w.focusCount, minimized: w.minimized };
}

function state() {
  return {
    loadError,
    unhandled,
    ready: control.ready,
    exited: control.exited,
    calls: control.calls,
    privilegedSchemes: control.privilegedSchemes,
    windows: control.windows.map(windowState),
    handledSchemes: [...control.protocolHandlers.keys()],
    ipcChannels: [...control.ipcHandlers.keys()],
    spellCheckerEnabled: control.sessionState.spellCheckerEnabled,
  };
}

/** Resolves when the start has settled: the window loaded, or the app quit or exited. */
function settled(timeoutMs) {
  return new Promise((resolve) => {
    const done = (how) => {
      clearTimeout(timer);
      control.events.off('loaded', onLoaded);
      control.events.off('exit', onExit);
      control.events.off('quit', onQuit);
      resolve(how);
    };
    const onLoaded = () => done('loaded');
    const onExit = () => done('exit');
    const onQuit = () => done('quit');
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    control.events.on('loaded', onLoaded);
    control.events.on('exit', onExit);
    control.events.on('quit', onQuit);
  });
}

function webContents() {
  const w = control.windows[0];
  if (!w) throw new Error('the bundle has created no window');
  return w.webContents;
}

const ops = {
  state,
  async ready({ timeoutMs = 30_000 } = {}) {
    const outcome = settled(timeoutMs);
    control.emitReady();
    return { outcome: await outcome, state: state() };
  },
  async invoke({ frame, method, payload, channel = 'workbench:api' }) {
    const handler = control.ipcHandlers.get(channel);
    if (!handler) throw new Error(`no ipcMain handler on ${channel}`);
    // What Electron passes as IpcMainInvokeEvent: senderFrame is a WebFrameMain (url, parent, origin) or null.
    const senderFrame = frame === null ? null : { url: frame.url, origin: frame.origin ?? 'null', parent: frame.parentUrl ? { url: frame.parentUrl, parent: null } : null, top: null };
    return handler({ senderFrame, sender: control.windows[0]?.webContents, processId: 1, frameId: 1 }, method, payload);
  },
  async request({ url, method = 'GET' }) {
    const scheme = URL.parse(url)?.protocol.slice(0, -1);
    const handler = control.protocolHandlers.get(scheme);
    if (!handler) throw new Error(`no protocol handler for ${scheme}`);
    const res = await handler(new Request(url, { method }));
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: Object.fromEntries(res.headers), body: body.toString('base64') };
  },
  navigate({ event, url }) {
    let prevented = false;
    const ev = { url, preventDefault: () => (prevented = true) };
    const emitted = event === 'will-attach-webview' ? webContents().emit(event, ev, {}, {}) : webContents().emit(event, ev, url);
    return { prevented, listened: emitted };
  },
  windowOpen({ url }) {
    const handler = webContents().windowOpenHandler;
    if (!handler) return { handler: false };
    return { handler: true, result: handler({ url, frameName: '', features: '', disposition: 'new-window', referrer: { url: '', policy: 'default' } }) };
  },
  async permission({ permission }) {
    const { permissionRequestHandler, permissionCheckHandler } = control.sessionState;
    const granted = permissionRequestHandler
      ? await new Promise((resolve) => permissionRequestHandler(webContents(), permission, resolve, { requestingUrl: 'workbench://app/index.html' }))
      : 'no handler';
    const checked = permissionCheckHandler ? permissionCheckHandler(webContents(), permission, 'workbench://app', {}) : 'no handler';
    return { granted, checked };
  },
  secondInstance({ minimized = false } = {}) {
    const w = control.windows[0];
    if (w) w.minimized = minimized;
    // app.on('second-instance', (event, argv, workingDirectory, additionalData) => …)
    const listened = app.emit('second-instance', { preventDefault() {} }, process.argv, process.cwd(), {});
    return { listened, window: w ? windowState(w) : null };
  },
  async network({ waitMs = 0 } = {}) {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return { attempts, sockets: inetSockets() };
  },
  exit() {
    setImmediate(() => process.exit(0));
    return true;
  },
};

process.on('message', async (msg) => {
  try {
    const value = await ops[msg.op](msg.args ?? {});
    process.send({ id: msg.id, ok: true, value });
  } catch (e) {
    process.send({ id: msg.id, ok: false, error: errorInfo(e) });
  }
});

try {
  await import(pathToFileURL(config.bundle).href);
} catch (e) {
  loadError = errorInfo(e);
}
process.send({ id: 0, ok: true, value: { loaded: loadError === null } });
