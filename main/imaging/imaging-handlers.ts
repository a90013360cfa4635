/**
 * The services behind imaging.*: every change is validated against the case (linked marks must
 * be live marks of this case) and appended to the study's own history with who and when.
 */
import type { HandlersFor } from '../api/dispatch';
import type { imagingApi, ImagingStudyChange } from '../../shared/api/imaging-api';
import type { CaseStore } from '../store/case-store';
import type { CaseFile } from '../../shared/case/schema';
import { WorkbenchError } from '../../shared/api/errors';
import { describeZodError } from '../../shared/api/describe-zod-error';
import { ImagingStudy } from '../../shared/imaging/schema';
import { describeStudyChange } from '../../shared/imaging/describe-study-change';
import { studyLabel } from '../../shared/imaging/reconcile-imaging';
import { auditEvents, changeRecorder } from '../audit/audit-events';
import { unknownIdMessage } from '../../shared/validation/nearest-id';

export interface ImagingContext {
  store: CaseStore;
  /** The reviewer's display name, recorded on every change. */
  reviewer: () => string;
  now?: () => Date;
}

function assertEditable(c: CaseFile) {
  if (c.status === 'signed') throw new WorkbenchError('read-only', 'This case is signed and read-only. Amend the determination to change it.');
}

function findStudy(c: CaseFile, studyId: string): ImagingStudy {
  const study = c.imaging.find((s) => s.id === studyId);
  if (!study) throw new WorkbenchError('not-found', unknownIdMessage('imaging study', studyId, c.imaging.map((s) => s.id), 'in this case'));
  return study;
}

/** A reading or reconciliation may only point at marks the reviewer can still see in this case. */
function assertMarksLive(c: CaseFile, study: ImagingStudy) {
  const live = new Set(c.marks.filter((m) => !m.removed).map((m) => m.id));
  const linked = [...study.radiologistReading.markIds, ...study.providerReading.markIds, ...(study.reconciliation?.markIds ?? [])];
  const missing = linked.filter((id) => !live.has(id));
  if (missing.length > 0) throw new WorkbenchError('not-found', `Mark ${missing[0]} is not a current mark of this case: mark the passage in the record first.`);
}

/** Applies a change; null clears an optional field. */
function applyChange(study: ImagingStudy, change: ImagingStudyChange): ImagingStudy {
  const next: Record<string, unknown> = { ...study };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  // Parsed again so defaults fill in and an invalid combination never reaches the store.
  const parsed = ImagingStudy.safeParse(next);
  if (!parsed.success) throw new WorkbenchError('invalid-request', `The imaging study would be invalid: ${describeZodError(parsed.error).join('; ')}`);
  return parsed.data;
}

export function createImagingHandlers(ctx: ImagingContext): HandlersFor<typeof imagingApi> {
  const clock = () => (ctx.now ? ctx.now() : new Date());
  const now = () => clock().toISOString();
  const record = changeRecorder(ctx.reviewer, clock);
  const { store } = ctx;

  return {
    'imaging.add': async ({ caseId, idempotencyKey, study: fields }) => {
      // Named after the call's key, so a retried call finds the study the first one added.
      const id = `study-${idempotencyKey}`;
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          if (c.imaging.some((s) => s.id === id)) throw new WorkbenchError('conflict', `Imaging study ${id} already exists; send a new request id for a new study.`);
          const study = applyChange({ id, modality: fields.modality, bodyRegion: fields.bodyRegion } as ImagingStudy, fields);
          assertMarksLive(c, study);
          study.history.push({ at: now(), by: ctx.reviewer(), change: `added ${studyLabel(study)}` });
          c.imaging.push(study);
          if (c.status === 'new') c.status = 'in-review';
        },
        record(idempotencyKey, (after) => auditEvents.imagingAdded(findStudy(after, id))),
      );
      return findStudy(updated, id);
    },

    'imaging.update': async ({ caseId, idempotencyKey, studyId, change }) => {
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          const before = findStudy(c, studyId);
          if (before.removed) throw new WorkbenchError('conflict', 'This imaging study was removed; add it again to record it.');
          const after = applyChange(before, change);
          assertMarksLive(c, after);
          const line = describeStudyChange(before, after);
          if (line === 'no change') return;
          after.history = [...before.history, { at: now(), by: ctx.reviewer(), change: line }];
          c.imaging = c.imaging.map((s) => (s.id === studyId ? after : s));
        },
        record(idempotencyKey, (after) => auditEvents.imagingChanged(findStudy(after, studyId), Object.keys(change))),
      );
      return findStudy(updated, studyId);
    },

    'imaging.remove': async ({ caseId, idempotencyKey, studyId, reason }) => {
      const updated = await store.updateCase(
        caseId,
        (c) => {
          assertEditable(c);
          const study = findStudy(c, studyId);
          if (study.removed) return;
          const at = now();
          study.removed = { at, by: ctx.reviewer(), reason };
          study.history.push({ at, by: ctx.reviewer(), change: `removed${reason ? `: ${reason}` : ''}` });
        },
        record(idempotencyKey, (after) => auditEvents.imagingRemoved(findStudy(after, studyId))),
      );
      return findStudy(updated, studyId);
    },
  };
}
