/**
 * The renderer's typed view of window.workbench. Each call returns the method's response or
 * throws an ApiCallError carrying the typed error, whose message is written for the reviewer.
 *
 * Every call that changes a case gets an idempotency key here, the one place the renderer calls
 * the API (shared/api/idempotency.ts). When a call's outcome is unknown (the main process failed
 * after it may have saved, or the answer never came back), the key is kept, and the same request
 * sent again ("try again") carries the same key, so main applies it at most once. A call that
 * succeeded or was refused for a known reason releases its key: the next one is a new change.
 */
import type { ApiMethod, ApiResponse, WorkbenchBridge } from '../../shared/api/contract';
import type { ApiError, ApiResult } from '../../shared/api/errors';
import { isCaseChanging, type RequestWithoutKey } from '../../shared/api/idempotency';

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}

export class ApiCallError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.error = error;
  }
}

/** A retry within this time reuses the key; later, the same request is taken as a new change. */
const RETRY_WINDOW_MS = 30 * 60 * 1000;
const unsettled = new Map<string, { key: string; since: number }>();

function newKey(): string {
  // randomUUID needs a secure context; getRandomValues works in any page (the test harness is plain http).
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function keyFor(fingerprint: string, now: number): string {
  const kept = unsettled.get(fingerprint);
  if (kept && now - kept.since < RETRY_WINDOW_MS) return kept.key;
  for (const [f, k] of unsettled) if (now - k.since >= RETRY_WINDOW_MS) unsettled.delete(f);
  const key = newKey();
  unsettled.set(fingerprint, { key, since: now });
  return key;
}

/** The answers after which main may have applied the change: 'internal', and in team mode 'unavailable' (the connection may have dropped during COMMIT). */
const outcomeUnknown = (e: ApiError) => e.code === 'internal' || e.code === 'unavailable';

/** Case-changing calls not answered yet, and who waits for none to be left (settledChanges). */
let changesInFlight = 0;
let onSettled: (() => void)[] = [];

/** Resolves once every case-changing call sent so far has been answered: a re-read after it shows them. */
export function settledChanges(): Promise<void> {
  if (changesInFlight === 0) return Promise.resolve();
  return new Promise((resolve) => onSettled.push(resolve));
}

export async function call<M extends ApiMethod>(method: M, request: RequestWithoutKey<M>): Promise<ApiResponse<M>> {
  const bridge = window.workbench;
  if (!bridge) throw new ApiCallError({ code: 'internal', message: 'The workbench bridge is missing: start the app with npm start.' });
  if (!isCaseChanging(method)) return settle((await bridge.invoke(method, request)) as ApiResult<ApiResponse<M>>);
  changesInFlight++;
  try {
    return await callChanging(bridge, method, request);
  } finally {
    if (--changesInFlight === 0) {
      const waiting = onSettled;
      onSettled = [];
      for (const w of waiting) w();
    }
  }
}

async function callChanging<M extends ApiMethod>(bridge: WorkbenchBridge, method: M, request: RequestWithoutKey<M>): Promise<ApiResponse<M>> {
  const fingerprint = `${method} ${JSON.stringify(request)}`;
  const idempotencyKey = keyFor(fingerprint, Date.now());
  let result: ApiResult<ApiResponse<M>>;
  try {
    result = (await bridge.invoke(method, { ...request, idempotencyKey })) as ApiResult<ApiResponse<M>>;
  } catch (e) {
    // No answer at all: whether main saved is unknown, so the key stays for the retry.
    throw new ApiCallError({ code: 'internal', message: `The workbench did not answer (${messageOf(e)}). Try again: a change that was saved is not saved twice.` });
  }
  if (result.ok || !outcomeUnknown(result.error)) unsettled.delete(fingerprint);
  return settle(result);
}

function settle<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
