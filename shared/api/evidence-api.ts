/**
 * Evidence the record offers for a criterion: ranked passages with their polarity and the cue that
 * decided it, and facts proposed from the record with their arithmetic and the passages they rest
 * on. Both are only offers: nothing here writes a finding or a mark. Accepting a proposal is the
 * renderer calling marks.add for its passages and findings.set for its value, so both are audited
 * like any other change.
 */
import { z } from 'zod';
import { MarkAnchor } from '../case/schema';
import { FactUnit } from '../rules/schema';
import { caseIdParam as caseId, idParam } from './common';

export const SuggestionPolarity = z.enum(['supports', 'refutes', 'negated', 'uncertain', 'mention']);
export type SuggestionPolarity = z.infer<typeof SuggestionPolarity>;

export const SuggestionInfo = z.object({
  docSha256: z.string(),
  page: z.number().int(),
  quote: z.string(),
  score: z.number(),
  matchedTerms: z.array(z.string()),
  /** What the passage says about the criterion; negated and uncertain passages are never support. */
  polarity: SuggestionPolarity,
  /** The wording that decided it, and the negation or uncertainty cue with the words in its scope. */
  because: z.object({
    term: z.string(),
    concept: z.string(),
    cue: z.object({ kind: z.enum(['negation', 'uncertainty']), text: z.string(), scope: z.string() }).optional(),
  }),
  /** The heading it sits under (Assessment, Impression, HPI …). */
  section: z.string().optional(),
  /** The date of the encounter it is from (ISO date). */
  encounterDate: z.string().optional(),
  /** Page furniture (fax cover, enclosure list, letterhead): listed last. */
  furniture: z.string().optional(),
  /** Ready for marks.add: one click turns the suggestion into a mark. */
  anchor: MarkAnchor,
  /** A live mark of this criterion already covers the passage. */
  alreadyMarked: z.boolean(),
});
export type SuggestionInfo = z.infer<typeof SuggestionInfo>;

export const ProposalBasisInfo = z.object({
  role: z.enum(['start', 'end', 'stated', 'before', 'after']),
  date: z.string().optional(),
  quote: z.string(),
  docSha256: z.string(),
  page: z.number().int(),
  anchor: MarkAnchor,
  /** A live mark of this criterion already covers the passage: accepting does not mark it twice. */
  alreadyMarked: z.boolean(),
});
export type ProposalBasisInfo = z.infer<typeof ProposalBasisInfo>;

export const FactProposalInfo = z.object({
  factName: z.string(),
  label: z.string(),
  unit: FactUnit,
  value: z.number(),
  arithmetic: z.string(),
  basis: z.array(ProposalBasisInfo),
  notes: z.array(z.string()),
});
export type FactProposalInfo = z.infer<typeof FactProposalInfo>;

export const evidenceApi = {
  /** Candidate passages for a criterion, ranked, each with its polarity; never changes a finding. */
  'evidence.suggest': {
    request: z.strictObject({ caseId, criterionId: idParam, limit: z.number().int().min(1).max(50).default(8) }),
    response: z.object({ searchTerms: z.array(z.string()), suggestions: z.array(SuggestionInfo), unsearched: z.array(z.string()) }),
  },
  /** The criterion's fact proposed from the record (months of care, percent relief, weeks of a trial), when it has one. */
  'evidence.proposeFacts': {
    request: z.strictObject({ caseId, criterionId: idParam }),
    response: z.object({ proposals: z.array(FactProposalInfo), unsearched: z.array(z.string()) }),
  },
} as const;
