/**
 * Guidelines as data: one rule file per guideline version (rules/*.json), the catalogue of
 * guidelines (rules/catalogue.json), validated at start-up, in tests and by `rules check`.
 * Strict objects: a misspelt key in a hand-edited rule file is an error, not silently ignored.
 */
import { z } from 'zod';

const isoDate = z.iso.date();

/** Where a rule comes from: the seed policy text and its section (heading). */
export const SourceRef = z.strictObject({
  file: z.string().min(1),
  section: z.string().min(1),
  /** Why an encoding choice was made where the text leaves room (e.g. a date the text does not state). */
  note: z.string().optional(),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const FactUnit = z.enum(['months', 'weeks', 'days', 'percent', 'count', 'levels', 'years']);
export type FactUnit = z.infer<typeof FactUnit>;

export const FactOp = z.enum(['>=', '>', '<=', '<', '==']);
export type FactOp = z.infer<typeof FactOp>;

/** A measurable part of a criterion: the reviewer types the value, the threshold decides. */
export const FactSpec = z.strictObject({
  /** Key in `finding.facts`, e.g. "conservativeCareMonths". */
  name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a fact name is camelCase'),
  label: z.string().min(1),
  unit: FactUnit,
  op: FactOp,
  threshold: z.number(),
});
export type FactSpec = z.infer<typeof FactSpec>;

/**
 * A leaf applies only when the request says so; otherwise the engine marks it not-applicable.
 * A fixed vocabulary keeps the engine, not the data, in charge of reading the request.
 */
export const AppliesWhen = z.enum([
  /** The provider asks for an exception to the guideline's criteria. */
  'exception-requested',
  /** A same or similar service was authorized before and performed (sequential request). */
  'prior-authorized-performed',
  /** A same or similar service was authorized before and not performed. */
  'prior-authorized-not-performed',
]);
export type AppliesWhen = z.infer<typeof AppliesWhen>;

const criterionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a criterion id is letters, digits, dots, - and _');

export const CriterionLeaf = z.strictObject({
  id: criterionId,
  text: z.string().min(1),
  /** What documentation proves it, for the reviewer reading the record. */
  proves: z.string().min(1),
  fact: FactSpec.optional(),
  /** Words the record search suggests passages with. */
  searchTerms: z.array(z.string().min(1)),
  /** Plain-language sentence a letter uses when the criterion is not met (no unexplained acronyms). */
  notMetSentence: z.string().min(1),
  /**
   * What would change the outcome when it is not met, as one plain sentence: the letter's "what could
   * change this decision" and the Decision tab's prefill are made of these, never of the problem restated.
   */
  remedy: z.string().min(1),
  appliesWhen: AppliesWhen.optional(),
  /** The indication this leaf establishes (id in the rule file's appliesTo.indications). */
  indication: z.string().optional(),
  source: SourceRef,
});
export type CriterionLeaf = z.infer<typeof CriterionLeaf>;

export interface CriterionGroup {
  id: string;
  kind: 'all' | 'any' | 'atLeast';
  n?: number | undefined;
  text?: string | undefined;
  indication?: string | undefined;
  children: CriterionNode[];
}
export type CriterionNode = CriterionGroup | CriterionLeaf;

export const CriterionGroup: z.ZodType<CriterionGroup> = z
  .strictObject({
    id: criterionId,
    kind: z.enum(['all', 'any', 'atLeast']),
    n: z.number().int().min(1).optional(),
    text: z.string().optional(),
    indication: z.string().optional(),
    get children(): z.ZodArray<z.ZodType<CriterionNode>> {
      return z.array(CriterionNode).min(1);
    },
  })
  .superRefine((g, ctx) => {
    if (g.kind === 'atLeast' && (g.n === undefined || g.n > g.children.length)) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'an atLeast group needs n between 1 and its number of children' });
    }
    if (g.kind !== 'atLeast' && g.n !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['n'], message: 'n belongs to atLeast groups only' });
    }
  });

export const CriterionNode: z.ZodType<CriterionNode> = z.lazy(() =>
  z.union([CriterionGroup, CriterionLeaf]),
);

export function isGroup(node: CriterionNode): node is CriterionGroup {
  return 'children' in node;
}

/** Every leaf of a tree, depth first. */
export function leavesOf(node: CriterionNode): CriterionLeaf[] {
  return isGroup(node) ? node.children.flatMap(leavesOf) : [node];
}

/** Every node id of a tree, depth first. */
export function nodeIdsOf(node: CriterionNode): string[] {
  return isGroup(node) ? [node.id, ...node.children.flatMap(nodeIdsOf)] : [node.id];
}

export const Indication = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  /** ICD-10-CM category prefixes that suggest the indication; the reviewer still decides. */
  icd10Hints: z.array(z.string()).default([]),
  source: SourceRef,
});
export type Indication = z.infer<typeof Indication>;

/** How a requested code relates to this rule file (e.g. the trial or the permanent implant). */
export const CodeMapping = z.strictObject({
  code: z.string().min(1),
  description: z.string().min(1),
  /** The service in the member's words, without an article: "spinal cord stimulator trial". Letters print it. */
  serviceName: z.string().min(1),
  source: SourceRef,
});
export type CodeMapping = z.infer<typeof CodeMapping>;

export const Role = z.enum([
  /** The Preface: applies to every guideline whose id starts with one of appliesTo.guidelinePrefixes. */
  'preface',
  /** General documentation requirements, applied like the Preface. */
  'clinical-information',
  /** A specific guideline's criteria, applied to the codes it lists. */
  'guideline',
]);
export type Role = z.infer<typeof Role>;

/** What the per-code recommendation becomes when this rule file's criteria are not met. */
export const NotMetOutcome = z.enum(['not-medically-necessary', 'cannot-establish', 'experimental']);
export type NotMetOutcome = z.infer<typeof NotMetOutcome>;

/** Rules about the determination itself (not criteria), which the engine carries out and cites. */
export const DeterminationRuleKind = z.enum([
  'cms-policy-supersedes',
  'benefit-plan-precedence',
  'out-of-scope',
  'experimental',
  'clinical-trials',
  'cms-approved-trial',
  'legislative-mandate',
  'exception-request',
  'sequential-requests',
  'coding',
  'contingency-codes',
  'units-levels',
]);
export type DeterminationRuleKind = z.infer<typeof DeterminationRuleKind>;

/**
 * The questions the criteria panel asks the reviewer, one per determination rule that needs a fact
 * only the reviewer can establish (the benefit plan, a clinical trial, a law, a contingency code...).
 * The engine reads the answers (shared/rules/review-checks.ts); the rule data words the question.
 */
export const CheckKind = z.enum([
  'benefit-plan-precedence',
  'clinical-trial',
  'cms-approved-trial',
  'legislative-mandate',
  'exception-request',
  'contingency-codes',
  'units-levels',
]);
export type CheckKind = z.infer<typeof CheckKind>;
/** Checks answered per requested code rather than for the whole request. */
export const PER_CODE_CHECKS: ReadonlySet<CheckKind> = new Set(['contingency-codes', 'units-levels']);

export const DeterminationRule = z.strictObject({
  kind: DeterminationRuleKind,
  text: z.string().min(1),
  /** The letter's sentence when this rule decides a code. */
  letterSentence: z.string().min(1),
  /** What would change the outcome when this rule decides a code. */
  remedy: z.string().min(1).optional(),
  /** The question the panel asks, when the rule turns on something only the reviewer can tell. */
  check: z.strictObject({ kind: CheckKind, question: z.string().min(1), help: z.string().min(1).optional() }).optional(),
  source: SourceRef,
});
export type DeterminationRule = z.infer<typeof DeterminationRule>;

/** A use the guideline calls experimental, investigational, or unproven. */
export const ExperimentalUse = z.strictObject({
  id: criterionId,
  text: z.string().min(1),
  letterSentence: z.string().min(1),
  remedy: z.string().min(1),
  icd10Hints: z.array(z.string()).default([]),
  searchTerms: z.array(z.string()).default([]),
  source: SourceRef,
});
export type ExperimentalUse = z.infer<typeof ExperimentalUse>;

export const RuleFile = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[A-Z][A-Za-z0-9.-]*$/, 'a rule id looks like CMM.PRF or CMM-211-SCS-TRIAL'),
    guidelineId: z.string().min(1),
    role: Role,
    title: z.string().min(1),
    version: z.string().min(1),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.optional(),
    source: SourceRef,
    appliesTo: z.strictObject({
      /** Codes that select this rule file (guideline role). */
      codes: z.array(CodeMapping).default([]),
      /**
       * Codes this file also decides when one of its own codes is requested with them,
       * e.g. the percutaneous electrode array requested with a pulse generator is part of the permanent implant.
       */
      companionCodes: z.array(CodeMapping).default([]),
      indications: z.array(Indication).default([]),
      /** Preface-like files: the guideline ids they apply to, by prefix, e.g. "CMM-". */
      guidelinePrefixes: z.array(z.string().min(1)).default([]),
    }),
    outcomeWhenNotMet: z.strictObject({ outcome: NotMetOutcome, source: SourceRef }),
    criteria: CriterionGroup,
    determinationRules: z.array(DeterminationRule).default([]),
    experimentalUses: z.array(ExperimentalUse).default([]),
    /** What this encoding does not cover, shown to the reviewer as a notice. */
    scopeNotes: z.array(z.string().min(1)).default([]),
  })
  .superRefine((r, ctx) => {
    if (r.effectiveTo !== undefined && r.effectiveTo < r.effectiveFrom) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'effectiveTo is before effectiveFrom' });
    }
    const seen = new Set<string>();
    for (const id of [...nodeIdsOf(r.criteria), ...r.experimentalUses.map((e) => e.id)]) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `criterion id ${id} is used twice` });
      seen.add(id);
    }
    const indications = new Set(r.appliesTo.indications.map((i) => i.id));
    const walk = (node: CriterionNode): void => {
      if (node.indication !== undefined && !indications.has(node.indication)) {
        ctx.addIssue({ code: 'custom', path: ['criteria'], message: `${node.id} names indication ${node.indication}, which appliesTo.indications does not list` });
      }
      if (isGroup(node)) node.children.forEach(walk);
    };
    walk(r.criteria);
    if (r.role === 'guideline' && r.appliesTo.codes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['appliesTo', 'codes'], message: 'a guideline rule file lists the codes it decides' });
    }
    if (r.role !== 'guideline' && r.appliesTo.guidelinePrefixes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['appliesTo', 'guidelinePrefixes'], message: 'a preface or clinical-information file names the guidelines it applies to' });
    }
  });
export type RuleFile = z.infer<typeof RuleFile>;

export const CatalogueVariant = z.strictObject({
  /** null: the catalogue lists this version without a date (the current one when seed 004 was taken). */
  effectiveFrom: isoDate.nullable(),
  title: z.string().min(1),
  /** The rule file id + version that encodes this variant, when encoded. */
  encodedBy: z.strictObject({ ruleId: z.string(), version: z.string() }).optional(),
});
export type CatalogueVariant = z.infer<typeof CatalogueVariant>;

export const CatalogueEntry = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  /** Section path in the catalogue, e.g. ["Comprehensive Musculoskeletal Management Guidelines", "Spine Surgery"]. */
  sections: z.array(z.array(z.string())).min(1),
  variants: z.array(CatalogueVariant).min(1),
  /** Rule file ids holding encoded criteria for it. */
  encodedRuleIds: z.array(z.string()).default([]),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const Catalogue = z.strictObject({
  $schema: z.string().optional(),
  source: SourceRef,
  entries: z.array(CatalogueEntry),
});
export type Catalogue = z.infer<typeof Catalogue>;
