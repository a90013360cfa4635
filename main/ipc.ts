/**
 * Binds the API table to Electron IPC. One channel; the dispatcher checks the method and
 * validates the payload against the contract. Messages from any frame other than the app's
 * own top frame are refused.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from './api/dispatch';
import type { ApiResult } from '../shared/api/errors';

export const API_CHANNEL = 'workbench:api';

export function isTrustedSender(event: IpcMainInvokeEvent, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}

export function bindApi(dispatch: Dispatch, appOrigin: string): void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, payload: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event, appOrigin)) {
      return { ok: false, error: { code: 'invalid-request', message: 'Refused: the request did not come from the workbench window.' } };
    }
    return dispatch(method, payload);
  });
}
