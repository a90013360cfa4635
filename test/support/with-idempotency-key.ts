/** A request as the renderer sends it (renderer/api/client.ts): a case-changing one gets a fresh key unless it names one. */
import { randomUUID } from 'node:crypto';
import { isCaseChanging } from '../../shared/api/idempotency';

export function withIdempotencyKey(method: string, request: unknown, newKey: () => string = randomUUID): unknown {
  if (!isCaseChanging(method) || request === null || typeof request !== 'object' || 'idempotencyKey' in request) return request;
  return { ...request, idempotencyKey: newKey() };
}
