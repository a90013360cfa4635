/** A store change as a test makes it: by "test", now, with an audit event of its own. */
import type { ChangeRecord } from '../../main/store/case-store-contract';

export function testChange(summary = 'changed by a test', idempotencyKey?: string): ChangeRecord {
  return { ...(idempotencyKey ? { idempotencyKey } : {}), actor: 'test', at: new Date().toISOString(), audit: { type: 'request-edited', summary } };
}

/** A case created by a test, with its 'case-created' event. */
export function testCreate(idempotencyKey?: string): ChangeRecord {
  return { ...(idempotencyKey ? { idempotencyKey } : {}), actor: 'test', at: new Date().toISOString(), audit: { type: 'case-created', summary: 'case created by a test' } };
}
