/**
 * What main/index.ts and main/ipc.ts decide about the workbench:// origin, on the values Electron
 * hands them: WebFrameMain.url is Chromium's canonical URL of the frame's document (for the app,
 * "workbench://app/index.html", plus the hash route), and protocol.handle passes a web Request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl, isTrustedSender, REFUSE_WINDOW } from '../../../main/app-protocol';
import { createAppRequestServer } from '../../../main/serve-app-request';
import { openCaseStore } from '../../../main/store/case-store';
import { createFileCipher } from '../../../main/crypto/file-cipher';
import { CONTENT_SECURITY_POLICY } from '../../../shared/api/content-security-policy';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

const APP_URLS = ['workbench://app/index.html', 'workbench://app/index.html#/case/demo-scs-trial', 'workbench://app/', 'workbench://app/index.html?x=1'];
const OTHER_URLS = [
  'http://workbench.test/index.html', // the browser harness's origin: never the app's
  'https://app/index.html',
  'workbench://evil/index.html',
  'workbench://app.evil/index.html',
  'workbench://app:8080/index.html',
  'workbench://user@app/index.html',
  'workbench://user:pw@app/index.html',
  'workbench:app/index.html',
  'about:blank',
  '',
  `file://${ROOT}/out/renderer/index.html`,
  'devtools://devtools/bundled/inspector.html',
  'chrome-error://chromewebdata/',
  'data:text/html,<script>parent.workbench</script>',
  'blob:workbench://app/6f1c2a8e-1111-4222-8333-944455556666',
  'javascript:alert(1)',
];

describe('the app origin', () => {
  it("is compared by protocol and host: Node's URL gives a workbench: URL the opaque origin 'null'", () => {
    // Why `new URL(frame.url).origin === 'workbench://app'` refused the app's own window.
    expect(new URL(APP_ENTRY_URL).origin).toBe('null');
    for (const url of APP_URLS) expect({ url, app: isAppUrl(url) }).toEqual({ url, app: true });
    for (const url of OTHER_URLS) expect({ url, app: isAppUrl(url) }).toEqual({ url, app: false });
  });

  it("accepts API calls from the app's top frame only", () => {
    for (const url of APP_URLS) expect(isTrustedSender({ url, parent: null })).toBe(true);
    for (const url of OTHER_URLS) expect(isTrustedSender({ url, parent: null })).toBe(false);
    // A subframe on the app's own origin is still refused; so is a frame gone since it sent.
    expect(isTrustedSender({ url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL, parent: null } })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });

  it('opens no window, whatever is asked', () => {
    expect(REFUSE_WINDOW).toEqual({ action: 'deny' });
  });
});

describe('the workbench:// protocol handler', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-protocol-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function handler() {
    const store = await openCaseStore(dir, { cipher: createFileCipher(randomBytes(32)) });
    return createAppProtocolHandler(createAppRequestServer({ rendererDir: path.join(ROOT, 'out', 'renderer'), store }));
  }

  it('answers GET and HEAD for the app page with the CSP header', async () => {
    const handle = await handler();
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(Buffer.from(await page.arrayBuffer()).equals(fs.readFileSync(path.join(ROOT, 'out', 'renderer', 'index.html')))).toBe(true);
    const head = await handle(new Request(APP_ENTRY_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses other methods, other hosts and paths outside the renderer folder', async () => {
    const handle = await handler();
    const post = await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }));
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    for (const url of ['workbench://evil/index.html', 'workbench://app:1/index.html', 'workbench://app/%2e%2e/%2e%2e/package.json', 'workbench://app/..%2fpackage.json', 'workbench://app/%00']) {
      const res = await handle(new Request(url));
      expect({ url, status: res.status, nosniff: res.headers.get('x-content-type-options') }).toEqual({ url, status: 404, nosniff: 'nosniff' });
    }
  });
});
