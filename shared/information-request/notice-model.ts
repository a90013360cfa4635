/**
 * The request-for-information notice to the provider, as words: what is needed, for which
 * services, by when, how to send it, and what the request did to the decision's due date
 * (with the regulation). main/information-request/render-information-notice.ts lays it out.
 */
import type { CaseFile } from '../case/schema';
import { longDate } from '../case/calendar-date';
import type { InformationRequest } from './schema';

export interface NoticeModel {
  organization: { name: string; descriptor: string; addressLines: string[]; phone: string; tty: string; fax: string };
  dateText: string;
  to: string[];
  re: { label: string; value: string }[];
  title: string;
  paragraphs: string[];
  needed: { label: string; detail: string; forCodes: string }[];
  clock: string | undefined;
  signature: { name: string; credentials: string; title: string; phone?: string };
  referenceNumber: string;
}

/** "October 6, 2026 at 5:00 PM" in the receiving office's offset (the request's receivedAt). */
export function dateAndTime(iso: string, offsetOf: string): string {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(offsetOf);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const local = new Date(Date.parse(iso) + offsetMin * 60_000);
  const h = local.getUTCHours();
  const minutes = String(local.getUTCMinutes()).padStart(2, '0');
  return `${longDate(local.toISOString())} at ${((h + 11) % 12) + 1}:${minutes} ${h < 12 ? 'AM' : 'PM'}`;
}

export function buildNoticeModel(
  c: CaseFile,
  request: InformationRequest,
  o: { organization: NoticeModel['organization']; signer: { name: string; credentials: string; title?: string; peerToPeerPhone?: string }; clock?: string | undefined },
): NoticeModel {
  const r = c.request;
  const received = r.receivedAt;
  const services = [...r.codes.map((x) => `${x.code}${x.units !== undefined ? ` ×${x.units}` : ''}`), ...r.otherServices.map((x) => x.code)].join(', ');
  const by = dateAndTime(request.respondBy, received);
  return {
    organization: o.organization,
    dateText: longDate(request.requestedAt),
    to: [r.requestingProvider.name, ...(r.requestingProvider.organization ? [r.requestingProvider.organization] : []), `NPI ${r.requestingProvider.npi}`],
    re: [
      { label: 'Member', value: r.member.name },
      { label: 'Member number', value: r.member.id },
      ...(r.member.dateOfBirth ? [{ label: 'Date of birth', value: longDate(r.member.dateOfBirth) }] : []),
      { label: 'Health plan', value: r.plan.name },
      { label: 'Services requested', value: services || 'as in the request' },
      { label: 'Request received', value: longDate(received) },
      { label: 'Reference number', value: c.id },
    ],
    title: 'Request for additional information',
    paragraphs: [
      `We have begun reviewing your prior-authorization request for ${r.member.name}. To decide it, we need the information below. Please send it by ${by}.`,
      'Send it electronically as an update to this request (Da Vinci PAS), or by fax to ' + o.organization.fax + `, quoting reference ${c.id}.`,
      `If we do not receive it by then, we will decide the request on the records we already have, which may lead to a decision that the service is not authorized.`,
      ...(request.note.trim() ? [request.note.trim()] : []),
    ],
    needed: request.items.map((i) => ({ label: i.label, detail: i.detail, forCodes: i.codes.length ? i.codes.join(', ') : 'all services requested' })),
    clock: o.clock,
    signature: { name: o.signer.name, credentials: o.signer.credentials, title: o.signer.title ?? 'Medical Director', ...(o.signer.peerToPeerPhone ? { phone: o.signer.peerToPeerPhone } : {}) },
    referenceNumber: c.id,
  };
}
