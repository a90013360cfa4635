/** The new-case form as the inputs hold it (strings), and the request it becomes. */
import { withOffset } from '../../shared/intake/validate-new-case';

export interface CodeLine {
  code: string;
  units: string;
  modifiers: string;
}

export interface FormState {
  memberId: string;
  memberName: string;
  dateOfBirth: string;
  planName: string;
  lineOfBusiness: string;
  requestingName: string;
  requestingNpi: string;
  servicingName: string;
  servicingNpi: string;
  codes: CodeLine[];
  diagnoses: string;
  dateOfService: string;
  /** <input type="datetime-local"> value, in this machine's time zone. */
  receivedLocal: string;
  urgency: string;
  guidelineId: string;
  /** Kept from a PAS import so the export can answer the same Claim. */
  pasSource?: Record<string, unknown>;
}

function localNow(now: Date): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function emptyForm(now = new Date()): FormState {
  return {
    memberId: '',
    memberName: '',
    dateOfBirth: '',
    planName: '',
    lineOfBusiness: '',
    requestingName: '',
    requestingNpi: '',
    servicingName: '',
    servicingNpi: '',
    codes: [{ code: '', units: '1', modifiers: '' }],
    diagnoses: '',
    dateOfService: '',
    receivedLocal: localNow(now),
    urgency: 'standard',
    guidelineId: '',
  };
}

const words = (s: string) => s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);

export function toRequest(f: FormState): Record<string, unknown> {
  const servicing = f.servicingName.trim() || f.servicingNpi.trim();
  return {
    member: { id: f.memberId, name: f.memberName, dateOfBirth: f.dateOfBirth },
    plan: { name: f.planName, lineOfBusiness: f.lineOfBusiness || undefined },
    requestingProvider: { name: f.requestingName, npi: f.requestingNpi },
    ...(servicing ? { servicingProvider: { name: f.servicingName, npi: f.servicingNpi } } : {}),
    codes: f.codes
      .filter((c) => c.code.trim() || c.modifiers.trim())
      .map((c) => ({ code: c.code, units: c.units.trim() === '' ? undefined : Number(c.units), modifiers: words(c.modifiers) })),
    diagnoses: words(f.diagnoses).map((code) => ({ code })),
    dateOfService: f.dateOfService,
    receivedAt: f.receivedLocal ? withOffset(f.receivedLocal, -new Date(f.receivedLocal).getTimezoneOffset()) : '',
    urgency: f.urgency,
    guidelineId: f.guidelineId,
    ...(f.pasSource ? { pasSource: f.pasSource } : {}),
  };
}

type Draft = Record<string, unknown>;
const obj = (v: unknown): Draft => (typeof v === 'object' && v !== null ? (v as Draft) : {});
const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** A PAS import's draft (possibly incomplete) → the form, so the reviewer completes what is missing. */
export function fromDraft(d: Draft, base: FormState): FormState {
  const member = obj(d.member);
  const plan = obj(d.plan);
  const rp = obj(d.requestingProvider);
  const sp = obj(d.servicingProvider);
  const codes = Array.isArray(d.codes) ? (d.codes as Draft[]) : [];
  const dx = Array.isArray(d.diagnoses) ? (d.diagnoses as Draft[]) : [];
  const received = s(d.receivedAt);
  return {
    ...base,
    memberId: s(member.id),
    memberName: s(member.name),
    dateOfBirth: s(member.dateOfBirth),
    planName: s(plan.name),
    lineOfBusiness: s(plan.lineOfBusiness),
    requestingName: s(rp.name),
    requestingNpi: s(rp.npi),
    servicingName: s(sp.name),
    servicingNpi: s(sp.npi),
    codes: codes.length ? codes.map((c) => ({ code: s(c.code), units: s(c.units), modifiers: Array.isArray(c.modifiers) ? c.modifiers.join(' ') : '' })) : base.codes,
    diagnoses: dx.map((x) => s(x.code)).join(', '),
    dateOfService: s(d.dateOfService),
    // What the Bundle did not say stays empty for the reviewer to fill, rather than defaulted.
    receivedLocal: received ? localNow(new Date(received)) : '',
    urgency: s(d.urgency),
    guidelineId: s(d.guidelineId),
    ...(d.pasSource ? { pasSource: obj(d.pasSource) } : {}),
  };
}
