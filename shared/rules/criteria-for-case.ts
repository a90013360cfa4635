/**
 * Which guideline versions apply to a case and which requested code each one decides:
 * the Preface and clinical-information rules in effect on the date of service, plus the
 * requested guideline's rule files selected by the requested codes.
 */
import type { CaseFile } from '../case/schema';
import type { CaseCriteria, EvaluationError, Notice } from './evaluation';
import type { RuleSet } from './rule-set';
import type { CatalogueEntry, CriterionLeaf, RuleFile } from './schema';
import { groupVersions, isInEffect, selectRuleVersion } from './select-rule-version';
import { describeGaps, requestGaps } from '../case/request-gaps';

export const CUSTOM_RULE_ID = 'CUSTOM';

const codesOf = (r: RuleFile) => r.appliesTo.codes.map((c) => c.code);
const companionsOf = (r: RuleFile) => r.appliesTo.companionCodes.map((c) => c.code);

export function findCatalogueEntry(rules: RuleSet, guidelineId: string): CatalogueEntry | undefined {
  return rules.catalogue.entries.find((e) => e.id === guidelineId);
}

/**
 * A file selected by one of its own codes also decides its companion codes; a file whose
 * requested codes are all companions of another selected file is the wrong stage and drops out
 * (63650 alone is the stimulator trial; 63650 with a pulse generator is the permanent implant).
 */
function assignCodes(candidates: RuleFile[], requested: string[]): { rule: RuleFile; codes: string[] }[] {
  const own = new Map(candidates.map((r) => [r, requested.filter((c) => codesOf(r).includes(c))]));
  const claimedBy = (code: string, except: RuleFile) =>
    candidates.some((o) => o !== except && companionsOf(o).includes(code) && (own.get(o) ?? []).some((c) => !companionsOfAny(candidates, o).includes(c)));
  const kept = candidates.filter((r) => !(own.get(r) ?? []).every((c) => claimedBy(c, r)));
  return kept.map((r) => ({
    rule: r,
    codes: requested.filter((c) => codesOf(r).includes(c) || companionsOf(r).includes(c)),
  }));
}

function companionsOfAny(candidates: RuleFile[], except: RuleFile): string[] {
  return candidates.filter((o) => o !== except).flatMap(companionsOf);
}

/** A code's service as the request describes it, when no rule file names it in plain words. */
function describedService(caseFile: CaseFile, code: string): string {
  return caseFile.request.codes.find((c) => c.code === code)?.description ?? `service with procedure code ${code}`;
}

/** The reviewer's free-text criteria as a rule file, so they are evaluated like encoded ones. */
export function customRuleFile(caseFile: CaseFile, codes: string[]): RuleFile | undefined {
  if (caseFile.customCriteria.length === 0 || codes.length === 0) return undefined;
  const source = { file: 'case file', section: 'customCriteria', note: 'Criteria the reviewer added for this case.' };
  const children: CriterionLeaf[] = caseFile.customCriteria.map((c) => ({
    id: c.id,
    text: c.text,
    proves: 'As the reviewer described in the criterion.',
    searchTerms: [],
    notMetSentence: `The records do not show the following: ${c.text}`,
    remedy: `Records that show the following: ${c.text}`,
    source,
  }));
  return {
    id: CUSTOM_RULE_ID,
    guidelineId: caseFile.request.guidelineId ?? '',
    role: 'guideline',
    title: 'Criteria added by the reviewer',
    version: 'reviewer-added',
    effectiveFrom: caseFile.request.dateOfService ?? '',
    source,
    appliesTo: { codes: codes.map((code) => ({ code, description: 'requested code', serviceName: describedService(caseFile, code), source })), companionCodes: [], indications: [], guidelinePrefixes: [] },
    outcomeWhenNotMet: { outcome: 'not-medically-necessary', source },
    criteria: { id: 'custom', kind: 'all', text: 'Criteria added by the reviewer', children },
    determinationRules: [],
    experimentalUses: [],
    scopeNotes: [],
  };
}

export function criteriaForCase(caseFile: CaseFile, rules: RuleSet): CaseCriteria {
  const { guidelineId, dateOfService } = caseFile.request;
  // A request with gaps (no date of service, no guideline…) is not evaluated until they are filled: nothing is guessed.
  const gaps = requestGaps(caseFile.request);
  if (gaps.length > 0 || !guidelineId || !dateOfService) {
    return { guidelineId: guidelineId ?? '', dateOfService: dateOfService ?? '', encoded: false, rules: [], outOfScope: [], notices: [], errors: [{ kind: 'invalid-case', message: describeGaps(gaps) }] };
  }
  const requested = [...new Set(caseFile.request.codes.map((c) => c.code))];
  const notices: Notice[] = [];
  const errors: EvaluationError[] = [];
  const entry = findCatalogueEntry(rules, guidelineId);
  const own = rules.ruleFiles.filter((r) => r.role === 'guideline' && r.guidelineId === guidelineId);
  if (!entry && own.length === 0) {
    errors.push({ kind: 'unknown-guideline', message: `Guideline ${guidelineId} is not in the catalogue and has no rule files; check the guideline id of the request.` });
  }

  const general: RuleFile[] = [];
  for (const versions of groupVersions(rules.ruleFiles.filter((r) => r.role !== 'guideline')).values()) {
    if (!versions.some((v) => v.appliesTo.guidelinePrefixes.some((p) => guidelineId.startsWith(p)))) continue;
    const choice = selectRuleVersion(versions, dateOfService);
    if (choice.ok) general.push(choice.rule);
    // A document not yet in effect does not apply; only a date before every Preface version leaves nothing to apply.
    else if (choice.reason === 'before-every-version' && versions[0]!.role !== 'preface') notices.push(notYetInEffect(versions, dateOfService));
    else errors.push({ kind: 'no-version-in-effect', message: choice.message });
  }
  // The Preface first: the panel and the letters read it before the general documentation rules.
  general.sort((a, b) => (a.role === b.role ? 0 : a.role === 'preface' ? -1 : 1));

  const candidates: RuleFile[] = [];
  /** Codes whose guideline criteria take effect after the date of service: not out of scope, just not encoded yet then. */
  const notYet = new Set<string>();
  for (const versions of groupVersions(own).values()) {
    const choice = selectRuleVersion(versions, dateOfService);
    const requestedHere = versions.some((v) => codesOf(v).some((c) => requested.includes(c)));
    if (choice.ok) {
      if (codesOf(choice.rule).some((c) => requested.includes(c))) candidates.push(choice.rule);
    } else if (requestedHere && choice.reason === 'before-every-version') {
      notices.push(notYetInEffect(versions, dateOfService));
      for (const v of versions) for (const c of [...codesOf(v), ...companionsOf(v)]) if (requested.includes(c)) notYet.add(c);
    } else if (requestedHere) {
      errors.push({ kind: 'no-version-in-effect', message: choice.message });
    }
  }
  const selected = assignCodes(candidates, requested);
  const decided = new Set(selected.flatMap((s) => s.codes));
  const encoded = own.length > 0;

  const outOfScope: CaseCriteria['outOfScope'] = [];
  if (encoded) {
    for (const code of requested.filter((c) => !decided.has(c) && !notYet.has(c))) {
      const elsewhere = rules.ruleFiles.find((r) => r.role === 'guideline' && r.guidelineId !== guidelineId && isInEffect(r, dateOfService) && codesOf(r).includes(code));
      outOfScope.push({ code, ...(elsewhere ? { reviewedUnder: elsewhere.guidelineId } : {}) });
    }
  } else {
    const title = entry ? ` (${entry.title})` : '';
    notices.push({
      kind: 'criteria-not-encoded',
      message: caseFile.customCriteria.length > 0
        ? `Criteria for ${guidelineId}${title} are not encoded; the ${caseFile.customCriteria.length} criteria the reviewer added are applied.`
        : `Criteria for ${guidelineId}${title} are not encoded: add free-text criteria for this case.`,
    });
  }
  const outOfScopeCodes = new Set(outOfScope.map((o) => o.code));
  const custom = customRuleFile(caseFile, requested.filter((c) => !outOfScopeCodes.has(c)));

  for (const rule of [...general, ...selected.map((s) => s.rule)]) {
    notices.push(...unencodedCatalogueVersions(rules, rule, dateOfService));
    for (const note of rule.scopeNotes) notices.push({ kind: 'scope-note', message: note, source: rule.source });
  }

  return {
    guidelineId,
    ...(entry ? { guidelineTitle: entry.title } : {}),
    dateOfService,
    encoded,
    rules: [
      ...general.map((rule) => ({ rule, codes: requested })),
      ...selected,
      ...(custom ? [{ rule: custom, codes: codesOf(custom) }] : []),
    ],
    outOfScope,
    notices,
    errors,
  };
}

function notYetInEffect(versions: readonly RuleFile[], dateOfService: string): Notice {
  const first = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0]!;
  return {
    kind: 'rule-not-yet-in-effect',
    message: `"${first.title}" takes effect on ${first.effectiveFrom}, after the date of service ${dateOfService}, so it does not apply to this request.`,
    source: first.source,
  };
}

/** The catalogue may list a dated version newer than the one applied whose text is not encoded: say so. */
function unencodedCatalogueVersions(rules: RuleSet, applied: RuleFile, dateOfService: string): Notice[] {
  const entry = findCatalogueEntry(rules, applied.guidelineId);
  if (!entry) return [];
  const encodedDates = new Set(rules.ruleFiles.filter((r) => r.id === applied.id).map((r) => r.effectiveFrom));
  return entry.variants
    .filter((v) => v.effectiveFrom !== null && v.effectiveFrom > applied.effectiveFrom && v.effectiveFrom <= dateOfService && !encodedDates.has(v.effectiveFrom))
    .map((v) => ({
      kind: 'catalogue-version-not-encoded' as const,
      message: `The catalogue lists a version of "${entry.title}" effective ${v.effectiveFrom} whose text is not encoded; version ${applied.version} (effective ${applied.effectiveFrom}) was applied. Check the current text before deciding.`,
      source: rules.catalogue.source,
    }));
}
