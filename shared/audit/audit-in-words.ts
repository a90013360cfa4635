/**
 * The audit trail in words for the director: "Mark on page 3 of MRI lumbar spine report linked to
 * Failure of at least six consecutive months…". A stored event names ids and field names only (the
 * trail may go to auditors who must not see record text); this turns those ids back into what the
 * case calls them, and falls back to the stored summary for anything it cannot resolve.
 */
import type { AuditEvent } from './audit-event';

/** What the case knows about the ids an event names. */
export interface AuditContext {
  documentName(sha256: string): string | undefined;
  mark(markId: string): { docSha256: string; page: number } | undefined;
  criterionText(criterionId: string): string | undefined;
  /** The fact's label and unit, for a value entered on a criterion. */
  fact(criterionId: string, name: string): { label: string; unit: string } | undefined;
  studyLabel(studyId: string): string | undefined;
  revisionNumber(revisionId: string): number | undefined;
}


const STATUS_WORDS: Record<string, string> = {
  met: 'met',
  'not-met': 'not met',
  'not-documented': 'not documented',
  'not-applicable': 'not applicable',
  unreviewed: 'not reviewed',
};

/** A finding's status as the trail says it ("not documented"); an unknown one as stored. */
export const statusInWords = (status: string): string => STATUS_WORDS[status] ?? status;

/** Readings, discrepancy and the rest of a study, as a change lists them. */
const STUDY_FIELD_WORDS: Record<string, string> = {
  modality: 'modality',
  bodyRegion: 'body region',
  date: 'date',
  facility: 'facility',
  advancedOverride: 'whether it is advanced imaging',
  radiologistReading: "the radiologist's reading",
  providerReading: "the treating provider's reading",
  discrepancy: 'the discrepancy',
  reconciliation: 'the reconciliation',
};

export const OUTCOME_WORDS: Record<string, string> = {
  approved: 'approved',
  'partially-approved': 'partially approved',
  'denied-not-medically-necessary': 'denied, not medically necessary',
  'denied-experimental': 'denied, experimental or unproven',
  'denied-coding': 'not medically necessary for coding reasons',
  'cannot-establish': 'medical necessity cannot be established',
  redirected: 'redirected to the health plan',
  'pending-information': 'pending additional information',
};

/** "63650 cannot-establish" → "63650: medical necessity cannot be established". */
export function outcomesInWords(outcomes: readonly string[]): string {
  return outcomes
    .map((o) => {
      const [code, outcome = ''] = o.split(' ');
      return `${code}: ${OUTCOME_WORDS[outcome] ?? outcome}`;
    })
    .join('; ');
}

export function studyFieldsInWords(fields: readonly string[]): string {
  return fields.map((f) => STUDY_FIELD_WORDS[f] ?? f).join(', ');
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function criteriaInWords(ids: string[], ctx: AuditContext): string | undefined {
  if (ids.length === 0) return undefined;
  const words = ids.map((id) => ctx.criterionText(id));
  if (words.some((w) => !w)) return undefined;
  return words.map((w) => `“${shorten(w!, 90)}”`).join(' and ');
}

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

/** Where a mark is: "page 3 of MRI lumbar spine report". */
function markPlace(d: Record<string, unknown>, ctx: AuditContext): string | undefined {
  const markId = str(d.markId);
  const known = markId ? ctx.mark(markId) : undefined;
  const sha = str(d.docSha256) ?? known?.docSha256;
  const page = typeof d.page === 'number' && d.page > 0 ? d.page : known?.page;
  const doc = sha ? ctx.documentName(sha) : undefined;
  if (!page) return undefined;
  return doc ? `page ${page} of ${doc}` : `page ${page}`;
}

/** The event in words, or its stored summary where the case cannot name what it refers to. */
export function auditEventInWords(e: Pick<AuditEvent, 'type' | 'summary' | 'details'>, ctx: AuditContext): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const fallback = e.summary.charAt(0).toUpperCase() + e.summary.slice(1);
  switch (e.type) {
    case 'mark-added': {
      const where = markPlace(d, ctx);
      const criteria = criteriaInWords(strings(d.criterionIds), ctx);
      if (!where) return fallback;
      return criteria ? `Mark on ${where} linked to ${criteria}` : `Mark on ${where} added`;
    }
    case 'mark-changed': {
      const where = markPlace(d, ctx);
      if (!where) return fallback;
      const criteria = criteriaInWords(strings(d.criterionIds), ctx);
      return criteria ? `Mark on ${where} now linked to ${criteria}` : `Note on the mark on ${where} changed`;
    }
    case 'mark-removed': {
      const where = markPlace(d, ctx);
      return where ? `Mark on ${where} removed` : fallback;
    }
    case 'finding-set': {
      const id = str(d.criterionId);
      const text = id ? ctx.criterionText(id) : undefined;
      if (!id || !text) return fallback;
      const parts: string[] = [];
      if (str(d.status)) parts.push(`set to ${statusInWords(String(d.status))}`);
      const names = strings(d.facts);
      const values = strings(d.values);
      names.forEach((name, i) => {
        const spec = ctx.fact(id, name);
        const value = values[i];
        if (spec) parts.push(value === undefined || value === '' ? `${spec.label.toLowerCase()} cleared` : `${spec.label.toLowerCase()}: ${value} ${spec.unit}`);
        else parts.push(value === undefined ? 'value changed' : `value ${value}`);
      });
      return `“${shorten(text, 90)}” ${parts.join('; ') || 'changed'}`;
    }
    case 'imaging-changed': {
      const label = str(d.label) ?? (str(d.studyId) ? ctx.studyLabel(String(d.studyId)) : undefined);
      if (!label) return fallback;
      if (d.action === 'added') return `Imaging study ${label} recorded`;
      if (d.action === 'removed') return `Imaging study ${label} removed`;
      const fields = strings(d.fields);
      return fields.length ? `${label}: ${studyFieldsInWords(fields)} changed` : `${label} changed`;
    }
    case 'document-added': {
      const names = strings(d.documents).map((sha) => ctx.documentName(sha));
      if (names.length === 0 || names.some((n) => !n)) return fallback;
      return `${names.length === 1 ? 'Record' : 'Records'} added: ${names.join(', ')}`;
    }
    case 'amended': {
      const amends = str(d.amends);
      const n = amends ? ctx.revisionNumber(amends) : undefined;
      return n ? `Amendment opened; it supersedes revision ${n} once signed` : fallback;
    }
    default:
      return fallback;
  }
}

/** Consecutive events that say the same thing by the same person (a draft saved twice) shown once, with how often. */
export function withoutRepeats<T extends { actor: string; type: string; summary: string }>(events: readonly T[]): { event: T; times: number }[] {
  const out: { event: T; times: number }[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && last.event.actor === e.actor && last.event.type === e.type && last.event.summary === e.summary) last.times += 1;
    else out.push({ event: e, times: 1 });
  }
  return out;
}
