/**
 * The Electron main process, wired: the BUILT bundle (out/main/index.js) loaded under Node with
 * `electron` resolved to a recording double through a module resolve hook
 * (test/support/electron-double). The bundle is exactly what `npm run dist` packs; nothing edits it.
 *
 * What this proves: what the bundle asks of Electron, in which order, with which values, and what
 * its handlers answer when called the way Electron calls them. What it cannot prove: Chromium's
 * side (that the sandbox, the CSP, the single-instance lock then hold) — the double is not
 * Electron. test/e2e/electron-app.e2e.ts runs the real app wherever the binary exists.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/api/content-security-policy';
import { callsTo, firstCall, ROOT, startMainProcess, type MainProcess, type MainState } from '../../support/electron-double/main-process';
import { withIdempotencyKey } from '../../support/with-idempotency-key';
import { PROFILE, reviewDemo } from '../../support/demo-review';

const APP_PAGE = { url: 'workbench://app/index.html', origin: 'workbench://app' };
const PASSPHRASE = 'correct horse battery staple';
const temps: string[] = [];
const running: MainProcess[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A machine: the double's default userData, a passphrase file, room for data folders. */
function machine() {
  const dir = tempDir('wb-wiring-');
  const userData = path.join(dir, 'default-userdata');
  fs.mkdirSync(userData);
  const passphraseFile = path.join(dir, 'passphrase');
  fs.writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
  return { dir, userData, passphraseFile };
}

async function launch(opts: Parameters<typeof startMainProcess>[0]): Promise<MainProcess> {
  const m = await startMainProcess(opts);
  running.push(m);
  return m;
}

afterAll(async () => {
  await Promise.all(running.map((m) => m.close()));
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

describe('a start on a data folder named with --data', () => {
  const box = machine();
  const dataDir = path.join(box.dir, 'cases-of-dr-a');
  const letterPath = path.join(box.dir, 'Mercer decision letter.pdf');
  let main: MainProcess;
  let beforeReady: MainState;
  let afterReady: MainState;
  let outcome: string;
  let startError: unknown = null;

  // Never throws: a bundle that does not load or start fails each test below on its own assertion.
  beforeAll(async () => {
    main = await launch({ args: ['--data', dataDir], env: { WORKBENCH_PASSPHRASE_FILE: box.passphraseFile }, double: { userData: box.userData, savePath: letterPath } });
    beforeReady = await main.state();
    if (beforeReady.loadError) return;
    try {
      ({ outcome, state: afterReady } = await main.ready());
    } catch (e) {
      startError = e;
    }
  }, 90_000);

  it('loads: the bundle parses and imports under Node with the double', () => {
    expect(beforeReady.loadError).toBeNull();
    expect(startError).toBeNull();
    expect(outcome).toBe('loaded');
    expect(afterReady.exited).toBeNull();
  });

  it('registers the workbench scheme as privileged before ready, with exactly the privileges the app needs', () => {
    const reg = callsTo(beforeReady, 'protocol.registerSchemesAsPrivileged');
    expect(reg).toHaveLength(1);
    expect(reg[0]!.ready).toBe(false);
    expect(beforeReady.privilegedSchemes).toEqual([{ scheme: 'workbench', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(callsTo(beforeReady, 'app.enableSandbox').map((c) => c.ready)).toEqual([false]);
  });

  it('gives the data folder its own userData before asking for the single-instance lock', () => {
    const profile = path.join(dataDir, 'electron-profile');
    const setPath = callsTo(beforeReady, 'app.setPath');
    expect(setPath.map((c) => c.args)).toEqual([['userData', profile]]);
    const lock = callsTo(beforeReady, 'app.requestSingleInstanceLock');
    expect(lock).toHaveLength(1);
    expect(setPath[0]!.seq).toBeLessThan(lock[0]!.seq);
    // The lock lives in the userData in force when it is asked for.
    expect(lock[0]!.args).toEqual([profile]);
    expect(fs.statSync(profile).mode & 0o777).toBe(0o700);
  });

  it('opens one window with the secure web preferences, spellcheck off, and loads the app page', () => {
    expect(afterReady.windows).toHaveLength(1);
    const [win] = afterReady.windows;
    expect(win!.options.webPreferences).toEqual({
      preload: path.join(ROOT, 'out', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      experimentalFeatures: false,
      spellcheck: false,
    });
    expect(fs.existsSync(win!.options.webPreferences!.preload as string)).toBe(true);
    expect(win!.loadedUrl).toBe('workbench://app/index.html');
    expect(win!.shown).toBe(true);
  });

  it('turns the session spellchecker off before the window exists, so no dictionary is downloaded', () => {
    expect(afterReady.spellCheckerEnabled).toBe(false);
    expect(firstCall(afterReady, 'session.setSpellCheckerEnabled')).toBeLessThan(firstCall(afterReady, 'new BrowserWindow'));
  });

  it('denies every permission request and check', async () => {
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      expect(await main.permission(permission)).toEqual({ granted: false, checked: false });
    }
  });

  it('serves index.html with the CSP header, and the page source unchanged', async () => {
    const page = await main.request('workbench://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.body.equals(fs.readFileSync(path.join(ROOT, 'out', 'renderer', 'index.html')))).toBe(true);
    const head = await main.request('workbench://app/index.html', 'HEAD');
    expect([head.status, head.body.length]).toEqual([200, 0]);
    expect((await main.request('workbench://app/index.html', 'POST')).status).toBe(405);
  });

  it('refuses an API call from another origin or a subframe before any service runs, and accepts the app top frame', async () => {
    const refused = { ok: false, error: { code: 'invalid-request', message: 'Refused: the request did not come from the workbench window.' } };
    const strangers = [
      { url: 'http://workbench.test/index.html' },
      { url: 'https://evil.example/index.html', origin: 'https://evil.example' },
      { url: 'workbench://evil/index.html' },
      { url: 'workbench://app:8080/index.html' },
      { url: 'file:///etc/passwd' },
      { url: 'about:blank', origin: 'workbench://app' },
      { ...APP_PAGE, parentUrl: 'workbench://app/index.html' },
    ];
    for (const frame of strangers) expect(await main.invoke(frame, 'cases.loadDemo')).toEqual(refused);
    expect(await main.invoke(null, 'cases.loadDemo')).toEqual(refused);
    // None of them reached the store.
    expect(await main.invoke(APP_PAGE, 'cases.list')).toEqual({ ok: true, value: [] });
    const status = await main.invoke({ url: 'workbench://app/index.html#/cases' }, 'session.status');
    expect(status).toMatchObject({ ok: true, value: { state: 'unlocked', hasPassphrase: true } });
  });

  it('serves a case document by its URL, decrypted, and refuses paths outside', async () => {
    const demo = await main.invoke(APP_PAGE, 'cases.loadDemo');
    expect(demo).toEqual({ ok: true, value: { caseId: 'demo-scs-trial' } });
    const opened = (await main.invoke(APP_PAGE, 'cases.open', { caseId: 'demo-scs-trial' })) as { ok: true; value: { documents: { url: string; sha256: string }[] } };
    expect(opened.ok).toBe(true);
    const doc = opened.value.documents[0]!;
    const served = await main.request(new URL(doc.url, 'workbench://app/index.html').href);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.headers['cache-control']).toBe('no-store');
    expect(served.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(createHash('sha256').update(served.body).digest('hex')).toBe(doc.sha256);
    // On disk the record is encrypted: the bytes served are not the bytes stored.
    const stored = fs.readFileSync(path.join(dataDir, 'cases', 'demo-scs-trial', 'docs', `${doc.sha256}.pdf`));
    expect(stored.subarray(0, 5).toString()).toBe('WBENC');

    const outside = [
      'workbench://app/../package.json',
      'workbench://app/%2e%2e/%2e%2e/package.json',
      'workbench://app/..%2f..%2fpackage.json',
      'workbench://app/%2e%2e%2f%2e%2e%2fmain%2findex.js',
      'workbench://app/index.html%00.png',
      `workbench://app/docs/other-case/${doc.sha256}.pdf`,
      `workbench://app/docs/demo-scs-trial/${'0'.repeat(64)}.pdf`,
      `workbench://app/docs/demo-scs-trial/../../key.json`,
      'workbench://other/index.html',
      'workbench://app:99/index.html',
    ];
    for (const url of outside) {
      const res = await main.request(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.body.toString()).toBe('Not found');
    }
  });

  it('refuses navigation away from the app, webviews and every new window', async () => {
    for (const url of ['https://evil.example/', 'http://workbench.test/index.html', 'file:///etc/passwd', 'workbench://evil/', 'javascript:alert(1)']) {
      expect(await main.navigate('will-navigate', url)).toEqual({ prevented: true, listened: true });
      expect(await main.navigate('will-redirect', url)).toEqual({ prevented: true, listened: true });
    }
    expect(await main.navigate('will-navigate', 'workbench://app/index.html#/case/demo-scs-trial')).toEqual({ prevented: false, listened: true });
    expect(await main.navigate('will-attach-webview', 'workbench://app/index.html')).toEqual({ prevented: true, listened: true });
    for (const url of ['https://evil.example/', 'workbench://app/index.html', 'about:blank']) {
      expect(await main.windowOpen(url)).toEqual({ handler: true, result: { action: 'deny' } });
    }
  });

  it('exports a signed letter where the save dialog says, and shows it in the OS file manager (shell.showItemInFolder)', async () => {
    const call = async (method: string, request: Record<string, unknown>) => {
      const r = await main.invoke(APP_PAGE, method, withIdempotencyKey(method, request));
      if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
      return r.value as never;
    };
    const caseId = 'demo-scs-trial';
    if (!((await call('cases.list', {})) as { id: string }[]).some((c) => c.id === caseId)) await call('cases.loadDemo', {});
    await reviewDemo({ call }, caseId);
    await call('settings.setProfile', { profile: PROFILE });
    const { suggested } = (await call('decision.get', { caseId })) as { suggested: Record<string, unknown>[] };
    await call('decision.edit', { caseId, determinations: suggested.map((d) => ({ ...d, outcome: 'cannot-establish', clinicalRationale: 'Without a mental health evaluation the trial cannot be judged safe.' })) });
    const signed = (await call('decision.sign', { caseId })) as { revisions: { id: string }[] };
    const revisionId = signed.revisions[0]!.id;
    const exported = (await call('letter.export', { caseId, revisionId })) as { saved: boolean; fileName: string; canShowInFolder: boolean };
    expect(exported).toMatchObject({ saved: true, fileName: path.basename(letterPath), canShowInFolder: true });
    expect(fs.readFileSync(letterPath).subarray(0, 5).toString()).toBe('%PDF-');
    expect(callsTo(await main.state(), 'dialog.showSaveDialog')).toHaveLength(1);
    await call('letter.showInFolder', { caseId, revisionId });
    expect(callsTo(await main.state(), 'shell.showItemInFolder').map((c) => c.args)).toEqual([[path.resolve(letterPath)]]);
  });

  it('brings its window forward when the same data folder is launched again', async () => {
    const before = (await main.state()).windows[0]!.focusCount;
    const second = await main.secondInstance({ minimized: true });
    expect(second.listened).toBe(true);
    expect(second.window).toMatchObject({ minimized: false, focusCount: before + 1 });
  });

  it('makes no network request at start, nor while warming its text threads from the built worker', async () => {
    // Past the warm-up (2 s after load): the text threads start from out/main/pdf-text.worker.mjs.
    const net = await main.network(3_500);
    expect(net.attempts).toEqual([]);
    if (net.sockets !== null) expect(net.sockets).toEqual([]);
    expect(callsTo(await main.state(), 'net.fetch')).toEqual([]);
    expect(main.stderr()).not.toContain('text.warm-up-failed');
    expect(callsTo(await main.state(), 'shell.openExternal')).toEqual([]);
  });

  it('never calls an Electron API at a moment Electron refuses it, and leaves no rejection unhandled', async () => {
    const state = await main.state();
    expect(state.calls.filter((c) => c.api.startsWith('refused:'))).toEqual([]);
    expect(state.unhandled).toEqual([]);
  });
});

describe('which userData a launch uses', () => {
  const box = machine();

  async function lockFolder(args: string[], env: Record<string, string> = {}): Promise<{ lock: unknown; state: MainState }> {
    const m = await launch({ args, env, double: { userData: box.userData } });
    const state = await m.state();
    await m.close();
    return { lock: callsTo(state, 'app.requestSingleInstanceLock')[0]?.args[0], state };
  }

  it('two data folders get two profiles, so both can be open at once; the default folder keeps the default', async () => {
    const a = await lockFolder(['--data', path.join(box.dir, 'a')]);
    const b = await lockFolder([`--data=${path.join(box.dir, 'b')}`]);
    const env = await lockFolder([], { WORKBENCH_DATA: path.join(box.dir, 'c') });
    const plain = await lockFolder([]);
    expect(a.lock).toBe(path.join(box.dir, 'a', 'electron-profile'));
    expect(b.lock).toBe(path.join(box.dir, 'b', 'electron-profile'));
    expect(env.lock).toBe(path.join(box.dir, 'c', 'electron-profile'));
    expect(plain.lock).toBe(box.userData);
    expect(callsTo(plain.state, 'app.setPath')).toEqual([]);
  });

  it('the same folder spelled two ways (relative, a symlink) gets the same profile, so the second launch finds the lock', async () => {
    const real = path.join(box.dir, 'shared');
    fs.mkdirSync(real);
    fs.symlinkSync(real, path.join(box.dir, 'shared-link'));
    const viaLink = await lockFolder(['--data', path.join(box.dir, 'shared-link')]);
    const viaRelative = await lockFolder(['--data', path.relative(process.cwd(), real) + path.sep]);
    expect(viaLink.lock).toBe(path.join(real, 'electron-profile'));
    expect(viaRelative.lock).toBe(path.join(real, 'electron-profile'));
  });

  it('a second launch that does not get the lock quits before ready, touching nothing in the data folder', async () => {
    const dataDir = path.join(box.dir, 'taken');
    const m = await launch({ args: ['--data', dataDir], double: { userData: box.userData, singleInstanceLock: false } });
    const state = await m.state();
    expect(callsTo(state, 'app.quit')).toHaveLength(1);
    expect(callsTo(state, 'app.whenReady')).toEqual([]);
    expect(state.windows).toEqual([]);
    expect(fs.readdirSync(dataDir)).toEqual(['electron-profile']);
  });
});

describe('a start that fails', () => {
  const box = machine();

  async function failedStart(args: string[], env: Record<string, string> = {}) {
    const m = await launch({ args, env, double: { userData: box.userData } });
    const before = await m.state();
    const { outcome, state } = before.exited === null ? await m.ready() : { outcome: 'exit', state: before };
    const dialogs = callsTo(state, 'dialog.showErrorBox');
    return { outcome, state, dialogs, stderr: m.stderr() };
  }

  function expectDialogThenExit(state: MainState, dialogs: ReturnType<typeof callsTo>) {
    expect(dialogs).toHaveLength(1);
    const exits = callsTo(state, 'app.exit');
    expect(exits.map((c) => c.args)).toEqual([[1]]);
    expect(dialogs[0]!.seq).toBeLessThan(exits[0]!.seq);
    expect(state.windows.filter((w) => w.shown)).toEqual([]);
  }

  it('a damaged key file: a dialog says what is wrong and what to do, then the app quits', async () => {
    const dataDir = path.join(box.dir, 'damaged');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'key.json'), '{ not json');
    const { outcome, state, dialogs, stderr } = await failedStart(['--data', dataDir], { WORKBENCH_PASSPHRASE_FILE: box.passphraseFile });
    expect(outcome).toBe('exit');
    expectDialogThenExit(state, dialogs);
    const [title, message] = dialogs[0]!.args as [string, string];
    expect(title).toBe('The reviewer workbench could not start');
    expect(message).toContain(`The data folder ${dataDir} could not be unlocked`);
    expect(message).toContain('key.json');
    expect(message).toMatch(/restore .* from a backup/);
    // The log line names the error class only (main/log.ts): no path, no message.
    expect(stderr).toContain('"event":"app.start-failed","errorName":"KeyFileError"');
    expect(stderr).not.toContain(dataDir);
  });

  it('a passphrase file that does not unlock the folder says so and names the file', async () => {
    const dataDir = path.join(box.dir, 'other-passphrase');
    const first = await launch({ args: ['--data', dataDir], env: { WORKBENCH_PASSPHRASE_FILE: box.passphraseFile }, double: { userData: box.userData } });
    expect((await first.ready()).outcome).toBe('loaded');
    await first.close();
    const wrong = path.join(box.dir, 'wrong-passphrase');
    fs.writeFileSync(wrong, 'not the passphrase at all\n', { mode: 0o600 });
    const { outcome, state, dialogs } = await failedStart(['--data', dataDir], { WORKBENCH_PASSPHRASE_FILE: wrong });
    expect(outcome).toBe('exit');
    expectDialogThenExit(state, dialogs);
    expect(dialogs[0]!.args[1]).toContain(`The passphrase in ${wrong} does not unlock the data folder ${dataDir}.`);
    expect(dialogs[0]!.args[1]).toContain('start without WORKBENCH_PASSPHRASE_FILE');
  });

  it('--data without a folder: the dialog comes before ready, and no lock is taken', async () => {
    const { state, dialogs } = await failedStart(['--data']);
    expectDialogThenExit(state, dialogs);
    expect(dialogs[0]!.ready).toBe(false);
    expect(dialogs[0]!.args[1]).toContain('--data needs a folder');
    expect(callsTo(state, 'app.requestSingleInstanceLock')).toEqual([]);
  });
});

describe('a packaged start', () => {
  const box = machine();

  it('reads rules and resources from app.getAppPath(), not from beside the bundle', async () => {
    const emptyApp = path.join(box.dir, 'empty-app.asar');
    fs.mkdirSync(emptyApp);
    const fullApp = path.join(box.dir, 'app.asar');
    fs.mkdirSync(fullApp);
    fs.symlinkSync(path.join(ROOT, 'rules'), path.join(fullApp, 'rules'));
    fs.symlinkSync(path.join(ROOT, 'resources'), path.join(fullApp, 'resources'));
    const start = async (appPath: string, name: string) => {
      const m = await launch({ args: ['--data', path.join(box.dir, name)], env: { WORKBENCH_PASSPHRASE_FILE: box.passphraseFile }, double: { userData: box.userData, isPackaged: true, appPath } });
      expect((await m.ready()).outcome).toBe('loaded');
      return m;
    };
    const empty = await start(emptyApp, 'empty');
    expect(await empty.invoke(APP_PAGE, 'cases.loadDemo')).toMatchObject({ ok: false });
    expect(await empty.invoke(APP_PAGE, 'intake.options')).toMatchObject({ ok: false });
    const full = await start(fullApp, 'full');
    expect(await full.invoke(APP_PAGE, 'cases.loadDemo')).toEqual({ ok: true, value: { caseId: 'demo-scs-trial' } });
    expect(await full.invoke(APP_PAGE, 'intake.options')).toMatchObject({ ok: true });
  });
});
