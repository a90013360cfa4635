/**
 * The open case's state and the actions on it. Every action goes through the API and the
 * answer from the store replaces local state, so what is shown is what was saved.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OpenCase, ReviewEvaluation } from '../../shared/api/contract';
import type { FindingStatus, MarkAnchor } from '../../shared/case/schema';
import { ApiCallError, call, messageOf } from '../api/client';

export interface CaseReview {
  open: OpenCase | null;
  review: ReviewEvaluation | null;
  error: string | null;
  notice: string | null;
  clearNotice(): void;
  showNotice(message: string): void;
  reload(): Promise<void>;
  /** Runs a change through the API, then re-reads the case; a failure shows as the notice. True when it went through. */
  save(work: () => Promise<unknown>): Promise<boolean>;
  addMark(anchor: MarkAnchor, criterionIds: string[], note: string): Promise<boolean>;
  removeMark(markId: string): Promise<void>;
  setFinding(criterionId: string, change: { status?: FindingStatus; facts?: Record<string, number> }): Promise<void>;
}

export function useCaseReview(caseId: string): CaseReview {
  const [open, setOpen] = useState<OpenCase | null>(null);
  const [review, setReview] = useState<ReviewEvaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const [o, r] = await Promise.all([call('cases.open', { caseId }), call('review.evaluate', { caseId })]);
    setOpen(o);
    setReview(r);
  }, [caseId]);

  useEffect(() => {
    reload().catch((e) => setError(messageOf(e)));
  }, [reload]);

  const save = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      try {
        await work();
        await reload();
        return true;
      } catch (e) {
        setNotice(messageOf(e));
        // Another reviewer changed the same thing first: show the case as it is now, so the director sees their change and decides.
        if (e instanceof ApiCallError && e.error.code === 'conflict') await reload().catch(() => undefined);
        return false;
      }
    },
    [reload],
  );

  return {
    open,
    review,
    error,
    notice,
    clearNotice: () => setNotice(null),
    showNotice: setNotice,
    reload,
    save,
    addMark: (anchor, criterionIds, note) => save(() => call('marks.add', { caseId, anchor, criterionIds, note })),
    removeMark: async (markId) => void (await save(() => call('marks.remove', { caseId, markId, reason: 'Removed by reviewer' }))),
    setFinding: async (criterionId, change) => void (await save(() => call('findings.set', { caseId, criterionId, ...change }))),
  };
}
