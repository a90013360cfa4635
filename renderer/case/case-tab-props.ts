import type { OpenCase, ReviewEvaluation } from '../../shared/api/contract';
import type { Mark } from '../../shared/case/schema';

/** What every tab of the case's side panel gets. */
export interface CaseTabProps {
  caseId: string;
  open: OpenCase;
  review: ReviewEvaluation;
  readOnly: boolean;
  /** Re-reads the case and its evaluation after a change made through the API. */
  reload: () => Promise<void>;
  /** Runs a change through the API, re-reads the case and reports a failure; true when it went through. */
  save: (work: () => Promise<unknown>) => Promise<boolean>;
  /** Shows a mark in the record. */
  onJump: (mark: Mark) => void;
  /** Reports a failed action to the reviewer. */
  onError: (message: string) => void;
  /** A record's text as extracted (every page, OCR included), or null while it is read. */
  textOf?: (docSha256: string) => string | null;
  /** Says that something went through ("Letter saved in …"). */
  onInfo?: (message: string) => void;
}
