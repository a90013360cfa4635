/**
 * The renderer in a real Chromium, with window.workbench bound to the real services on a temp
 * data folder through Playwright's exposeBinding: the same dispatcher Electron's ipc.ts uses,
 * the same request server its protocol handler uses. No mocks.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createDispatcher } from '../../main/api/dispatch';
import { createReviewHandlers } from '../../main/review-handlers';
import { openCaseStore, type CaseStore } from '../../main/store/case-store';
import { createAppRequestServer } from '../../main/serve-app-request';
import { createRulesProvider } from '../../main/rules/rules-provider';
import { CHROMIUM_ARGS, findChromium } from './find-browser';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const APP_URL = 'http://workbench.test';

export interface Harness {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  store: CaseStore;
  dataDir: string;
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
  let store = await openCaseStore(dataDir);
  let context!: BrowserContext;

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: opts.viewport ?? { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const dispatch = createDispatcher(createReviewHandlers({ store, resourcesDir: path.join(ROOT, 'resources'), reviewer: () => 'Dr. E2E Reviewer', rules: createRulesProvider(ROOT, dataDir) }), (line) => console.error(line));
    const serve = createAppRequestServer({ rendererDir, store });
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

  const page = await newPage();
  const harness: Harness = {
    browser,
    context,
    page,
    store,
    dataDir,
    async restart() {
      await context.close();
      // A new store instance reads everything back from disk.
      store = await openCaseStore(dataDir);
      harness.store = store;
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
