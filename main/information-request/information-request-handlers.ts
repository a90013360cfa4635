/**
 * The services behind shared/api/information-request-api.ts: what can be asked for, asking
 * (the case waits, the notice to the provider is written and kept with the case), and saying it
 * arrived. The clock follows rules/turnaround.json (whenInformationIsRequested).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { HandlersFor } from '../api/dispatch';
import { loadOnce } from '../api/load-once';
import type { informationRequestApi } from '../../shared/api/information-request-api';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import type { CaseFile } from '../../shared/case/schema';
import { InformationKinds, type InformationRequest } from '../../shared/information-request/schema';
import { clockWithRequests, defaultRespondBy } from '../../shared/information-request/information-request-clock';
import { pendCase, resumeCase } from '../../shared/information-request/pend-and-resume';
import { buildNoticeModel, dateAndTime } from '../../shared/information-request/notice-model';
import { computeDueAt, addSpan } from '../../shared/turnaround/turnaround-clock';
import type { InformationRequestRule, TurnaroundTable } from '../../shared/turnaround/turnaround-table';
import { LetterWording } from '../../shared/letter/letter-wording';
import type { CaseStore } from '../store/case-store';
import { letterUrl } from '../letters/letter-copy';
import { readReviewerProfile } from '../decision/reviewer-profile-file';
import { renderInformationNotice } from './render-information-notice';
import { auditEvents } from '../audit/audit-events';

export interface InformationRequestContext {
  store: CaseStore;
  appRoot: string;
  dataDir: string;
  turnaround: () => Promise<TurnaroundTable>;
  reviewer: () => string;
  now?: () => Date;
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success) throw new WorkbenchError('invalid-rules', `${file} is invalid: ${describeZodError(parsed.error).join('; ')}`);
  return parsed.data;
}

/** The due date without any request, and what a request does to it for this case's line of business and urgency. */
export function clockRuleFor(c: CaseFile, table: TurnaroundTable): { dueAt: string; rule: InformationRequestRule } {
  const r = c.request;
  const { dueAt, timeframe } = computeDueAt({ receivedAt: r.receivedAt, urgency: r.urgency, lineOfBusiness: r.plan.lineOfBusiness }, table);
  const unchanged = (source: string): InformationRequestRule => ({ effect: 'unchanged', source });
  if (!r.plan.lineOfBusiness) return { dueAt, rule: unchanged('The line of business is not known yet, so no extension is applied: the shortest timeframe keeps running until it is entered.') };
  return { dueAt, rule: timeframe.whenInformationIsRequested ?? unchanged(`rules/turnaround.json gives no rule for requesting information (${timeframe.source})`) };
}

/** The case's clock with its requests for information applied. */
export function caseClock(c: CaseFile, table: TurnaroundTable, now: Date): { dueAt: string; stoppedSince?: string; explanation?: string; base: ReturnType<typeof computeDueAt> } {
  const r = c.request;
  const base = computeDueAt({ receivedAt: r.receivedAt, urgency: r.urgency, lineOfBusiness: r.plan.lineOfBusiness }, table);
  const applied = clockWithRequests(base.dueAt, r.receivedAt, c.informationRequests, now);
  return { dueAt: applied.dueAt ?? base.dueAt, ...(applied.stoppedSince ? { stoppedSince: applied.stoppedSince } : {}), ...(applied.explanation ? { explanation: applied.explanation } : {}), base };
}

export function createInformationRequestHandlers(ctx: InformationRequestContext): HandlersFor<typeof informationRequestApi> {
  const now = () => (ctx.now ? ctx.now() : new Date());
  const { store } = ctx;
  const kinds = loadOnce(() => readJson(path.join(ctx.appRoot, 'rules', 'information-requests.json'), InformationKinds));
  const wording = loadOnce(() => readJson(path.join(ctx.appRoot, 'resources', 'letters', 'wording.json'), LetterWording));

  return {
    'informationRequest.options': async ({ caseId }) => {
      const [c, table, k] = await Promise.all([store.getCase(caseId), ctx.turnaround(), kinds()]);
      const { dueAt, rule } = clockRuleFor(c, table);
      return { kinds: k.kinds, rule, dueAt, defaultRespondBy: defaultRespondBy(rule, dueAt, now(), c.request.receivedAt), codes: c.request.codes.map((x) => x.code) };
    },

    'informationRequest.create': async ({ caseId, idempotencyKey, items, respondBy, note }) => {
      const [c, table, k, w, profile] = await Promise.all([store.getCase(caseId), ctx.turnaround(), kinds(), wording(), readReviewerProfile(ctx.dataDir)]);
      if (!profile) throw new WorkbenchError('conflict', 'Complete your reviewer profile (name, credentials, peer-to-peer phone) before sending a request for information: the notice is signed with it.');
      const at = now();
      if (Date.parse(respondBy) <= at.getTime()) throw new WorkbenchError('invalid-request', 'The date to send the information by has already passed.');
      const { dueAt, rule } = clockRuleFor(c, table);
      if (rule.respondWithin) {
        const least = addSpan(at.toISOString(), rule.respondWithin, c.request.receivedAt);
        if (Date.parse(respondBy) < Date.parse(least) - 60_000) {
          throw new WorkbenchError('invalid-request', `The provider must be given at least ${rule.respondWithin.amount} ${rule.respondWithin.unit.replace('-', ' ')} to respond (${rule.source.split(':')[0]}): send by ${least.slice(0, 16).replace('T', ' ')} UTC or later.`);
        }
      }
      const codes = new Set(c.request.codes.map((x) => x.code));
      const request: InformationRequest = {
        // From the call's key, so a retried call names the request (and its notice) the first one made.
        id: `rfi-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`,
        requestedAt: at.toISOString(),
        requestedBy: ctx.reviewer(),
        respondBy: new Date(respondBy).toISOString(),
        items: items.map((i) => {
          const kind = k.kinds.find((x) => x.id === i.kindId);
          if (!kind) throw new WorkbenchError('invalid-request', `"${i.kindId}" is not a kind of document the workbench can ask for.`);
          const unknown = i.codes.filter((x) => !codes.has(x));
          if (unknown.length) throw new WorkbenchError('invalid-request', `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not requested in this case.`);
          return { kindId: kind.id, loinc: kind.loinc, label: kind.label, reportType: kind.reportType, detail: i.detail.trim(), codes: i.codes };
        }),
        note: note.trim(),
        resumeStatus: c.status === 'new' ? 'new' : 'in-review',
        dueAtBefore: dueAt,
        clockRule: rule,
      };
      const pended = pendCase(c, request);
      const clock = clockWithRequests(dueAt, c.request.receivedAt, pended.informationRequests, at);
      const o = w.organization;
      const model = buildNoticeModel(pended, request, {
        organization: { name: o.name, descriptor: o.descriptor, addressLines: o.addressLines, phone: o.phone, tty: o.tty, fax: o.fax },
        signer: profile,
        clock: clock.explanation ? `${clock.dueAt ? `The decision is now due by ${dateAndTime(clock.dueAt, c.request.receivedAt)}. ` : ''}${clock.explanation}.` : undefined,
      });
      const pdf = await renderInformationNotice(model, at);
      await store.keepLetter(caseId, request.id, pdf);
      request.noticeSha256 = createHash('sha256').update(pdf).digest('hex');
      const saved = await store.updateCase(caseId, (x) => pendCase(x, request), {
        idempotencyKey,
        actor: ctx.reviewer(),
        at: at.toISOString(),
        audit: auditEvents.informationRequested(request),
      });
      return { request: saved.informationRequests.find((r) => r.id === request.id) ?? request, noticeUrl: letterUrl(caseId, request.id), status: saved.status };
    },

    'informationRequest.markReceived': async ({ caseId, idempotencyKey, requestId, note }) => {
      const at = now();
      const saved = await store.updateCase(
        caseId,
        (x) => {
          const open = x.informationRequests.find((r) => r.id === requestId);
          if (!open) throw new WorkbenchError('not-found', 'This case has no such request for information.');
          if (open.received) throw new WorkbenchError('conflict', 'This request for information was already answered.');
          return resumeCase(x, 'reviewer', ctx.reviewer(), at, note).caseFile;
        },
        { idempotencyKey, actor: ctx.reviewer(), at: at.toISOString(), audit: auditEvents.informationReceived(requestId, 'reviewer') },
      );
      return { request: saved.informationRequests.find((r) => r.id === requestId)!, status: saved.status };
    },
  };
}
