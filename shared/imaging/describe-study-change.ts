/**
 * The line a study's history records for one change: what moved, in the director's words, so
 * the history reads as a log ("discrepancy: clinically significant (severity)") rather than a diff.
 */
import { ASPECT_LABEL, studyLabel } from './reconcile-imaging';
import type { ImagingReading, ImagingStudy } from './schema';

const LEVEL_WORDS = { none: 'none', 'not-significant': 'present, not clinically significant', significant: 'clinically significant' } as const;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function readingChange(who: string, before: ImagingReading, after: ImagingReading): string[] {
  const out: string[] = [];
  const added = after.markIds.filter((id) => !before.markIds.includes(id)).length;
  const dropped = before.markIds.filter((id) => !after.markIds.includes(id)).length;
  if (added) out.push(`${who}: ${added} passage${added > 1 ? 's' : ''} linked`);
  if (dropped) out.push(`${who}: ${dropped} passage${dropped > 1 ? 's' : ''} unlinked`);
  if (before.summary !== after.summary) out.push(`${who}: summary edited`);
  if ((before.readerName ?? '') !== (after.readerName ?? '')) out.push(`${who}: reader ${after.readerName?.trim() || 'cleared'}`);
  return out;
}

export function describeStudyChange(before: ImagingStudy, after: ImagingStudy): string {
  const parts: string[] = [];
  if (studyLabel(before) !== studyLabel(after)) parts.push(`now ${studyLabel(after)}`);
  if (before.facility !== after.facility) parts.push('facility edited');
  if (!same(before.advancedOverride, after.advancedOverride)) {
    parts.push(after.advancedOverride ? `counted as ${after.advancedOverride.advanced ? '' : 'not '}advanced imaging: ${after.advancedOverride.reason}` : 'advanced imaging decided by the modality again');
  }
  parts.push(...readingChange("radiologist's reading", before.radiologistReading, after.radiologistReading));
  parts.push(...readingChange("provider's reading", before.providerReading, after.providerReading));
  if (!same(before.discrepancy, after.discrepancy)) {
    const d = after.discrepancy;
    parts.push(d ? `discrepancy: ${LEVEL_WORDS[d.level]}${d.aspects.length ? ` (${d.aspects.map((a) => ASPECT_LABEL[a]).join(', ')})` : ''}` : 'discrepancy: not assessed');
  }
  if (!same(before.reconciliation, after.reconciliation)) {
    const r = after.reconciliation;
    const b = before.reconciliation;
    if (!r) parts.push('reconciliation cleared');
    else {
      if (r.reconciledInRecords !== (b?.reconciledInRecords ?? false)) parts.push(r.reconciledInRecords ? 'records reconcile the readings' : 'records do not reconcile the readings');
      if (!same(r.markIds, b?.markIds ?? [])) parts.push(`reconciling passages: ${r.markIds.length}`);
      if (r.note !== (b?.note ?? '')) parts.push('reconciliation note edited');
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'no change';
}
