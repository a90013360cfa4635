/**
 * The local store's queue keeps each case's clock while its summary is unchanged, yet shows a
 * tolled clock resuming by itself once the time to respond ends, and computes again for another
 * turnaround table.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from '../../../main/store/memory-queue';
import { CaseQuery } from '../../../shared/intake/query-cases';
import type { CaseSummary } from '../../../shared/case/schema';
import type { QueueClock } from '../../../shared/intake/queue-clock';

const stopped: CaseSummary = { id: 'tolled', memberName: 'A', memberId: 'W1', codes: ['63650'], urgency: 'standard', receivedAt: '2026-03-01T14:00:00.000Z', status: 'pending-info', updatedAt: '2026-03-01T14:00:00.000Z' };
const running: CaseSummary = { ...stopped, id: 'running', status: 'new' };
const CLOCKS: Record<string, QueueClock> = { tolled: { dueAt: '2026-03-13T22:00:00.000Z', stoppedUntil: '2026-03-10T22:00:00.000Z' }, running: { dueAt: '2026-03-04T14:00:00.000Z' } };

describe('the local queue in memory', () => {
  it('computes each clock once per summary, and a stopped one resumes at its time', async () => {
    const summaries = [stopped, running];
    const queue = createMemoryQueue(async () => summaries);
    let computed = 0;
    const clocks = { rulesSha256: 'a'.repeat(64), clockOf: (s: CaseSummary) => (computed++, CLOCKS[s.id]!) };
    const q = CaseQuery.parse({ sort: 'received' });
    const due = async (at: string) => Object.fromEntries((await queue(q, new Date(at), clocks)).rows.map((r) => [r.id, r.dueAt]));
    expect(await due('2026-03-10T21:59:59.999Z')).toEqual({ tolled: undefined, running: '2026-03-04T14:00:00.000Z' });
    expect(await due('2026-03-10T22:00:00.000Z')).toEqual({ tolled: '2026-03-13T22:00:00.000Z', running: '2026-03-04T14:00:00.000Z' });
    expect(computed).toBe(2);
    // Another turnaround table: computed again.
    await queue(q, new Date('2026-03-11T00:00:00Z'), { ...clocks, rulesSha256: 'b'.repeat(64) });
    expect(computed).toBe(4);
  });
});
