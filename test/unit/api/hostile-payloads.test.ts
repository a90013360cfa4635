/**
 * Every method of the API table, thrown malformed payloads by fast-check: each one is refused
 * with a typed 'invalid-request' error, no service is called, and not a byte of the data folder
 * changes. Payloads are both arbitrary values and near misses built on the method's own fields
 * (wrong types, traversal strings, huge strings, NaN, prototype keys, extra keys).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiMethods } from '../../../shared/api/contract';
import { createDispatcher, type Dispatch, type Handlers } from '../../../main/api/dispatch';
import { createWorkbenchHandlers } from '../../../main/workbench-api';
import { openSession } from '../../../main/security/session';
import { createSessionHandlers } from '../../../main/security/session-handlers';
import { loadDemoCase } from '../../../main/demo/load-demo-case';
import { createMemoryKeyring, TEST_SCRYPT } from '../../support/memory-keyring';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
let dataDir = '';
let dispatch: Dispatch;
const calls: string[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-hostile-'));
  const session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT });
  await loadDemoCase(session.store, path.join(ROOT, 'resources'));
  // Areas still being built get a stand-in that fails loudly; the real handlers replace them.
  const notBuilt = Object.fromEntries(apiMethods.map((m) => [m, () => Promise.reject(new Error(`${m} is not built`))]));
  const real = createWorkbenchHandlers(
    { store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Fuzz' },
    { ...notBuilt, ...createSessionHandlers(session) } as Partial<Handlers>,
  );
  // Every handler records that it was reached; for these payloads none may be.
  const spied = Object.fromEntries(
    Object.entries(real).map(([m, h]) => [m, (req: unknown) => (calls.push(m), (h as (r: unknown) => Promise<unknown>)(req))]),
  ) as unknown as Handlers;
  dispatch = createDispatcher(spied);
});
afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function folderHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  const entries = (await fs.readdir(dir, { withFileTypes: true, recursive: true })).map((e) => path.join(e.parentPath, e.name)).sort();
  for (const p of entries) {
    h.update(p);
    const st = await fs.stat(p);
    if (st.isFile()) h.update(await fs.readFile(p));
  }
  return h.digest('hex');
}

const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('..', '../../etc/passwd', '..%2F..%2Fkey.json', '/etc/passwd', 'C:\\Windows\\system32', '\0', '__proto__', 'constructor', '<script>alert(1)</script>', "'; DROP TABLE cases; --", '\u202e', 'demo-scs-trial/../x'),
  fc.string({ minLength: 5001, maxLength: 30000 }),
  fc.constant('x'.repeat(200_000)),
);
const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, -1, 1e308),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.anything(), { maxKeys: 5 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
);

function fieldsOf(method: string): string[] {
  const schema = api[method as keyof typeof api].request as unknown as { shape?: Record<string, unknown> };
  return schema.shape ? Object.keys(schema.shape) : [];
}

function payloads(method: string): fc.Arbitrary<unknown> {
  const fields = fieldsOf(method);
  const nearMiss = fields.length
    ? fc.record(Object.fromEntries(fields.map((f) => [f, hostileValue])), { requiredKeys: [] })
    : fc.constant({});
  const withExtraKey = fc.tuple(nearMiss, fc.string({ minLength: 1 }).filter((k) => !fields.includes(k)), fc.anything()).map(([o, k, v]) => ({ ...(o as object), [k]: v }));
  return fc.oneof(fc.anything(), nearMiss, withExtraKey, fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown));
}

describe('hostile payloads', () => {
  it('covers every method in the API table', () => {
    expect(apiMethods.length).toBeGreaterThan(10);
  });

  it.each(apiMethods)('%s refuses malformed payloads with invalid-request and changes nothing', async (method) => {
    const schema = api[method].request;
    const before = await folderHash(dataDir);
    await fc.assert(
      fc.asyncProperty(
        payloads(method).filter((p) => !schema.safeParse(p).success),
        async (payload) => {
          calls.length = 0;
          const result = await dispatch(method, payload);
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('invalid-request');
            expect(typeof result.error.message).toBe('string');
          }
          expect(calls).toEqual([]);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        },
      ),
      { numRuns: 60 },
    );
    expect(await folderHash(dataDir)).toBe(before);
  });

  it('refuses unknown and hostile method names', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'cases.list ', 'CASES.LIST')).filter((m) => typeof m !== 'string' || !Object.hasOwn(api, m)),
        fc.anything(),
        async (method, payload) => {
          calls.length = 0;
          const result = await dispatch(method, payload);
          expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
          expect(calls).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
