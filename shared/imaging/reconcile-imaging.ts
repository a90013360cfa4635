/**
 * Decides the Preface's imaging requirement (CMM.PRF.pa.imaging-independent-read) from the
 * imaging studies the director recorded: every advanced study needs an independent radiologist's
 * reading found in the records, and a clinically significant discrepancy with the ordering
 * provider's reading must be reconciled in the records sent. Pure: same studies, same result.
 *
 * Evidence counts only when a passage is linked: a summary typed without a mark in the records is
 * the director's note, not proof that the records hold the reading.
 */
import type { CriterionStatus, DecidedBy } from '../rules/evaluation';
import { longDate } from '../case/calendar-date';
import { isAdvancedImaging, type DiscrepancyAspect, type ImagingModality, type ImagingStudy } from './schema';

/** The Preface leaf the studies decide; its id is the same in every Preface version. */
export const IMAGING_LEAF_ID = 'CMM.PRF.pa.imaging-independent-read';

export type ImagingStatus = 'met' | 'not-met' | 'unreviewed' | 'not-applicable';

export interface StudyResult {
  studyId: string;
  /** "MRI lumbar spine of March 3, 2026": how the panel and the reasons name the study. */
  label: string;
  advanced: boolean;
  status: ImagingStatus;
  /** Why, in a sentence for the director that starts with the study's label. */
  reason: string;
  /** For the decision letter, when the study keeps the requirement from being met. */
  letterSentence?: string;
  /** What would change that: the report or the addendum the records need. */
  remedy?: string;
}

export interface ImagingResult {
  status: ImagingStatus;
  studies: StudyResult[];
  /** The reasons behind the overall status: the failing studies, else the open ones, else all advanced ones. */
  reasons: string[];
  /** Plain-language sentence(s) for the letter when the requirement is not met. */
  letterSentence?: string;
  /** What would change the outcome, one sentence per failing study. */
  remedy?: string;
}

const MODALITY_LABEL: Record<ImagingModality, string> = {
  'x-ray': 'X-ray', ultrasound: 'Ultrasound', ct: 'CT', mri: 'MRI', myelography: 'Myelogram', other: 'Imaging study',
};
/** Members read the letter: words, not acronyms where a word exists. */
const MODALITY_LETTER: Record<ImagingModality, string> = {
  'x-ray': 'X-ray', ultrasound: 'ultrasound', ct: 'CT scan', mri: 'MRI', myelography: 'myelogram', other: 'imaging study',
};
export const ASPECT_LABEL: Record<DiscrepancyAspect, string> = {
  level: 'spinal level', laterality: 'side', severity: 'severity', stenosis: 'stenosis', herniation: 'disc herniation', 'nerve-root': 'nerve root involvement', other: 'other findings',
};
/** 2026-03-03 → "March 3, 2026", as the rest of the letter writes dates. */
export const formatStudyDate = longDate;

export function studyLabel(s: Pick<ImagingStudy, 'modality' | 'bodyRegion' | 'date'>): string {
  return `${MODALITY_LABEL[s.modality]} ${s.bodyRegion.trim()}${s.date ? ` of ${formatStudyDate(s.date)}` : ''}`;
}

function letterName(s: ImagingStudy): string {
  return `the ${MODALITY_LETTER[s.modality]}${s.date ? ` of ${formatStudyDate(s.date)}` : ` of the ${s.bodyRegion.trim()}`}`;
}

function capitalize(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export interface ReconcileOptions {
  /** Marks still in the case; a removed mark no longer shows anything. Absent: every id counts. */
  liveMarkIds?: ReadonlySet<string>;
}

function judgeStudy(s: ImagingStudy, live: (ids: string[]) => boolean): StudyResult {
  const label = studyLabel(s);
  const advanced = isAdvancedImaging(s);
  const base = { studyId: s.id, label, advanced };
  if (!advanced) {
    return { ...base, status: 'not-applicable', reason: `${label}: not advanced imaging, so the independent-reading requirement does not apply.` };
  }
  if (!live(s.radiologistReading.markIds)) {
    return {
      ...base,
      status: 'not-met',
      reason: `${label}: no independent radiologist's report of it is linked from the records.`,
      letterSentence: `The records sent do not include an independent radiologist's report of ${letterName(s)}.`,
      remedy: `The independent radiologist's report of ${letterName(s)}.`,
    };
  }
  const provider = s.providerReading.readerName?.trim() || 'the treating provider';
  const d = s.discrepancy;
  const providerLinked = live(s.providerReading.markIds);
  if (!d) {
    // Undetermined until both readings are linked: the requirement is about the two agreeing, so the radiologist's alone decides nothing.
    if (!providerLinked) {
      return { ...base, status: 'unreviewed', reason: `${label}: link ${provider}'s reading of it, or record "None" as the discrepancy if the records hold no other reading.` };
    }
    return { ...base, status: 'unreviewed', reason: `${label}: compare the radiologist's and ${provider}'s readings and record whether they differ.` };
  }
  if (d.level === 'none') {
    return { ...base, status: 'met', reason: providerLinked ? `${label}: the radiologist's and ${provider}'s readings agree.` : `${label}: read by an independent radiologist; no other reading in the records to reconcile.` };
  }
  const what = d.aspects.length > 0 ? ` (${d.aspects.map((a) => ASPECT_LABEL[a]).join(', ')})` : '';
  if (d.level === 'not-significant') {
    return { ...base, status: 'met', reason: `${label}: the readings differ${what}, but not in a clinically significant way.` };
  }
  const r = s.reconciliation;
  if (r?.reconciledInRecords && live(r.markIds)) {
    return { ...base, status: 'met', reason: `${label}: the readings differ significantly${what}, and the records reconcile them.` };
  }
  if (r?.reconciledInRecords) {
    return { ...base, status: 'unreviewed', reason: `${label}: link the passage in the records that reconciles the two readings.` };
  }
  return {
    ...base,
    status: 'not-met',
    reason: `${label}: the radiologist and ${provider} read it differently in a clinically significant way${what}, and the records sent do not reconcile the two readings.`,
    letterSentence: `${capitalize(letterName(s))} was read differently by the radiologist and by ${provider}, and the records sent do not explain the difference.`,
    remedy: `An addendum from the radiologist or ${provider} that reconciles the two readings of ${letterName(s)}.`,
  };
}

export function reconcileImaging(studies: readonly ImagingStudy[], opts: ReconcileOptions = {}): ImagingResult {
  const live = (ids: string[]) => ids.some((id) => !opts.liveMarkIds || opts.liveMarkIds.has(id));
  const results = studies.filter((s) => !s.removed).map((s) => judgeStudy(s, live));
  const advanced = results.filter((r) => r.advanced);
  const failing = advanced.filter((r) => r.status === 'not-met');
  const open = advanced.filter((r) => r.status === 'unreviewed');
  const status: ImagingStatus = advanced.length === 0 ? 'not-applicable' : failing.length > 0 ? 'not-met' : open.length > 0 ? 'unreviewed' : 'met';
  const shown = failing.length > 0 ? failing : open.length > 0 ? open : advanced.length > 0 ? advanced : results;
  const letter = failing.map((r) => r.letterSentence).filter((x): x is string => !!x);
  const remedy = failing.map((r) => r.remedy).filter((x): x is string => !!x);
  return {
    status,
    studies: results,
    reasons: shown.map((r) => r.reason),
    ...(letter.length > 0 ? { letterSentence: letter.join(' ') } : {}),
    ...(remedy.length > 0 ? { remedy: remedy.join(' ') } : {}),
  };
}

/** A leaf status reached outside the reviewer's finding, with the sentences that explain it. */
export interface LeafDecision {
  status: CriterionStatus;
  decidedBy: DecidedBy;
  detail: string[];
  letterSentence?: string;
  remedy?: string;
}

/** How far a status is from met: the stricter of the studies and the reviewer's finding wins. */
const STRICTNESS: Record<CriterionStatus, number> = { 'not-applicable': 0, met: 1, unreviewed: 2, 'not-documented': 3, 'not-met': 4 };

/**
 * The imaging leaf, once the case has imaging studies: the studies decide it, except that the
 * reviewer's explicit finding stands when it is stricter (they may know of a study not entered).
 * A reviewer's "met" never hides a not-met from the studies: approving despite it is done in the
 * determination, with a written exception rationale the signing check requires.
 */
export function decideImagingLeaf(studies: readonly ImagingStudy[], reviewer: CriterionStatus | undefined, opts: ReconcileOptions = {}): LeafDecision | undefined {
  if (!studies.some((s) => !s.removed)) return undefined;
  const result = reconcileImaging(studies, opts);
  if (reviewer && reviewer !== 'unreviewed' && STRICTNESS[reviewer] > STRICTNESS[result.status]) {
    return { status: reviewer, decidedBy: 'reviewer', detail: result.reasons };
  }
  return {
    status: result.status,
    decidedBy: 'imaging',
    detail: result.reasons,
    ...(result.status === 'not-met' && result.letterSentence ? { letterSentence: result.letterSentence } : {}),
    ...(result.status === 'not-met' && result.remedy ? { remedy: result.remedy } : {}),
  };
}
