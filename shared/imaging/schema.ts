/**
 * Imaging studies of a case, as the medical director records them to check the Preface's
 * requirement that advanced imaging is read by an independent radiologist, and that a clinically
 * significant difference between that reading and the ordering provider's is reconciled in the
 * records submitted. Each reading and each reconciliation points at evidence marks in the PDFs.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

export const ImagingModality = z.enum(['x-ray', 'ultrasound', 'ct', 'mri', 'myelography', 'other']);
export type ImagingModality = z.infer<typeof ImagingModality>;

/** The modalities the Preface calls advanced imaging ("e.g., CT, MRI, myelography"). */
export const ADVANCED_MODALITIES: ReadonlySet<ImagingModality> = new Set(['ct', 'mri', 'myelography']);

const markIds = z.array(z.string().min(1).max(100)).max(50);

/** One interpretation of a study: a short summary and the passages in the records that hold it. */
export const ImagingReading = z.looseObject({
  summary: z.string().max(2000).default(''),
  markIds: markIds.default([]),
  readerName: z.string().max(200).optional(),
});
export type ImagingReading = z.infer<typeof ImagingReading>;

export const DiscrepancyLevel = z.enum(['none', 'not-significant', 'significant']);
export type DiscrepancyLevel = z.infer<typeof DiscrepancyLevel>;

export const DiscrepancyAspect = z.enum(['level', 'laterality', 'severity', 'stenosis', 'herniation', 'nerve-root', 'other']);
export type DiscrepancyAspect = z.infer<typeof DiscrepancyAspect>;

export const ImagingDiscrepancy = z.looseObject({
  level: DiscrepancyLevel,
  aspects: z.array(DiscrepancyAspect).max(10).default([]),
  description: z.string().max(2000).default(''),
});
export type ImagingDiscrepancy = z.infer<typeof ImagingDiscrepancy>;

/** Whether the records sent reconcile a significant discrepancy (the marks show where), and the director's note. */
export const ImagingReconciliation = z.looseObject({
  reconciledInRecords: z.boolean().default(false),
  markIds: markIds.default([]),
  note: z.string().max(5000).default(''),
});
export type ImagingReconciliation = z.infer<typeof ImagingReconciliation>;

/**
 * The modality decides whether a study is advanced imaging; the director may say otherwise
 * (e.g. a CT used only for guidance), and must say why.
 */
export const AdvancedOverride = z.looseObject({
  advanced: z.boolean(),
  reason: z.string().trim().min(1, 'say why the study is or is not advanced imaging').max(1000),
});
export type AdvancedOverride = z.infer<typeof AdvancedOverride>;

export const ImagingHistoryEntry = z.looseObject({
  at: isoDateTime,
  by: z.string(),
  change: z.string(),
});
export type ImagingHistoryEntry = z.infer<typeof ImagingHistoryEntry>;

export const ImagingStudy = z.looseObject({
  id: z.string().min(1).max(100),
  modality: ImagingModality,
  bodyRegion: z.string().trim().min(1, 'name the body region, e.g. lumbar spine').max(200),
  date: isoDate.optional(),
  facility: z.string().max(300).default(''),
  advancedOverride: AdvancedOverride.optional(),
  radiologistReading: ImagingReading.default({ summary: '', markIds: [] }),
  providerReading: ImagingReading.default({ summary: '', markIds: [] }),
  /** Absent until the director has compared the two readings. */
  discrepancy: ImagingDiscrepancy.optional(),
  reconciliation: ImagingReconciliation.optional(),
  /** A removal is recorded, never a silent delete. */
  removed: z.looseObject({ at: isoDateTime, by: z.string(), reason: z.string().default('') }).optional(),
  history: z.array(ImagingHistoryEntry).default([]),
});
export type ImagingStudy = z.infer<typeof ImagingStudy>;

export function isAdvancedImaging(study: Pick<ImagingStudy, 'modality' | 'advancedOverride'>): boolean {
  return study.advancedOverride?.advanced ?? ADVANCED_MODALITIES.has(study.modality);
}
