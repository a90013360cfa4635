/**
 * What the evaluation reads besides the case and the rules: the member's other requests in the
 * store, so a sequential or duplicate request is recognised whether the earlier one is listed on
 * the request or is a case reviewed here.
 */
import type { CaseFile } from '../../shared/case/schema';
import type { EvaluateOptions } from '../../shared/rules/evaluate-case';
import type { CaseStore } from '../store/case-store';
import { earlierRequestsOfMember } from '../intake/earlier-requests';

export async function evaluationOptions(store: CaseStore, caseFile: Pick<CaseFile, 'request'>): Promise<EvaluateOptions> {
  return { earlierRequests: await earlierRequestsOfMember(store, caseFile.request.member.id) };
}
