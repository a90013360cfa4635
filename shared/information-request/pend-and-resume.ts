/**
 * Pending a case for information and resuming it: the case waits ("pending-info") while a request
 * for information is open, and returns to the status it had when the information arrives, with
 * its draft, marks and findings as they were.
 */
import type { CaseFile } from '../case/schema';
import { WorkbenchError } from '../api/errors';
import { openInformationRequest, type InformationRequest } from './schema';

export function pendCase(c: CaseFile, request: InformationRequest): CaseFile {
  if (c.status === 'signed') throw new WorkbenchError('conflict', 'This case is signed: amend the determination to ask for more information.');
  if (openInformationRequest(c.informationRequests)) throw new WorkbenchError('conflict', 'This case already waits for information: mark it received, or add to the open request in the notice.');
  return { ...c, status: 'pending-info', informationRequests: [...c.informationRequests, request] };
}

/** Marks the open request answered and puts the case back where it was; unchanged when nothing was open. */
export function resumeCase(c: CaseFile, via: 'claim-update' | 'document-added' | 'reviewer', by: string, at: Date, note = ''): { caseFile: CaseFile; resumed: boolean; request?: InformationRequest } {
  const open = openInformationRequest(c.informationRequests);
  if (!open) return { caseFile: c, resumed: false };
  const answered: InformationRequest = { ...open, received: { at: at.toISOString(), via, by, note } };
  return {
    caseFile: { ...c, status: c.status === 'pending-info' ? open.resumeStatus : c.status, informationRequests: c.informationRequests.map((r) => (r.id === open.id ? answered : r)) },
    resumed: true,
    request: answered,
  };
}
