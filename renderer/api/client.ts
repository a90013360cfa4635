/**
 * The renderer's typed view of window.workbench. Each call returns the method's response or
 * throws an ApiCallError carrying the typed error, whose message is written for the reviewer.
 */
import type { ApiMethod, ApiRequest, ApiResponse, WorkbenchBridge } from '../../shared/api/contract';
import type { ApiError, ApiResult } from '../../shared/api/errors';

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

export async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
  const bridge = window.workbench;
  if (!bridge) throw new ApiCallError({ code: 'internal', message: 'The workbench bridge is missing: start the app with npm start.' });
  const result = (await bridge.invoke(method, request)) as ApiResult<ApiResponse<M>>;
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
