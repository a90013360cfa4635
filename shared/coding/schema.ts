/**
 * Coding data the engine checks a request against (rules/coding/*.json), and the shapes of the
 * CMS NCCI tables the reviewer may import (procedure-to-procedure edits, medically unlikely edits).
 * Every shipped entry names its source; only entries that can be sourced are shipped.
 */
import { z } from 'zod';
import { SourceRef } from '../rules/schema';

const code = z.string().regex(/^(\d{5}|\d{4}[FTU]|[A-V]\d{4})$/, 'a CPT or HCPCS code');
const isoDate = z.iso.date();

/** An add-on code and the primary codes it is reported with. */
export const AddOnCode = z.strictObject({
  code,
  description: z.string().min(1),
  primaries: z.array(code).min(1),
  source: SourceRef,
});
export type AddOnCode = z.infer<typeof AddOnCode>;

/** A "separate procedure" code and the more extensive procedures it is integral to. */
export const SeparateProcedure = z.strictObject({
  code,
  description: z.string().min(1),
  integralTo: z.array(code).min(1),
  source: SourceRef,
});
export type SeparateProcedure = z.infer<typeof SeparateProcedure>;

/** Two codes that should not be requested together; `keep` is the code that stays reviewable. */
export const CodePair = z.strictObject({
  keep: code,
  drop: code,
  kind: z.enum(['mutually-exclusive', 'bundled']),
  source: SourceRef,
});
export type CodePair = z.infer<typeof CodePair>;

export const UnitLimit = z.strictObject({
  code,
  maxUnits: z.number().int().min(1),
  source: SourceRef,
});
export type UnitLimit = z.infer<typeof UnitLimit>;

export const UnlistedCode = z.strictObject({
  code,
  description: z.string().min(1),
  source: SourceRef,
});
export type UnlistedCode = z.infer<typeof UnlistedCode>;

export const CodingFile = z.strictObject({
  $schema: z.string().optional(),
  /** What the file holds, for the reader. */
  description: z.string().min(1),
  /** The coding rules these entries serve apply from this date (the Preface version that introduced them). */
  effectiveFrom: isoDate,
  source: SourceRef,
  addOns: z.array(AddOnCode).default([]),
  separateProcedures: z.array(SeparateProcedure).default([]),
  pairs: z.array(CodePair).default([]),
  unitLimits: z.array(UnitLimit).default([]),
  unlisted: z.array(UnlistedCode).default([]),
});
export type CodingFile = z.infer<typeof CodingFile>;

/** One row of the CMS NCCI procedure-to-procedure edit table. */
export const NcciPtpEdit = z.strictObject({
  column1: z.string(),
  column2: z.string(),
  /** The "*" column: the edit existed before 1996. */
  priorTo1996: z.boolean(),
  effectiveDate: isoDate,
  /** null: still in force. */
  deletionDate: isoDate.nullable(),
  /** 0 = never together, 1 = allowed with an NCCI-associated modifier, 9 = not applicable. */
  modifierIndicator: z.enum(['0', '1', '9']),
  rationale: z.string(),
});
export type NcciPtpEdit = z.infer<typeof NcciPtpEdit>;

/** One row of the CMS practitioner-services medically unlikely edit table. */
export const MueEntry = z.strictObject({
  code: z.string(),
  maxUnits: z.number().int().min(0),
  adjudicationIndicator: z.string(),
  rationale: z.string(),
});
export type MueEntry = z.infer<typeof MueEntry>;

export const NcciPtpTable = z.strictObject({
  kind: z.literal('ncci-ptp'),
  importedFrom: z.string(),
  importedAt: z.iso.datetime({ offset: true }),
  edits: z.array(NcciPtpEdit),
});
export type NcciPtpTable = z.infer<typeof NcciPtpTable>;

export const MueTable = z.strictObject({
  kind: z.literal('mue'),
  importedFrom: z.string(),
  importedAt: z.iso.datetime({ offset: true }),
  entries: z.array(MueEntry),
});
export type MueTable = z.infer<typeof MueTable>;
