/**
 * The one store interface the services use. The local store (lowdb files, main/store/case-store.ts)
 * implements it today; the team store (PostgreSQL, issue 18) implements the same contract, and one
 * contract test suite (test/unit/store/case-store-contract.test.ts) runs against both.
 *
 * ## A change and its audit event are one write
 *
 * Every change to a case is handed to the store together with the audit event that records it
 * (`ChangeRecord`). The store makes both durable together, before the promise resolves: after a
 * crash at any moment, either the change and its event both exist, or neither does. Nothing else
 * appends to a case's trail; the dispatcher does not.
 *
 * - Local store: the event is written inside the case file, in the same atomic write (temp file,
 *   fsync, rename) as the change, and is then appended to `audit.jsonl`. A crash between the two
 *   leaves the line missing or torn; the next time the case is opened, a torn line is cut off and
 *   the event appended again from the case file (an unexplained torn line is set aside in a file
 *   of its own and the repair recorded as an event: never a silent gap).
 * - Team store: one transaction that reads the case's version, applies the mutator, updates the
 *   case conditionally on that version (re-read and re-applied on a conflict), inserts the event
 *   with the next seq and the previous event's hash, and records the idempotency key.
 *
 * ## Idempotency
 *
 * Every API call that changes a case carries an idempotency key (shared/api/idempotency.ts). A
 * change whose key the case has already applied is not applied again, and no second event is
 * written: the store resolves with the case as it is now, exactly as if the call had just been
 * applied. Keys are remembered per case for at least the last `IDEMPOTENCY_WINDOW` changes.
 * Handlers make ids a change creates from the key (`mark-<key>`), so an answer built from the
 * returned case is the same on a replay.
 *
 * ## The mutator
 *
 * `change` runs on a copy of the current case, inside the store's serialization for that case
 * (locally a per-case queue; in PostgreSQL the transaction, possibly more than once on a version
 * conflict, so it must not have side effects). It edits the copy or returns a new case; it throws
 * a WorkbenchError to refuse (nothing is written). The result is validated against the case
 * schema before anything is written.
 */
import type { AuditEvent, AuditEventInput } from '../../shared/audit/audit-event';
import type { CaseFile, CaseSummary } from '../../shared/case/schema';
import type { FileCipher } from '../crypto/file-cipher';
import type { AuditVerification } from '../audit/audit-log';
import type { CaseQuery, CaseQueryResult } from '../../shared/intake/query-cases';
import type { QueueClock } from '../../shared/intake/queue-clock';
import type { ShownView } from './shown-versions';
import { revisionIdParam } from '../../shared/api/decision-api';
import { WorkbenchError } from '../../shared/api/errors';

/** A revision id as the stores take it (a letter is kept under it), checked as the API checks it. */
export function checkRevisionId(revisionId: string): void {
  if (!revisionIdParam.safeParse(revisionId).success) throw new WorkbenchError('invalid-request', 'A revision id is letters, digits, - and _.');
}

/** How many changes back a case remembers idempotency keys. */
export const IDEMPOTENCY_WINDOW = 200;

/** What an audit event says; who and when come from the ChangeRecord. */
export type AuditDraft = Pick<AuditEventInput, 'type' | 'summary' | 'details'>;

export type ChangeRecord = {
  /** The API call's idempotency key; absent only for changes no reviewer asked for twice (CLI import, demo load). */
  idempotencyKey?: string;
} & (
  | {
      /** Who made the change (profile name with the OS account; in team mode the database login) and when. */
      actor: string;
      at: string;
      /** The event, or a function of the case after the change (for what the change created, e.g. a revision). */
      audit: AuditDraft | ((after: CaseFile) => AuditDraft);
    }
  | {
      /** Only for where the reviewer left off reading (cases.setPosition): not a change to the review. */
      audit: null;
    }
);

/** How the queue's clocks are computed (main/intake), named by the turnaround table they came from. */
export interface QueueClocks {
  rulesSha256: string;
  clockOf(s: CaseSummary): QueueClock;
}

export interface AuditTrail {
  /** Every readable event, oldest first. */
  events: AuditEvent[];
  /** The hash chain checked from the first event to the last one recorded with the case. */
  chain: AuditVerification;
  /** What could not be read, in a sentence, when something could not. */
  problem?: string;
}

export interface CaseStore {
  readonly dataDir: string;
  /** How this store's files are encrypted; services writing PHI beside the cases use it too. */
  readonly cipher: FileCipher;
  listCases(): Promise<CaseSummary[]>;
  /** The summaries of one member's cases (member id compared trimmed, case-insensitively): the earlier requests read them on every evaluation. */
  listCasesOfMember(memberId: string): Promise<CaseSummary[]>;
  /**
   * The queue's page for `query` at `now`, as shared/intake/query-cases.ts defines it over
   * listCases: the local store sorts in memory (main/store/memory-queue.ts), the team store in SQL
   * (main/store/team-queue.ts) so a department's 100,000 cases are not moved to each desktop.
   */
  queryQueue(query: CaseQuery, now: Date, clocks: QueueClocks): Promise<CaseQueryResult>;
  hasCase(caseId: string): Promise<boolean>;
  /**
   * The case. `shown`: it is read to be shown to the reviewer in that view (cases.open: 'case';
   * decision.get: 'decision'). The team store then refuses a later change of theirs to a thing
   * another reviewer changed since (a 'conflict' naming that change), so the second one sees the
   * first one's change and decides again (main/store/shown-versions.ts).
   */
  getCase(caseId: string, opts?: { shown?: ShownView }): Promise<CaseFile>;
  /**
   * Writes a new case whole with its documents and its first audit event (`case-created`), or
   * nothing. With an idempotency key the case already applied, resolves with that case; a case
   * with the same id and another key (or none) is a 'conflict'.
   */
  createCase(caseFile: CaseFile, documents: { sha256: string; bytes: Uint8Array }[], record: ChangeRecord): Promise<CaseFile>;
  /** Applies `change` with its audit event, durably and together (see above); resolves with the case after it. */
  updateCase(caseId: string, change: (c: CaseFile) => CaseFile | void, record: ChangeRecord): Promise<CaseFile>;
  /**
   * Adds record PDFs to an existing case (an addendum): the bytes first, by content hash, then
   * `change` with its event as updateCase applies it. If the change fails, the files it brought
   * are removed again, so the case stays as it was.
   */
  addDocuments(caseId: string, documents: { sha256: string; bytes: Uint8Array }[], change: (c: CaseFile) => CaseFile | void, record: ChangeRecord): Promise<CaseFile>;
  /** The case's audit trail, checked; a trail left torn by a crash is repaired first. */
  readAudit(caseId: string): Promise<AuditTrail>;
  /**
   * Keeps the PDF of a revision's decision letter with the case (the local store: encrypted in the
   * case folder; the team store: a row every reviewer reads, its SHA-256 checked by the database).
   */
  keepLetter(caseId: string, revisionId: string, pdf: Uint8Array): Promise<void>;
  /** The kept letter of a revision (the one with `preferSha256` if several are kept), or null when none is. */
  readLetter(caseId: string, revisionId: string, preferSha256?: string): Promise<Buffer | null>;
  /** A record PDF's bytes, decrypted in memory and checked against its SHA-256. */
  readDocument(caseId: string, sha256: string): Promise<Uint8Array>;
  caseDir(caseId: string): string;
  documentPath(caseId: string, sha256: string): string;
}
