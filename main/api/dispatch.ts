/**
 * The one gate every API call passes: the method must be in the contract, every text in the
 * payload must be clean (main/api/clean-request.ts), the payload must match its request schema
 * (else a typed 'invalid-request' error, and no service is called), and the service's answer
 * must match the response schema.
 */
import { api, type ApiMethod, type ApiRequest } from '../../shared/api/contract';
import { WorkbenchError, type ApiResult } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import type { z } from 'zod';
import { silentLog, type Log } from '../log';
import { cleanRequest } from './clean-request';

type Table = Record<string, { request: z.ZodType; response: z.ZodType }>;

/** The services behind one part of the API table (see shared/api/*-api.ts). */
export type HandlersFor<T extends Table> = { [M in keyof T]: (request: z.output<T[M]['request']>) => Promise<z.input<T[M]['response']>> };

export type Handlers = HandlersFor<typeof api>;

export type Dispatch = (method: unknown, payload: unknown) => Promise<ApiResult<unknown>>;

export function createDispatcher(handlers: Handlers, log: Log = silentLog): Dispatch {
  return async (method, payload) => {
    if (typeof method !== 'string' || !Object.hasOwn(api, method)) {
      log.info('api.unknown-method', {});
      return { ok: false, error: { code: 'invalid-request', message: typeof method === 'string' ? `There is no API method ${JSON.stringify(method).slice(0, 80)}.` : `An API method is named by text (this one was ${method === null ? 'null' : typeof method}).` } };
    }
    const m = method as ApiMethod;
    const cleaned = cleanRequest(m, payload);
    if (!cleaned.ok) {
      log.info('api.refused', { method: m, code: 'invalid-request' });
      const issue = `${cleaned.field}: ${cleaned.problem}`;
      return { ok: false, error: { code: 'invalid-request', message: `The request to ${m} was refused: ${issue}.`, issues: [issue] } };
    }
    const parsed = api[m].request.safeParse(cleaned.payload);
    if (!parsed.success) {
      log.info('api.refused', { method: m, code: 'invalid-request' });
      const issues = describeZodError(parsed.error);
      return { ok: false, error: { code: 'invalid-request', message: `The request to ${m} was refused: ${issues[0]}`, issues } };
    }
    try {
      const handler = handlers[m] as (r: unknown) => Promise<unknown>;
      const started = Date.now();
      const value = await handler(parsed.data as ApiRequest<typeof m>);
      log.debug('api.call', { method: m, ms: Date.now() - started });
      const checked = api[m].response.safeParse(value);
      if (!checked.success) {
        log.error('api.bad-response', { method: m, count: checked.error.issues.length });
        return { ok: false, error: { code: 'internal', message: `The answer to ${m} was malformed; nothing was changed by showing it.` } };
      }
      return { ok: true, value: checked.data };
    } catch (e) {
      if (e instanceof WorkbenchError) {
        log.info('api.error', { method: m, code: e.code });
        return { ok: false, error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } };
      }
      // Only the error's kind goes to the log: messages can carry record text.
      log.error('api.internal', { method: m, errorName: (e as Error)?.name ?? typeof e });
      // Developer-only escape hatch, off by default: a stack's message can carry record text.
      if (process.env.WORKBENCH_DEBUG_ERRORS) console.error(String((e as Error)?.stack));
      return { ok: false, error: { code: 'internal', message: `Something went wrong in ${m}. Your earlier work is saved; try again.` } };
    }
  };
}
