/** The new-case form as the inputs hold it (strings), and the request it becomes. */
import { withOffset } from '../../shared/intake/validate-new-case';

export interface CodeLine {
  code: string;
  units: string;
  modifiers: string;
  /** From a PAS import: the code's description, and whether its one unit was counted for a missing quantity. */
  description?: string;
  unitsAssumed?: boolean;
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
  /** Services a PAS request asked for that the workbench does not review (shown, kept with the case). */
  otherServices?: Record<string, unknown>[];
  /** The request's time of receipt as sent (with the sender's offset), kept while the field is not changed. */
  receivedAtExact?: string;
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
    // Left empty, date of birth, date of service and guideline are gaps the case shows (shared/case/request-gaps.ts).
    member: { id: f.memberId, name: f.memberName, ...(f.dateOfBirth ? { dateOfBirth: f.dateOfBirth } : {}) },
    plan: { name: f.planName, lineOfBusiness: f.lineOfBusiness || undefined },
    requestingProvider: { name: f.requestingName, npi: f.requestingNpi },
    ...(servicing ? { servicingProvider: { name: f.servicingName, npi: f.servicingNpi } } : {}),
    codes: f.codes
      .filter((c) => c.code.trim() || c.modifiers.trim())
      .map((c) => ({
        code: c.code,
        units: c.units.trim() === '' ? undefined : Number(c.units),
        modifiers: words(c.modifiers),
        ...(c.description ? { description: c.description } : {}),
        ...(c.unitsAssumed && c.units.trim() === '1' ? { unitsAssumed: true } : {}),
      })),
    otherServices: f.otherServices ?? [],
    diagnoses: words(f.diagnoses).map((code) => ({ code })),
    ...(f.dateOfService ? { dateOfService: f.dateOfService } : {}),
    receivedAt: f.receivedAtExact && localNow(new Date(f.receivedAtExact)) === f.receivedLocal ? f.receivedAtExact : f.receivedLocal ? withOffset(f.receivedLocal, -new Date(f.receivedLocal).getTimezoneOffset()) : '',
    urgency: f.urgency,
    ...(f.guidelineId ? { guidelineId: f.guidelineId } : {}),
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
    codes: codes.length
      ? codes.map((c) => ({ code: s(c.code), units: s(c.units), modifiers: Array.isArray(c.modifiers) ? c.modifiers.join(' ') : '', ...(c.description ? { description: s(c.description) } : {}), ...(c.unitsAssumed ? { unitsAssumed: true } : {}) }))
      : Array.isArray(d.otherServices) && d.otherServices.length ? [] : base.codes,
    otherServices: Array.isArray(d.otherServices) ? (d.otherServices as Record<string, unknown>[]) : [],
    ...(received ? { receivedAtExact: received } : {}),
    diagnoses: dx.map((x) => s(x.code)).join(', '),
    dateOfService: s(d.dateOfService),
    // What the Bundle did not say stays empty for the reviewer to fill, rather than defaulted.
    receivedLocal: received ? localNow(new Date(received)) : '',
    urgency: s(d.urgency),
    guidelineId: s(d.guidelineId),
    ...(d.pasSource ? { pasSource: obj(d.pasSource) } : {}),
  };
}
