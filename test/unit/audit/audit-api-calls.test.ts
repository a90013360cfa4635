import { describe, expect, it } from 'vitest';
import { auditApiCall } from '../../../main/audit/audit-api-calls';
import type { AuditEventInput } from '../../../shared/audit/audit-event';

function recorder() {
  const events: { caseId: string; event: AuditEventInput }[] = [];
  const audit = auditApiCall(async (caseId, event) => void events.push({ caseId, event }), () => 'dr-a', () => new Date('2026-11-23T10:00:00Z'));
  return { events, audit };
}

describe('audit of API calls', () => {
  it('records a change with who and when, under the case named by the request', async () => {
    const { events, audit } = recorder();
    await audit('findings.set', { caseId: 'c1', criterionId: 'X.1', status: 'met' }, {});
    expect(events).toEqual([{ caseId: 'c1', event: expect.objectContaining({ actor: 'dr-a', at: '2026-11-23T10:00:00.000Z', type: 'finding-set' }) }]);
  });

  it('records a created case under the id in the answer, and not a refused creation', async () => {
    const { events, audit } = recorder();
    await audit('cases.create', { request: {}, attachments: [{ sha256: 'a', name: 'n.pdf' }] }, { ok: true, caseId: 'c9' });
    await audit('cases.create', { request: {}, attachments: [] }, { ok: false, problems: [] });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ caseId: 'c9', event: { type: 'case-created', details: { attachments: 1 } } });
  });

  it('does not record reads', async () => {
    const { events, audit } = recorder();
    await audit('cases.open', { caseId: 'c1' }, {});
    expect(events).toEqual([]);
  });
});
