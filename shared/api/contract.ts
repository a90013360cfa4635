/**
 * The API between the renderer and the main process: one table, method name → request and
 * response schemas. Electron binds it in main/ipc.ts, the browser test harness binds the very
 * same table with Playwright's exposeBinding; both go through main/api/dispatch.ts.
 * Each area keeps its part of the table in its own module; this file joins them.
 */
import type { z } from 'zod';
import { reviewApi } from './review-api';
import { intakeApi } from './intake-api';
import { sessionApi } from './session-api';
import { decisionApi } from './decision-api';
import { imagingApi } from './imaging-api';
import { textApi } from './text-api';
import { informationRequestApi } from './information-request-api';
import { evidenceApi } from './evidence-api';
import { teamApi } from './team-api';

export * from './review-api';
export * from './intake-api';
export * from './session-api';
export * from './decision-api';
export * from './text-api';
export * from './information-request-api';
export * from './evidence-api';
export * from './team-api';

export const api = {
  ...reviewApi,
  ...intakeApi,
  ...sessionApi,
  ...decisionApi,
  ...imagingApi,
  ...textApi,
  ...informationRequestApi,
  ...evidenceApi,
  ...teamApi,
} as const;

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiRequest<M extends ApiMethod> = z.input<Api[M]['request']>;
export type ApiResponse<M extends ApiMethod> = z.output<Api[M]['response']>;
export const apiMethods = Object.keys(api) as ApiMethod[];

/** What the preload puts on window.workbench, and what the harness mirrors. */
export interface WorkbenchBridge {
  invoke(method: string, request: unknown): Promise<unknown>;
}
