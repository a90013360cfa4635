/**
 * Binds the API table to Electron IPC. One channel; the dispatcher checks the method and
 * validates the payload against the contract. Messages from any frame other than the app's
 * own top frame are refused (main/app-protocol.ts, isTrustedSender).
 */
import { ipcMain } from 'electron';
import type { Dispatch } from './api/dispatch';
import type { ApiResult } from '../shared/api/errors';
import { API_CHANNEL, isTrustedSender } from './app-protocol';

export const REFUSED_SENDER: ApiResult<never> = {
  ok: false,
  error: { code: 'invalid-request', message: 'Refused: the request did not come from the workbench window.' },
};

export function bindApi(dispatch: Dispatch): void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, payload: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) return REFUSED_SENDER;
    return dispatch(method, payload);
  });
}
