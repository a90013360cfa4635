/**
 * The store contract's test suite (main/store/case-store-contract.ts), written once and run against
 * every store: the local lowdb store (case-store-contract.test.ts) and the team PostgreSQL store on
 * a server the test starts itself (team-store-contract.test.ts). Each store passes `open`, which gives a fresh, empty store holding the demo case,
 * and `reopen`, which opens the same data again as a new process would.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseStore, ChangeRecord } from '../../../main/store/case-store-contract';
import { CaseFile } from '../../../shared/case/schema';
import { WorkbenchError } from '../../../shared/api/errors';
import path from 'node:path';
import type { CaseSummary } from '../../../shared/case/schema';
import { CaseQuery, queryCases, type CaseQueryResult } from '../../../shared/intake/query-cases';
import { dueAtOn, queueClockOf } from '../../../shared/intake/queue-clock';
import { loadTurnaroundTable } from '../../../main/turnaround/load-turnaround-table';
import { sha256Hex } from '../../../main/documents/hash-document';

export interface StoreUnderTest {
  store: CaseStore;
  /** The same data, opened again (a restart). */
  reopen(): Promise<CaseStore>;
  /** The demo case's id. */
  caseId: string;
}

const by = (summary: string, idempotencyKey?: string): ChangeRecord => ({
  ...(idempotencyKey ? { idempotencyKey } : {}),
  actor: 'contract test',
  at: new Date().toISOString(),
  audit: { type: 'finding-set', summary, details: {} },
});

export function describeCaseStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name}: the case store contract`, () => {
    it('writes each change with its audit event, chained after the one before', async () => {
      const { store, caseId } = await open();
      const before = (await store.readAudit(caseId)).events.length;
      await store.updateCase(caseId, (c) => void (c.status = 'in-review'), by('first'));
      await store.updateCase(caseId, (c) => void (c.status = 'pending-info'), by('second'));
      const trail = await store.readAudit(caseId);
      expect(trail.chain).toEqual({ ok: true, count: before + 2 });
      expect(trail.events.slice(-2).map((e) => [e.seq, e.summary, e.actor])).toEqual([
        [before + 1, 'first', 'contract test'],
        [before + 2, 'second', 'contract test'],
      ]);
      expect(trail.events[before + 1]!.prevHash).toBe(trail.events[before]!.hash);
      expect((await store.getCase(caseId)).status).toBe('pending-info');
    });

    it('builds the event from the case after the change when given a function', async () => {
      const { store, caseId } = await open();
      await store.updateCase(caseId, (c) => void (c.status = 'in-review'), { actor: 'a', at: new Date().toISOString(), audit: (after: CaseFile) => ({ type: 'finding-set', summary: `status ${after.status}` }) });
      expect((await store.readAudit(caseId)).events.at(-1)?.summary).toBe('status in-review');
    });

    it('applies a change whose idempotency key it has applied no second time, and answers with the case as it is', async () => {
      const { store, caseId, reopen } = await open();
      const key = randomUUID();
      let applied = 0;
      const change = (c: CaseFile) => {
        applied++;
        c.findings[`CMM-211.c-${applied}`] = { status: 'met', facts: {}, note: '' };
      };
      const first = await store.updateCase(caseId, change, by('once', key));
      const again = await store.updateCase(caseId, change, by('once', key));
      expect(applied).toBe(1);
      expect(again).toEqual(first);
      // Also after a restart: the key is kept with the case.
      const later = await (await reopen()).updateCase(caseId, change, by('once', key));
      expect(applied).toBe(1);
      expect(later.findings).toEqual(first.findings);
      expect((await store.readAudit(caseId)).events.filter((e) => e.summary === 'once')).toHaveLength(1);
      // Another key is another change.
      await store.updateCase(caseId, change, by('twice', randomUUID()));
      expect(applied).toBe(2);
    });

    it('writes nothing, event included, when the change is refused or would make the case invalid', async () => {
      const { store, caseId } = await open();
      const trail = await store.readAudit(caseId);
      const before = await store.getCase(caseId);
      await expect(store.updateCase(caseId, () => { throw new WorkbenchError('conflict', 'no'); }, by('refused'))).rejects.toMatchObject({ code: 'conflict' });
      await expect(store.updateCase(caseId, (c) => void ((c as { status: string }).status = 'teleported'), by('invalid'))).rejects.toMatchObject({ code: 'invalid-request' });
      await expect(store.updateCase(caseId, (c) => void (c.id = 'other'), by('moved'))).rejects.toMatchObject({ code: 'invalid-request' });
      expect(await store.getCase(caseId)).toEqual(before);
      expect((await store.readAudit(caseId)).events).toEqual(trail.events);
      // A refused call's key was not used up: the same call can be made once it is allowed.
      const key = randomUUID();
      await expect(store.updateCase(caseId, () => { throw new WorkbenchError('conflict', 'not yet'); }, by('later', key))).rejects.toThrow();
      await store.updateCase(caseId, (c) => void (c.status = 'in-review'), by('later', key));
      expect((await store.getCase(caseId)).status).toBe('in-review');
    });

    it('records no event only for where the reviewer left off', async () => {
      const { store, caseId } = await open();
      const count = (await store.readAudit(caseId)).events.length;
      const doc = (await store.getCase(caseId)).documents[0]!.sha256;
      await store.updateCase(caseId, (c) => void (c.position = { docSha256: doc, page: 3 }), { audit: null });
      expect((await store.getCase(caseId)).position).toEqual({ docSha256: doc, page: 3 });
      expect((await store.readAudit(caseId)).events).toHaveLength(count);
    });

    it('serializes concurrent changes to one case: none lost, one event each, the chain intact', async () => {
      const { store, caseId } = await open();
      const count = (await store.readAudit(caseId)).events.length;
      await Promise.all(Array.from({ length: 12 }, (_, i) => store.updateCase(caseId, (c) => void (c.findings[`CMM-211.p-${i}`] = { status: 'met', facts: {}, note: '' }), by(`parallel ${i}`))));
      const c = await store.getCase(caseId);
      expect(Object.keys(c.findings).filter((k) => k.startsWith('CMM-211.p-'))).toHaveLength(12);
      expect((await store.readAudit(caseId)).chain).toEqual({ ok: true, count: count + 12 });
    });

    it('creates a case with its first event, and answers a repeated create with the same key with that case', async () => {
      const { store, caseId } = await open();
      const demo = await store.getCase(caseId);
      const key = randomUUID();
      const now = new Date().toISOString();
      const fresh = { ...demo, id: `contract-${key.slice(0, 8)}`, documents: [], marks: [], findings: {}, createdAt: now, updatedAt: now };
      const record = { idempotencyKey: key, actor: 'contract test', at: now, audit: { type: 'case-created' as const, summary: 'case created with 0 record(s)' } };
      const made = await store.createCase(fresh, [], record);
      expect(await store.createCase(fresh, [], record)).toEqual(made);
      await expect(store.createCase(fresh, [], { ...record, idempotencyKey: randomUUID() })).rejects.toMatchObject({ code: 'conflict' });
      const trail = await store.readAudit(fresh.id);
      expect(trail.chain).toEqual({ ok: true, count: 1 });
      expect(trail.events[0]).toMatchObject({ seq: 1, type: 'case-created', actor: 'contract test' });
    });

    it('answers with the case alone: what the store keeps beside it never reaches a service', async () => {
      const { store, caseId } = await open();
      const updated = await store.updateCase(caseId, (c) => void (c.status = 'in-review'), by('plain'));
      const read = await store.getCase(caseId);
      const known = Object.keys(CaseFile.shape);
      for (const c of [updated, read]) expect(Object.keys(c).filter((k) => !known.includes(k))).toEqual([]);
    });

    it('refuses to read the trail of a case that does not exist', async () => {
      const { store } = await open();
      await expect(store.readAudit('no-such-case')).rejects.toMatchObject({ code: 'not-found' });
    });

    it("answers the queue's query as the in-memory queue does over its list, and follows a change", async () => {
      const { store, caseId } = await open();
      const demo = await store.getCase(caseId);
      const now = new Date().toISOString();
      for (const [i, [name, urgency]] of ([['Zed, Ana', 'standard'], ['ängel, Bo', 'expedited'], ['Adams, Cy', 'standard']] as const).entries()) {
        await store.createCase(
          { ...demo, id: `queue-${i}`, documents: [], marks: [], findings: {}, createdAt: now, updatedAt: now, request: { ...demo.request, urgency, member: { ...demo.request.member, name } } },
          [],
          { actor: 'contract test', at: now, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } },
        );
      }
      const table = await loadTurnaroundTable(path.resolve(import.meta.dirname, '..', '..', '..'));
      const clocks = { rulesSha256: 'c'.repeat(64), clockOf: (s: CaseSummary) => queueClockOf(s, table) };
      const at = new Date();
      const inMemory = async (q: CaseQuery) => {
        const rows = (await store.listCases()).map((s) => {
          const dueAt = dueAtOn(queueClockOf(s, table), at);
          return dueAt ? { ...s, dueAt } : s;
        });
        return queryCases(rows, q, at);
      };
      const ids = (r: CaseQueryResult) => ({ ...r, rows: r.rows.map((x) => [x.id, x.dueAt]) });
      for (const partial of [{}, { sort: 'member' as const }, { urgency: 'expedited' as const }, { search: 'ÄNGEL' }, { limit: 2, offset: 1, sort: 'due' as const, descending: true }]) {
        const q = CaseQuery.parse(partial);
        expect(ids(await store.queryQueue(q, at, clocks)), JSON.stringify(partial)).toEqual(ids(await inMemory(q)));
      }
      await store.updateCase('queue-0', (c) => void (c.status = 'in-review'), by('status'));
      const q = CaseQuery.parse({ status: ['in-review'] });
      expect((await store.queryQueue(q, at, clocks)).rows.map((r) => r.id)).toEqual(['queue-0']);
      expect(ids(await store.queryQueue(q, at, clocks))).toEqual(ids(await inMemory(q)));
    });

    it("lists one member's cases, the id compared case-insensitively", async () => {
      const { store, caseId } = await open();
      const demo = await store.getCase(caseId);
      const now = new Date().toISOString();
      const id = demo.request.member.id;
      await store.createCase(
        { ...demo, id: 'member-lower', documents: [], marks: [], findings: {}, createdAt: now, updatedAt: now, request: { ...demo.request, member: { ...demo.request.member, id: id.toLowerCase() } } },
        [],
        { actor: 'contract test', at: now, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } },
      );
      await store.createCase(
        { ...demo, id: 'member-other', documents: [], marks: [], findings: {}, createdAt: now, updatedAt: now, request: { ...demo.request, member: { ...demo.request.member, id: `${id}9` } } },
        [],
        { actor: 'contract test', at: now, audit: { type: 'case-created', summary: 'case created with 0 record(s)' } },
      );
      expect((await store.listCasesOfMember(id.toUpperCase())).map((s) => s.id).sort()).toEqual([caseId, 'member-lower'].sort());
      expect(await store.listCasesOfMember('NOBODY-AT-ALL')).toEqual([]);
    });

    it("keeps a revision's letter with the case and reads the one kept last, or the one asked for", async () => {
      const { store, caseId, reopen } = await open();
      const first = Buffer.from('%PDF-1.7 first rendering of the letter');
      const second = Buffer.from('%PDF-1.7 second rendering of the letter');
      expect(await store.readLetter(caseId, 'r1')).toBeNull();
      await store.keepLetter(caseId, 'r1', first);
      expect(await store.readLetter(caseId, 'r1')).toEqual(first);
      await store.keepLetter(caseId, 'r1', second);
      expect(await (await reopen()).readLetter(caseId, 'r1', sha256Hex(second))).toEqual(second);
      expect(await store.readLetter(caseId, 'r1')).toEqual(second);
      await expect(store.keepLetter(caseId, '../escape', first)).rejects.toMatchObject({ code: 'invalid-request' });
    });
  });
}
