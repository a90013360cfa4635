/**
 * Every API call that changes a case carries an idempotency key: the renderer makes one per
 * intended change (renderer/api/client.ts) and sends the same key again when it retries a call
 * whose outcome it does not know, and the store applies a change with a key it has already
 * applied no second time (main/store/case-store-contract.ts). So "try again" after an error
 * never saves a mark, a finding or a signature twice.
 */
import { z } from 'zod';
import type { ApiMethod, ApiRequest } from './contract';

export const idempotencyKeyParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'an idempotency key is 16 to 64 letters, digits, - and _ (the renderer sends a random UUID)');

/** The methods whose request carries `idempotencyKey` (test/unit/api/idempotency.test.ts checks the table agrees). */
export const CASE_CHANGING_METHODS = [
  'cases.create',
  'cases.addRecords',
  'cases.importFhir',
  'cases.fillGaps',
  'cases.saveFhirResponse',
  'cases.setPosition',
  'marks.add',
  'marks.update',
  'marks.remove',
  'findings.set',
  'indication.set',
  'checks.set',
  'imaging.add',
  'imaging.update',
  'imaging.remove',
  'decision.edit',
  'decision.acknowledgeCms',
  'decision.sign',
  'decision.amend',
  'letter.export',
  'informationRequest.create',
  'informationRequest.markReceived',
  'cases.take',
  'cases.release',
  'cases.reassign',
] as const;
export type CaseChangingMethod = (typeof CASE_CHANGING_METHODS)[number];

export function isCaseChanging(method: string): method is CaseChangingMethod {
  return (CASE_CHANGING_METHODS as readonly string[]).includes(method);
}

/** A request as callers write it: the key of a case-changing call is added by whoever sends it. */
export type RequestWithoutKey<M extends ApiMethod> = M extends CaseChangingMethod ? Omit<ApiRequest<M>, 'idempotencyKey'> : ApiRequest<M>;

