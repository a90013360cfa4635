/**
 * The renderer in a real Chromium, with window.workbench bound to the real services on a temp
 * data folder through Playwright's exposeBinding: the same dispatcher Electron's ipc.ts uses,
 * the same request server its protocol handler uses. No mocks.
 *
 * Served from http://workbench.test, not workbench://app: outside Electron, Chromium cannot
 * register a custom scheme, and Playwright's routes only see http(s) requests (a workbench://
 * navigation is handed to the OS as an external protocol and aborts, tried with Debian's Chromium 156 and
 * playwright-core 1.65). What would differ under http is how pdf.js loads records; the renderer
 * makes that independent of the scheme (renderer/viewer/pdf-loading.ts, tested with the real
 * pdf.js in test/unit/main-process/pdf-loading.test.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createWorkbenchDispatch } from '../../main/workbench-api';
import type { Dispatch } from '../../main/api/dispatch';
import { openCaseStore, type CaseStore } from '../../main/store/case-store';
import { openSession, type Session } from '../../main/security/session';
import { createSessionHandlers } from '../../main/security/session-handlers';
import { unlockWithKeyring } from '../../main/crypto/key-file';
import { createFileCipher } from '../../main/crypto/file-cipher';
import { createMemoryKeyring, TEST_SCRYPT } from '../support/memory-keyring';
import { createAppRequestServer } from '../../main/serve-app-request';
import { CHROMIUM_ARGS, findChromium } from './find-browser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_URL = 'http://workbench.test';

export interface Harness {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  store: CaseStore;
  /** The session behind the page: lock it, or read its status. */
  session: Session;
  dataDir: string;
  /** Where the stand-in for the save dialog puts exported letters. */
  saveDir: string;
  /** A second store on the same (encrypted) folder, read back from disk. */
  reopenStore(): Promise<CaseStore>;
  /** Opens a fresh page on the same data folder, as after quitting and starting again. */
  restart(): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(opts: { dataDir?: string; viewport?: { width: number; height: number } } = {}): Promise<Harness> {
  const rendererDir = path.join(ROOT, 'out', 'renderer');
  await fs.access(path.join(rendererDir, 'index.html')).catch(() => {
    throw new Error('The renderer is not built: run `npm run build` first (npm test does).');
  });
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'workbench-e2e-')));
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  // The store is encrypted as in the app; this keyring stands in for the OS one and outlives restarts.
  const keyring = createMemoryKeyring();
  const openWorkbench = () => openSession({ dataDir, keyWrapper: keyring, scrypt: TEST_SCRYPT });
  let session = await openWorkbench();
  let store = session.store;
  let context!: BrowserContext;
  // The save dialog answers with a path in the temp data folder, as a reviewer who accepts the default name.
  const saveDir = path.join(dataDir, 'saved-letters');
  const chooseSavePath = async (name: string) => {
    await fs.mkdir(saveDir, { recursive: true });
    return path.join(saveDir, name);
  };

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: opts.viewport ?? { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const dispatch = createWorkbenchDispatch({ store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. E2E Reviewer', chooseSavePath }, createSessionHandlers(session));
    return openApp(context, dispatch, createAppRequestServer({ rendererDir, store }));
  }

  const page = await newPage();
  const harness: Harness = {
    browser,
    context,
    page,
    store,
    session,
    dataDir,
    saveDir,
    async reopenStore() {
      return openCaseStore(dataDir, { cipher: createFileCipher(await unlockWithKeyring(dataDir, keyring)) });
    },
    async restart() {
      await context.close();
      // A new store instance reads everything back from disk.
      session = await openWorkbench();
      store = session.store;
      harness.store = store;
      harness.session = session;
      harness.page = await newPage();
      harness.context = context;
      return harness.page;
    },
    async close() {
      await browser.close();
    },
  };
  return harness;
}

/**
 * The renderer in `context`, window.workbench bound to `dispatch` and the app's own URLs to
 * `serve`, as the app's protocol handler would; every other request fails as the CSP would.
 */
export async function openApp(context: BrowserContext, dispatch: Dispatch, serve: ReturnType<typeof createAppRequestServer>): Promise<Page> {
  await context.route(`${APP_URL}/**`, async (route) => {
    const res = await serve(new URL(route.request().url()).pathname);
    await route.fulfill({ status: res.status, headers: res.headers, body: Buffer.from(res.body) });
  });
  // Nothing else may be fetched: a request anywhere else fails the way the app's CSP would.
  await context.route((url) => !url.toString().startsWith(APP_URL), (route) => route.abort());
  await context.exposeBinding('__workbenchInvoke', (_source, method: unknown, payload: unknown) => dispatch(method, payload));
  // A string, not a function: the test runner's transform would add helpers the page lacks.
  await context.addInitScript(`Object.defineProperty(window, 'workbench', {
    value: Object.freeze({ invoke: (m, p) => window.__workbenchInvoke(m, p) }),
    writable: false,
  });`);
  const page = await context.newPage();
  await page.goto(`${APP_URL}/index.html`);
  return page;
}
