/** Requests for additional information (pends): what can be asked for, asking, and saying it arrived. */
import { z } from 'zod';
import { caseIdParam as caseId } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';
import { InformationKind, InformationRequest } from '../information-request/schema';
import { InformationRequestRule } from '../turnaround/turnaround-table';

export const informationRequestApi = {
  /** The kinds of document to ask for, what asking does to this case's clock (with its regulation), and a default "send by". */
  'informationRequest.options': {
    request: z.strictObject({ caseId }),
    response: z.object({
      kinds: z.array(InformationKind),
      rule: InformationRequestRule,
      dueAt: z.string(),
      defaultRespondBy: z.string(),
      /** The requested codes, for asking about one of them. */
      codes: z.array(z.string()),
    }),
  },
  /** Records the request (audited), pends the case, and writes the notice to the provider (PDF kept with the case). */
  'informationRequest.create': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      items: z
        .array(z.strictObject({ kindId: z.string().min(1).max(60), detail: z.string().max(2000).default(''), codes: z.array(z.string().max(10)).max(50).default([]) }))
        .min(1, 'Choose at least one document to ask for.')
        .max(20),
      respondBy: z.iso.datetime({ offset: true }),
      note: z.string().max(5000).default(''),
    }),
    response: z.object({ request: InformationRequest, noticeUrl: z.string(), status: z.string() }),
  },
  /** The information came another way (fax, portal): the case resumes where it was. */
  'informationRequest.markReceived': {
    request: z.strictObject({ caseId, idempotencyKey, requestId: z.string().regex(/^rfi-[a-f0-9-]{8,40}$/), note: z.string().max(2000).default('') }),
    response: z.object({ request: InformationRequest, status: z.string() }),
  },
} as const;
