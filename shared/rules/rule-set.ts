/** Everything the evaluation engine reads: parsed rule files, coding data, catalogue, imported NCCI tables. */
import type { CodingFile, MueTable, NcciPtpTable } from '../coding/schema';
import type { CodeFamilies } from '../intake/find-related-requests';
import type { Catalogue, RuleFile } from './schema';

export interface RuleSet {
  /** Every guideline version (rules/guidelines/*.json). */
  ruleFiles: RuleFile[];
  /** rules/coding/*.json */
  coding: CodingFile[];
  catalogue: Catalogue;
  /** rules/code-families.json: which codes are "the same or similar procedure" for sequential requests. */
  codeFamilies?: CodeFamilies | undefined;
  /** CMS NCCI tables the reviewer imported (codes import), when present. */
  ncci?: { ptp?: NcciPtpTable | undefined; mue?: MueTable | undefined } | undefined;
}
