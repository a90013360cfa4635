/**
 * The clinical lexicon as data (rules/lexicon/*.json): the words clinicians use for each concept a
 * criterion needs (treatments, drug classes, surgical candidacy, psychological clearance, imaging
 * reads, examination findings), which concepts support or refute each criterion, the negation and
 * uncertainty cues that change what a mention means, the headings records use for their sections,
 * and the lines that are page furniture. Strict objects, like the rule files: a misspelt key is an
 * error, not silently ignored. Every term pattern is compiled when the file is checked.
 */
import { z } from 'zod';
import { SourceRef } from '../rules/schema';
import { compileTermPattern } from './term-pattern';

/** A term in the pattern language of term-pattern.ts, checked by compiling it. */
const Pattern = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    try {
      compileTermPattern(p);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `term pattern "${p}" does not compile: ${(e as Error).message}` });
    }
  });

export const LexiconTerm = z.union([
  Pattern,
  z.strictObject({
    pattern: Pattern,
    /** 0–1: how specific the wording is ("no operative target" 1, "surgery" 0.2). Default: the concept's. */
    weight: z.number().min(0).max(1).optional(),
    /**
     * "exact": the record's letters must have the term's case ("PT" the therapy, not "pt" the patient).
     * Default "any".
     */
    case: z.enum(['any', 'exact']).optional(),
    /** Why this spelling is here, when it is not obvious (an abbreviation's expansion, a source). */
    note: z.string().optional(),
  }),
]);
export type LexiconTerm = z.infer<typeof LexiconTerm>;

export const ConceptId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a concept id is lower-case words joined by -');

export const Concept = z.strictObject({
  label: z.string().min(1),
  /** Default specificity of its terms. */
  weight: z.number().min(0).max(1).default(0.6),
  terms: z.array(LexiconTerm).min(1),
  /**
   * Phrases in which a term means something else ("respiratory depression", "PT/INR"): a term found
   * inside one of them is not a mention of the concept.
   */
  notWithin: z.array(LexiconTerm).default([]),
  source: SourceRef.optional(),
});
export type Concept = z.infer<typeof Concept>;

/** How a concept bears on a criterion. */
export const ConceptRole = z.enum([
  /** Its affirmed mention is evidence for the criterion. */
  'supports',
  /** Its affirmed mention is evidence against the criterion. */
  'refutes',
  /** Related but deciding neither way (a referral, a test's name): offered as a mention. */
  'context',
]);
export type ConceptRole = z.infer<typeof ConceptRole>;

export const SectionKind = z.enum([
  'history',
  'exam',
  'assessment',
  'impression',
  'plan',
  'findings',
  'imaging',
  'results',
  'procedure',
  'medications',
  'review-of-systems',
  'past-history',
  'social-history',
  'treatment-history',
  'recommendations',
  'referral',
]);
export type SectionKind = z.infer<typeof SectionKind>;

export const CriterionLexicon = z.strictObject({
  /** Criterion ids (the same criterion in several rule files, e.g. the SCS trial and permanent). */
  criteria: z.array(z.string().min(1)).min(1),
  concepts: z
    .array(
      z.strictObject({
        concept: ConceptId,
        role: ConceptRole,
        /** Scales the concept's terms for this criterion. */
        weight: z.number().min(0).max(2).default(1),
      }),
    )
    .min(1),
  /** Sections where a director looks first for this criterion; passages there rank higher. */
  sections: z.array(SectionKind).default(['assessment', 'impression']),
  /** How much the encounter's recency counts: "strong" for current-status criteria. */
  recency: z.enum(['weak', 'strong']).default('weak'),
  /**
   * Negated mentions still document the criterion (an examination that found no clonus documents
   * the examination), so negation does not turn them away.
   */
  negationDocuments: z.boolean().default(false),
  /**
   * Concepts whose negation supports the criterion when a mental health provider writes it ("no
   * history of substance use disorder" in a psychological evaluation), not elsewhere.
   */
  absenceSupportsInEvaluation: z.array(ConceptId).default([]),
  source: SourceRef.optional(),
});
export type CriterionLexicon = z.infer<typeof CriterionLexicon>;

/** How a fact is proposed from the record: which kind of arithmetic, over which concepts. */
export const FactProposalSpec = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('duration-of-treatment'),
    /** Facts with these names (rule fact names, e.g. conservativeCareMonths). */
    facts: z.array(z.string().min(1)).min(1),
    /** Treatments whose dated mentions count. */
    concepts: z.array(ConceptId).min(1),
    /** A gap longer than this between dated mentions ends a consecutive run. */
    maxGapDays: z.number().int().min(1),
    source: SourceRef.optional(),
  }),
  z.strictObject({
    kind: z.literal('percent-relief'),
    facts: z.array(z.string().min(1)).min(1),
    /** The trial whose relief counts: a passage must mention it, or sit in a trial note. */
    contextConcepts: z.array(ConceptId).min(1),
    source: SourceRef.optional(),
  }),
]);
export type FactProposalSpec = z.infer<typeof FactProposalSpec>;

export const ClinicalLexicon = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().min(1),
    concepts: z.record(ConceptId, Concept),
    criteria: z.array(CriterionLexicon),
    facts: z.array(FactProposalSpec).default([]),
  })
  .superRefine((lex, ctx) => {
    const seen = new Set<string>();
    lex.criteria.forEach((c, i) => {
      for (const id of c.criteria) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'criteria'], message: `criterion ${id} has two lexicon entries` });
        seen.add(id);
      }
      c.concepts.forEach((ref, k) => {
        if (!lex.concepts[ref.concept]) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'concepts', k, 'concept'], message: `unknown concept ${ref.concept}` });
      });
      c.absenceSupportsInEvaluation.forEach((id, k) => {
        if (!lex.concepts[id]) ctx.addIssue({ code: 'custom', path: ['criteria', i, 'absenceSupportsInEvaluation', k], message: `unknown concept ${id}` });
      });
    });
    lex.facts.forEach((f, i) => {
      const ids = f.kind === 'percent-relief' ? f.contextConcepts : f.concepts;
      ids.forEach((id) => {
        if (!lex.concepts[id]) ctx.addIssue({ code: 'custom', path: ['facts', i], message: `unknown concept ${id}` });
      });
    });
  });
export type ClinicalLexicon = z.infer<typeof ClinicalLexicon>;

/** A cue that changes what a mention means, with where its scope runs. */
export const ContextCue = z.strictObject({
  pattern: Pattern,
  /** "forward": the words after it (NegEx pre-negation), "backward": the words before it (post-negation). */
  direction: z.enum(['forward', 'backward']).default('forward'),
  note: z.string().optional(),
});
export type ContextCue = z.infer<typeof ContextCue>;

export const ContextCues = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().min(1),
  source: z.array(SourceRef).min(1),
  negation: z.array(ContextCue).min(1),
  uncertainty: z.array(ContextCue).min(1),
  /** Phrases that contain a trigger word but negate nothing ("no increase", "not only", "gram negative"). */
  pseudoTriggers: z.array(Pattern).default([]),
  /** Words that end a cue's scope ("but", "however", "except"). */
  terminators: z.array(Pattern).default([]),
  /** Longest scope of a cue, in words. */
  scopeWords: z.number().int().min(1).max(40),
  /** Heading text → the section it opens. Matched against the whole heading. */
  sections: z.array(z.strictObject({ kind: SectionKind, headings: z.array(Pattern).min(1) })),
  /** Labels that announce the encounter's date ("Date of service", "DOS", "Visit date"). */
  encounterDateLabels: z.array(Pattern).min(1),
  furniture: z.strictObject({
    /** Lines that are page furniture wherever they stand (page counters, print stamps, fax headers). */
    lines: z.array(Pattern),
    /** Words of a fax cover sheet; a page with enough of them is a cover. */
    faxCover: z.array(Pattern).min(1),
    faxCoverMinCues: z.number().int().min(1),
    /** Headings of enclosure lists ("Enclosed:", "Documents attached:"): the list under them is furniture. */
    enclosureHeadings: z.array(Pattern).min(1),
  }),
  /** Abbreviations that end in a period without ending a sentence ("Dr.", "Ms.", "e.g."). */
  abbreviations: z.array(z.string().min(1)),
});
export type ContextCues = z.infer<typeof ContextCues>;
