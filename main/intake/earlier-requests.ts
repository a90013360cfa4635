/**
 * The member's requests in the store, as earlier requests for the related-requests search and for
 * the Preface's sequential-request criteria: each case with its current outcome, and the prior
 * requests listed on it (a listed one that is itself a case here is that case).
 */
import { earlierRequestsOfCase, type EarlierRequest } from '../../shared/intake/find-related-requests';
import type { CaseStore } from '../store/case-store';

export async function earlierRequestsOfMember(store: CaseStore, memberId: string): Promise<EarlierRequest[]> {
  const same = await store.listCasesOfMember(memberId);
  const out: EarlierRequest[] = [];
  for (const s of same) out.push(...earlierRequestsOfCase(await store.getCase(s.id)));
  const cases = new Set(out.filter((e) => e.origin === 'case').map((e) => e.caseId));
  return out.filter((e) => e.origin === 'case' || !e.caseId || !cases.has(e.caseId));
}
