/** The renderer's CSP: strict, and the same in the header and in index.html's meta tag. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/api/content-security-policy';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));

describe('content security policy', () => {
  it('loads nothing from outside the app and runs no inline or eval\'d script', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of d) {
      for (const v of values) {
        expect(v, `${name} allows ${v}`).not.toMatch(/^(https?:|\*|'unsafe-eval'|ws:|wss:)/);
        if (name !== 'style-src') expect(v, `${name} allows ${v}`).not.toBe("'unsafe-inline'");
      }
    }
  });

  it('is repeated in index.html (minus frame-ancestors, which a meta tag cannot set)', async () => {
    const html = await fs.readFile(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(directives(meta!)).toEqual(header);
  });
});
