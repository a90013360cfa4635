/**
 * Starts the built main bundle in a child Node process with `electron` resolved to the recording
 * double (register.mjs, electron.mjs) and drives it (run-main.mjs). One process per launch: the
 * bundle's top level runs once, as in Electron.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..', '..');
export const BUILT_MAIN = path.join(ROOT, 'out', 'main', 'index.js');

export interface DoubleConfig {
  /** What app.getPath('userData') answers before the bundle changes it (must exist). */
  userData: string;
  appPath?: string;
  isPackaged?: boolean;
  /** What app.requestSingleInstanceLock() answers (default true). */
  singleInstanceLock?: boolean;
  platformKeyring?: boolean;
  /** What dialog.showSaveDialog answers (a chosen file); without it the dialog is cancelled. */
  savePath?: string;
}

export interface Call {
  seq: number;
  api: string;
  args: unknown[];
  ready: boolean;
  afterExit: boolean;
}

export interface WindowState {
  options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>;
  loadedUrl: string | null;
  shown: boolean;
  focusCount: number;
  minimized: boolean;
}

export interface MainState {
  loadError: { name: string; message: string; stack: string } | null;
  /** Promise rejections the bundle left unhandled. */
  unhandled: { name: string; message: string; stack: string }[];
  ready: boolean;
  exited: number | null;
  calls: Call[];
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  windows: WindowState[];
  handledSchemes: string[];
  ipcChannels: string[];
  spellCheckerEnabled: boolean;
}

export interface Frame {
  url: string;
  origin?: string;
  /** Set for a subframe: its parent's URL. */
  parentUrl?: string;
}

export interface Served {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface MainProcess {
  /** Lines the bundle wrote to stderr (its PHI-free log). */
  stderr(): string;
  state(): Promise<MainState>;
  /** Emits ready and waits for the start to settle: the window loaded, or the app quit/exited. */
  ready(): Promise<{ outcome: 'loaded' | 'exit' | 'quit' | 'timeout'; state: MainState }>;
  invoke(frame: Frame | null, method: string, payload?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  request(url: string, method?: string): Promise<Served>;
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): Promise<{ prevented: boolean; listened: boolean }>;
  windowOpen(url: string): Promise<{ handler: boolean; result?: unknown }>;
  permission(permission: string): Promise<{ granted: unknown; checked: unknown }>;
  secondInstance(opts?: { minimized?: boolean }): Promise<{ listened: boolean; window: WindowState | null }>;
  network(waitMs?: number): Promise<{ attempts: { kind: string; target: string; stack?: string }[]; sockets: { table: string; local: string; remote: string }[] | null }>;
  close(): Promise<void>;
}

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|tsx|mjs|html)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  }
  return newest;
}

/** The built bundle exists and is not older than the sources it is built from. */
export function assertBuilt(): void {
  const rel = path.relative(ROOT, BUILT_MAIN);
  if (!fs.existsSync(BUILT_MAIN)) throw new Error(`${rel} is not built: run \`npm run build\` first (npm test does).`);
  const built = fs.statSync(BUILT_MAIN).mtimeMs;
  for (const dir of ['main', 'shared']) {
    const newest = newestSource(path.join(ROOT, dir));
    if (newest.mtimeMs > built) throw new Error(`${rel} is older than ${path.relative(ROOT, newest.file)}: run \`npm run build\` (npm test does) so the test checks what you wrote.`);
  }
}

export async function startMainProcess(opts: { args?: string[]; env?: Record<string, string | undefined>; double: DoubleConfig; bundle?: string }): Promise<MainProcess> {
  assertBuilt();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
  // Never the developer's or CI's own passphrase file or data folder unless the test names one.
  if (!opts.env || !('WORKBENCH_PASSPHRASE_FILE' in opts.env)) delete env.WORKBENCH_PASSPHRASE_FILE;
  if (!opts.env || !('WORKBENCH_DATA' in opts.env)) delete env.WORKBENCH_DATA;
  env.ELECTRON_DOUBLE = JSON.stringify({ ...opts.double, bundle: opts.bundle ?? BUILT_MAIN });
  const child: ChildProcess = fork(path.join(HERE, 'run-main.mjs'), opts.args ?? [], {
    execArgv: ['--import', path.join(HERE, 'register.mjs')],
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`the main process exited (${code}) before answering. stderr:\n${stderr}`));
    pending.clear();
  });
  const loaded = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  child.on('message', (msg: { id: number; ok: boolean; value?: unknown; error?: { name: string; message: string; stack: string } }) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(Object.assign(new Error(`${msg.error!.name}: ${msg.error!.message}`), { stack: msg.error!.stack }));
  });
  const send = <T>(op: string, args: unknown = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });
  await loaded;
  return {
    stderr: () => stderr,
    state: () => send('state'),
    ready: () => send('ready'),
    invoke: (frame, method, payload = {}) => send('invoke', { frame, method, payload }),
    request: async (url, method = 'GET') => {
      const r = await send<{ status: number; headers: Record<string, string>; body: string }>('request', { url, method });
      return { ...r, body: Buffer.from(r.body, 'base64') };
    },
    navigate: (event, url) => send('navigate', { event, url }),
    windowOpen: (url) => send('windowOpen', { url }),
    permission: (permission) => send('permission', { permission }),
    secondInstance: (o = {}) => send('secondInstance', o),
    network: (waitMs = 0) => send('network', { waitMs }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ id: nextId++, op: 'exit' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** The recorded calls to one API, e.g. calls(state, 'app.setPath'). */
export function callsTo(state: MainState, api: string): Call[] {
  return state.calls.filter((c) => c.api === api);
}

/** The sequence number of the first call to an API (Infinity if never called). */
export function firstCall(state: MainState, api: string): number {
  return callsTo(state, api)[0]?.seq ?? Infinity;
}
