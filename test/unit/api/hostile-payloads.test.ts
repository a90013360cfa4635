/**
 * Every method of the API table, thrown malformed payloads by fast-check: each one is refused
 * with a typed 'invalid-request' error, no service is called, and not a byte of the data folder
 * changes. Payloads are both arbitrary values and near misses built on the method's own fields
 * (wrong types, traversal strings, huge strings, NaN, prototype keys, extra keys).
 *
 * Then well-formed payloads whose ids name nothing in the case or its rules (criteria, marks,
 * studies, documents, facts), and whose texts hide control, bidirectional or zero-width
 * characters: each is refused with a sentence naming what was wrong, and nothing changes.
 */
import { createHash, randomUUID } from 'node:crypto';
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
import { criteriaOfCase } from '../../../main/api/known-ids';
import { createRulesProvider } from '../../../main/rules/rules-provider';
import type { Session } from '../../../main/security/session';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
let dataDir = '';
let dispatch: Dispatch;
let session: Session;
const calls: string[] = [];

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'wb-hostile-'));
  session = await openSession({ dataDir, keyWrapper: createMemoryKeyring(), scrypt: TEST_SCRYPT });
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

const CASE = 'demo-scs-trial';
const key = () => randomUUID();

/** Ids that look like ids but name nothing here, and ids that must never be ids. */
function strangerIds(known: readonly string[]): fc.Arbitrary<string> {
  const mutated = fc.tuple(fc.constantFrom(...known), fc.nat(), fc.constantFrom('x', '-', '.', '0', 'Z')).map(([id, at, ch]) => {
    const i = at % (id.length + 1);
    return `${id.slice(0, i)}${ch}${id.slice(i + (at % 2))}`;
  });
  return fc
    .oneof(
      fc.constantFrom('NO-SUCH-CRITERION', '../../etc/passwd', 'constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', `${known[0]} `, `${known[0]}\u200b`, (known[0] ?? '').toLowerCase()),
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$/),
      mutated,
      fc.string({ maxLength: 120 }),
    )
    .filter((id) => !known.includes(id));
}

describe('ids checked against the case and its rules', () => {
  let criteria: string[] = [];
  let markId = '';
  let studyId = '';
  let sha = '';
  const real = () => ({ dispatch: createDispatcher(createWorkbenchHandlers({ store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Fuzz' }, createSessionHandlers(session))) });

  beforeAll(async () => {
    const c = await session.store.getCase(CASE);
    sha = c.documents[0]!.sha256;
    criteria = [...criteriaOfCase(c, await createRulesProvider(ROOT, dataDir)()).keys()];
    const { dispatch: d } = real();
    const mark = await d('marks.add', { caseId: CASE, idempotencyKey: key(), anchor: { kind: 'text', docSha256: sha, page: 1, rects: [[1, 1, 2, 2]], quote: 'q' }, criterionIds: [criteria[0]] });
    const study = await d('imaging.add', { caseId: CASE, idempotencyKey: key(), study: { modality: 'mri', bodyRegion: 'lumbar spine' } });
    if (!mark.ok || !study.ok) throw new Error('setup failed');
    markId = (mark.value as { id: string }).id;
    studyId = (study.value as { id: string }).id;
  });

  /** method, and the payload with `id` in the place under test. */
  const places: [string, (id: string) => unknown, () => readonly string[]][] = [
    ['findings.set', (id) => ({ caseId: CASE, idempotencyKey: key(), criterionId: id, status: 'met' }), () => criteria],
    ['marks.add', (id) => ({ caseId: CASE, idempotencyKey: key(), anchor: { kind: 'text', docSha256: sha, page: 1, rects: [[1, 1, 2, 2]], quote: 'q' }, criterionIds: [criteria[0], id] }), () => criteria],
    ['marks.update', (id) => ({ caseId: CASE, idempotencyKey: key(), markId, criterionIds: [id] }), () => criteria],
    ['marks.update', (id) => ({ caseId: CASE, idempotencyKey: key(), markId: id, note: 'n' }), () => [markId]],
    ['marks.remove', (id) => ({ caseId: CASE, idempotencyKey: key(), markId: id }), () => [markId]],
    ['imaging.update', (id) => ({ caseId: CASE, idempotencyKey: key(), studyId: id, change: { facility: 'x' } }), () => [studyId]],
    ['imaging.update', (id) => ({ caseId: CASE, idempotencyKey: key(), studyId, change: { radiologistReading: { summary: 's', markIds: [id] } } }), () => [markId]],
    ['imaging.remove', (id) => ({ caseId: CASE, idempotencyKey: key(), studyId: id }), () => [studyId]],
  ];

  it.each(places.map((p, i) => [`${p[0]} #${i}`, i] as const))('%s refuses ids that name nothing here, and changes nothing', async (_name, i) => {
    const [method, build, known] = places[i]!;
    const { dispatch: d } = real();
    const before = await folderHash(dataDir);
    await fc.assert(
      fc.asyncProperty(strangerIds(known()), async (id) => {
        const r = await d(method, build(id));
        expect(r.ok, `${method} took ${JSON.stringify(id)}`).toBe(false);
        if (!r.ok) expect(['invalid-request', 'not-found']).toContain(r.error.code);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 40 },
    );
    expect(await folderHash(dataDir)).toBe(before);
  });

  it('refuses documents and facts that are not the case\'s, and names the nearest known criterion', async () => {
    const { dispatch: d } = real();
    const before = await folderHash(dataDir);
    const other = 'f'.repeat(64);
    expect(await d('cases.setPosition', { caseId: CASE, idempotencyKey: key(), docSha256: other, page: 1 })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/^There is no document f{64} in this case/) } });
    expect(await d('marks.add', { caseId: CASE, idempotencyKey: key(), anchor: { kind: 'area', docSha256: other, page: 1, rects: [[1, 1, 2, 2]] }, criterionIds: [] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const withFact = 'CMM-211.trial.conservative-care';
    expect(await d('findings.set', { caseId: CASE, idempotencyKey: key(), criterionId: withFact, facts: { constructor: 3 } })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await d('findings.set', { caseId: CASE, idempotencyKey: key(), criterionId: withFact, facts: { weeksOfTherapy: 3 } })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/records its value as "conservativeCareMonths" \(months\), not "weeksOfTherapy"/) } });
    expect(await d('findings.set', { caseId: CASE, idempotencyKey: key(), criterionId: 'CMM-211.trial.conservative-car', status: 'met' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/"CMM-211\.trial\.conservative-car".*did you mean "CMM-211\.trial\.conservative-care"\?/) },
    });
    for (const id of ['__proto__', 'constructor']) {
      expect(await d('findings.set', { caseId: CASE, idempotencyKey: key(), criterionId: id, status: 'met' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await folderHash(dataDir)).toBe(before);
    expect(Object.keys((await session.store.getCase(CASE)).findings)).not.toContain('__proto__');
  });
});

/** Characters that change what a text shows without being seen, and the kind the message names. */
const UNSEEN = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u202a', '\u2066', '\u200f', '\u200b', '\u200d', '\u2060', '\ufeff', '\ud800', '\udfff'];

describe('text checked at the boundary', () => {
  const visible = fc.string({ minLength: 1, maxLength: 20 }).filter((t) => /^[\p{L}\p{N} .,'-]+$/u.test(t) && t.trim().length > 0);
  const hidden = fc.tuple(visible, fc.constantFrom(...UNSEEN), fc.string({ maxLength: 10 }).filter((t) => /^[\p{L}\p{N} ]*$/u.test(t))).map(([a, c, b]) => `${a}${c}${b}`);
  const fields: [string, string, (text: string) => unknown][] = [
    ['findings.set', 'note', (t) => ({ caseId: CASE, idempotencyKey: key(), criterionId: 'CMM-211.trial.conservative-care', note: t })],
    ['marks.remove', 'reason', (t) => ({ caseId: CASE, idempotencyKey: key(), markId: 'mark-x', reason: t })],
    ['imaging.add', 'study.bodyRegion', (t) => ({ caseId: CASE, idempotencyKey: key(), study: { modality: 'ct', bodyRegion: t } })],
    ['imaging.add', 'study.radiologistReading.readerName', (t) => ({ caseId: CASE, idempotencyKey: key(), study: { modality: 'ct', bodyRegion: 'pelvis', radiologistReading: { summary: '', markIds: [], readerName: t } } })],
    ['cases.create', 'request.member.name', (t) => ({ idempotencyKey: key(), request: { member: { name: t } }, attachments: [] })],
    ['cases.validateAttachment', 'name', (t) => ({ name: `${t}.pdf`, data: '' })],
    ['settings.setProfile', 'profile.name', (t) => ({ profile: { name: t, credentials: 'MD', title: 'Medical Director', peerToPeerPhone: '1-800-555-0142' } })],
    ['search.find', 'phrase', (t) => ({ caseId: CASE, phrase: t })],
  ];

  it.each(fields.map((f, i) => [`${f[0]} ${f[1]}`, i] as const))('%s: refused with the field and the character named, before any service', async (_name, i) => {
    const [method, field, build] = fields[i]!;
    const before = await folderHash(dataDir);
    await fc.assert(
      fc.asyncProperty(hidden, async (text) => {
        calls.length = 0;
        const r = await dispatch(method, build(text));
        expect(r).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
        if (!r.ok) expect(r.error.message).toMatch(new RegExp(`^The request to ${method.replace('.', '\\.')} was refused: ${field.replace(/\./g, '\\.')}(\\.pdf)?: contains .+\\(U\\+[0-9A-F]{4}`));
        expect(calls).toEqual([]);
      }),
      { numRuns: 40 },
    );
    expect(await folderHash(dataDir)).toBe(before);
  });

  it('keeps text in NFC, treats a name of only invisible characters as empty, and leaves record text in a mark as it is', async () => {
    const d = createDispatcher(createWorkbenchHandlers({ store: session.store, appRoot: ROOT, dataDir, reviewer: () => 'Dr. Fuzz' }, createSessionHandlers(session)));
    const decomposed = 'Ame\u0301lie reviewed the note';
    const r = await d('findings.set', { caseId: CASE, idempotencyKey: key(), criterionId: 'CMM-211.trial.surgery-not-indicated', note: decomposed });
    expect(r.ok).toBe(true);
    expect((await session.store.getCase(CASE)).findings['CMM-211.trial.surgery-not-indicated']?.note).toBe('Am\u00e9lie reviewed the note');
    const demo = await session.store.getCase(CASE);
    const invisible = await d('cases.create', { idempotencyKey: key(), request: { ...demo.request, member: { ...demo.request.member, name: '\u200b\u200b\u2060 ' } }, attachments: [] });
    expect(invisible).toMatchObject({ ok: true, value: { ok: false, problems: expect.arrayContaining([expect.objectContaining({ field: 'member.name' })]) } });
    // A passage marked in the record keeps the record's own characters, so it re-anchors.
    const quote = 'pain\u00ad score \u200b7/10';
    const mark = await d('marks.add', { caseId: CASE, idempotencyKey: key(), anchor: { kind: 'text', docSha256: demo.documents[0]!.sha256, page: 1, rects: [[1, 1, 2, 2]], quote }, criterionIds: [] });
    expect(mark).toMatchObject({ ok: true, value: { quote } });
  });
});
