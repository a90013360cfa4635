/**
 * The Preface's "Sequential, Similar, or Duplicate Requests" (seed 000 and 001, that section): an
 * earlier request of the member for the same or a similar procedure, within the window the intake
 * uses (rules/code-families.json), switches on the criterion that asks for the earlier service's
 * effect (authorized and performed) or for documentation that it was not performed. An earlier
 * request for anything else (a knee replacement before a stimulator trial) does not.
 */
import type { CaseFile } from '../case/schema';
import { longDate } from '../case/calendar-date';
import {
  earlierRequestsOfCase,
  findRelatedRequests,
  type CodeFamilies,
  type EarlierRequest,
  type RelatedRequest,
} from '../intake/find-related-requests';
import type { LeafContext } from './evaluate-criteria';
import type { Notice } from './evaluation';
import type { AppliesWhen, SourceRef } from './schema';

export const PREVIOUS_EFFECT_LEAF = 'CMM.PRF.seq.previous-effect';
export const NON_PERFORMANCE_LEAF = 'CMM.PRF.seq.non-performance';

/** With no code-families file, only the same code is "the same procedure", within a year. */
const NO_FAMILIES: CodeFamilies = {
  description: 'none loaded',
  window: { defaultDays: 365, source: { file: '001_9263939c6024a100.txt', section: 'Sequential, Similar, or Duplicate Requests' } },
  families: [],
};

const AUTHORIZED = new Set(['approved', 'partially-approved']);

export interface SequentialRequests {
  /** Earlier same-or-similar requests within the window, most recent first. */
  related: RelatedRequest[];
  conditions: Set<AppliesWhen>;
  leafContext: Record<string, LeafContext>;
  notices: Notice[];
}

/** For the member's letter: the date and the code, no ids. */
function inWords(r: RelatedRequest): string {
  const codes = [...new Set(r.matches.map((m) => m.earlier))];
  return `${longDate(r.date)} (procedure code${codes.length > 1 ? 's' : ''} ${codes.join(', ')})`;
}

function named(r: RelatedRequest): string {
  const codes = [...new Set(r.matches.map((m) => m.earlier))].join(', ');
  const family = r.matches.find((m) => m.familyLabel)?.familyLabel;
  const outcome = r.outcome === 'partially-approved' ? 'partly approved' : r.outcome.replace('-', ' ');
  // A listed prior request carries its decision date; a case in the store its date of service.
  const when = r.origin === 'listed' ? `on ${longDate(r.date)}` : `for the date of service ${longDate(r.date)}`;
  return `code ${codes}${family ? ` (${family.toLowerCase()})` : ''}, ${outcome} ${when}${r.caseId ? `, case ${r.caseId}` : ''}`;
}

export function sequentialRequests(
  caseFile: CaseFile,
  families: CodeFamilies | undefined,
  fromStore: readonly EarlierRequest[] = [],
  source?: SourceRef,
): SequentialRequests {
  const fams = families ?? NO_FAMILIES;
  const own = earlierRequestsOfCase(caseFile).filter((e) => e.origin === 'listed');
  // A request listed on the case that is also a case in the store: the store's copy has its current outcome.
  const stored = new Set(fromStore.map((e) => e.caseId).filter(Boolean));
  const earlier = [...fromStore, ...own.filter((e) => !e.caseId || !stored.has(e.caseId))];
  const related = findRelatedRequests(
    { memberId: caseFile.request.member.id, codes: caseFile.request.codes.map((c) => c.code), date: caseFile.request.dateOfService ?? caseFile.request.receivedAt.slice(0, 10), excludeCaseId: caseFile.id, windowDays: fams.window.defaultDays },
    earlier,
    fams,
  );
  const conditions = new Set<AppliesWhen>();
  const performed: RelatedRequest[] = [];
  const notPerformed: RelatedRequest[] = [];
  const notices: Notice[] = [];
  for (const r of related) {
    if (!AUTHORIZED.has(r.outcome)) {
      notices.push({ kind: 'related-request', message: `An earlier request for the same or a similar service: ${named(r)}. ${r.asks}`, ...(source ? { source } : {}) });
      continue;
    }
    // Whether it was performed is not always known: then either the effect or the non-performance documents it.
    if (r.performed !== false) performed.push(r);
    if (r.performed !== true) notPerformed.push(r);
  }
  const leafContext: Record<string, LeafContext> = {};
  if (performed.length > 0) {
    conditions.add('prior-authorized-performed');
    const first = performed[0]!;
    leafContext[PREVIOUS_EFFECT_LEAF] = {
      detail: performed.map((r) => `Earlier request: ${named(r)}, ${r.daysBefore} days before this date of service.`),
      letterSuffix: `The earlier service was approved on ${inWords(first)}.`,
      remedy: `Notes written after the service approved on ${inWords(first)} that show how well it worked, such as how much and for how long the pain improved.`,
    };
  }
  if (notPerformed.length > 0) {
    conditions.add('prior-authorized-not-performed');
    const first = notPerformed[0]!;
    leafContext[NON_PERFORMANCE_LEAF] = {
      detail: notPerformed.map((r) => `Earlier request: ${named(r)}${r.performed === false ? ', not performed' : ''}, ${r.daysBefore} days before this date of service.`),
      letterSuffix: `The earlier service was approved on ${inWords(first)}.`,
      remedy: `Documentation that the service approved on ${inWords(first)} was not performed, and why.`,
    };
  }
  return { related, conditions, leafContext, notices };
}
