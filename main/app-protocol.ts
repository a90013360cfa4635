/**
 * The workbench's own origin, `workbench://app`: what Electron registers, which frames may call
 * the API, where the window may navigate, and how a request on the scheme is answered. Plain
 * functions, so what main/index.ts and main/ipc.ts decide is unit-tested on the very values
 * Electron passes them (test/unit/main-process/app-protocol.test.ts), not only through the double.
 */
import type { AppResponse } from './serve-app-request';

export const APP_SCHEME = 'workbench';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one IPC channel the API travels on (main/ipc.ts handles it, main/preload.ts invokes it). */
export const API_CHANNEL = 'workbench:api';

/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * What `protocol.registerSchemesAsPrivileged` grants the scheme (before ready): `standard` gives it
 * a real origin (relative URLs, localStorage), `secure` makes it a secure context like https,
 * `supportFetchAPI` lets the renderer fetch records and pdf.js assets from it, `stream` lets a
 * response body stream. Not granted: `bypassCSP` (the CSP header applies), `corsEnabled`,
 * `allowServiceWorkers`, `codeCache`.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, stream: true } as const;

/**
 * True for a URL on the app's own origin. By protocol and host: Node's URL (the one Electron's
 * main process has) gives a `workbench:` URL the opaque origin "null", so comparing `.origin`
 * refuses everything. A port, user or password makes it another origin.
 */
export function isAppUrl(url: string): boolean {
  const u = URL.parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Whether an IPC message may reach the API: only from the app's own top frame. `senderFrame` is
 * null when the frame has navigated away or been destroyed since it sent; a subframe (which the
 * CSP should never let load) is refused even on the app's origin.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

/** The answer to `setWindowOpenHandler`: no window is ever opened, whatever the URL. */
export const REFUSE_WINDOW = { action: 'deny' } as const;

const PLAIN = { 'Content-Type': 'text/plain', 'X-Content-Type-Options': 'nosniff' };

/**
 * The `protocol.handle('workbench', …)` handler: a web Request in, a Response out. Only GET/HEAD
 * on `workbench://app/…`; everything else is 404/405, with the same security headers.
 */
export function createAppProtocolHandler(serve: (pathname: string) => Promise<AppResponse>): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = URL.parse(request.url);
    if (!url || !isAppUrl(url.href)) return new Response('Not found', { status: 404, headers: PLAIN });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { ...PLAIN, Allow: 'GET, HEAD' } });
    }
    const res = await serve(url.pathname);
    const body = request.method === 'HEAD' ? null : (res.body as BodyInit);
    return new Response(body, { status: res.status, headers: res.headers });
  };
}
