/**
 * One line of a case's audit trail (cases/<id>/audit.jsonl). Each event carries the hash of
 * the one before it, so changing, removing or reordering a line breaks the chain where it happened.
 * The summary names ids and field names only: the trail may be shared with auditors who must not
 * see member names or record text.
 */
import { z } from 'zod';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export const AuditEventType = z.enum([
  'case-created',
  'case-opened',
  'request-edited',
  'document-added',
  'document-removed',
  'mark-added',
  'mark-changed',
  'mark-removed',
  'finding-set',
  'indication-set',
  'check-answered',
  'custom-criterion-added',
  'imaging-changed',
  'determination-started',
  'determination-changed',
  'cms-policy-acknowledged',
  'signed',
  'amended',
  'letter-exported',
  /** The store found the trail torn or cut (a crash, or damage) and says what it did about it. */
  'trail-repaired',
  /** The provider changed the request (a PAS update): items added, changed or cancelled. */
  'request-updated',
  'information-requested',
  'information-received',
  /** Team mode: a case taken, released, lapsed or reassigned. */
  'assignment-changed',
]);
export type AuditEventType = z.infer<typeof AuditEventType>;

/** Values a detail may hold: ids, field names, counts, flags; never free text from the record. */
const DetailValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]);

/** What a caller supplies; seq, prevHash and hash are added by the log. */
export const AuditEventInput = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  /** Reviewer id or profile name of whoever acted, or "system". */
  actor: z.string().min(1).max(200),
  type: AuditEventType,
  /** e.g. "mark m-12 linked to CMM-211.trial.conservative-care". */
  summary: z.string().min(1).max(500),
  details: z.record(z.string(), DetailValue).optional(),
});
export type AuditEventInput = z.infer<typeof AuditEventInput>;

export const AuditEvent = AuditEventInput.extend({
  seq: z.number().int().min(1),
  prevHash: z.string().regex(/^[a-f0-9]{64}$/),
  hash: z.string().regex(/^[a-f0-9]{64}$/),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/**
 * JSON with object keys sorted at every level and no whitespace, so the same event always
 * hashes the same way whatever order its fields were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('cannot hash a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The text whose SHA-256 is the event's hash: the previous hash, then the event without its own hash. */
export function auditHashInput(event: Omit<AuditEvent, 'hash'> | AuditEvent): string {
  const rest: Record<string, unknown> = { ...event };
  delete rest.hash;
  return `${event.prevHash}${canonicalJson(rest)}`;
}

/**
 * Member details found in an audit summary or its details, by field name (never the value).
 * Callers refuse to log an event for which this is not empty.
 */
export function phiInAuditEvent(
  event: Pick<AuditEventInput, 'summary' | 'details'>,
  member: { name: string; dateOfBirth: string },
): string[] {
  const text = `${event.summary} ${canonicalJson(event.details ?? {})}`.toLowerCase();
  const found: string[] = [];
  const nameParts = member.name.toLowerCase().split(/[\s,]+/).filter((p) => p.length >= 3);
  if (nameParts.some((p) => new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text))) found.push('member name');
  if (text.includes(member.dateOfBirth)) found.push('member date of birth');
  return found;
}
