/** Imaging studies: recording each study, its two readings, the discrepancy and its reconciliation. */
import { z } from 'zod';
import {
  AdvancedOverride, ImagingDiscrepancy, ImagingModality, ImagingReading, ImagingReconciliation, ImagingStudy,
} from '../imaging/schema';
import { caseIdParam as caseId, idParam as id } from './common';
import { idempotencyKeyParam as idempotencyKey } from './idempotency';

/** The fields the director edits; null clears an optional one (e.g. the discrepancy back to "not assessed"). */
export const ImagingStudyChange = z.strictObject({
  modality: ImagingModality.optional(),
  bodyRegion: z.string().trim().min(1).max(200).optional(),
  date: z.iso.date().nullable().optional(),
  facility: z.string().max(300).optional(),
  advancedOverride: AdvancedOverride.nullable().optional(),
  radiologistReading: ImagingReading.optional(),
  providerReading: ImagingReading.optional(),
  discrepancy: ImagingDiscrepancy.nullable().optional(),
  reconciliation: ImagingReconciliation.nullable().optional(),
});
export type ImagingStudyChange = z.infer<typeof ImagingStudyChange>;

export const imagingApi = {
  'imaging.add': {
    request: z.strictObject({
      caseId,
      idempotencyKey,
      study: ImagingStudyChange.extend({ modality: ImagingModality, bodyRegion: z.string().trim().min(1, 'name the body region, e.g. lumbar spine').max(200) }),
    }),
    response: ImagingStudy,
  },
  'imaging.update': {
    request: z.strictObject({ caseId, idempotencyKey, studyId: id, change: ImagingStudyChange }),
    response: ImagingStudy,
  },
  /** The study stays in the case file, marked removed, with who, when and why. */
  'imaging.remove': {
    request: z.strictObject({ caseId, idempotencyKey, studyId: id, reason: z.string().max(1000).default('') }),
    response: ImagingStudy,
  },
} as const;
