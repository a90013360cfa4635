/**
 * The API as the renderer calls it: through window.workbench in the page, into the real services,
 * with an idempotency key on a case-changing call as renderer/api/client.ts adds one.
 */
import type { Page } from 'playwright-core';
import { withIdempotencyKey } from '../support/with-idempotency-key';

export async function invoke<T = unknown>(page: Page, method: string, payload: unknown): Promise<T> {
  const request = withIdempotencyKey(method, payload);
  const r = (await page.evaluate(([m, p]) => (window as unknown as { workbench: { invoke(m: unknown, p: unknown): Promise<unknown> } }).workbench.invoke(m, p), [method, request] as const)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.value as T;
}
