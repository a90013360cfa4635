/**
 * The renderer's Content-Security-Policy, sent as a header by the Electron protocol handler
 * and by the browser test harness, and repeated in index.html. Nothing loads from outside the app:
 * scripts and workers only from the app's origin; styles inline because MUI (emotion) injects them;
 * wasm for pdf.js's image decoders.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
