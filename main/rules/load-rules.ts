/**
 * Reads the rules folder (guideline versions, coding data, catalogue) and validates every file.
 * The first invalid file stops the load with an error naming the file, the JSON path and the reason,
 * so a bad edit to a guideline is caught at start-up and by `rules check`, never mid-review.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { CodingFile, MueTable, NcciPtpTable } from '../../shared/coding/schema';
import type { RuleSet } from '../../shared/rules/rule-set';
import { Catalogue, nodeIdsOf, RuleFile } from '../../shared/rules/schema';
import { CodeFamilies } from '../../shared/intake/find-related-requests';
import { deepestIssue, type ZodIssueLike } from '../../shared/case/describe-case-issues';

export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    readonly reason: string,
  ) {
    super(`${file}: ${jsonPath}: ${reason}`);
    this.name = 'RuleFileError';
  }
}

/** `$.criteria.children[2].fact.threshold` from a zod issue path. */
export function formatJsonPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), '$');
}

async function readJson(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RuleFileError(file, '$', `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

export function describeIssue(issues: readonly unknown[]): { path: string; message: string } {
  const issue = deepestIssue(issues[0] as ZodIssueLike);
  return { path: formatJsonPath(issue.path), message: issue.message };
}

async function parseFile<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>> {
  const result = schema.safeParse(await readJson(file));
  if (!result.success) {
    const issue = describeIssue(result.error.issues);
    throw new RuleFileError(file, issue.path, issue.message);
  }
  return result.data;
}

async function jsonFilesIn(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
}

/** Checks across files that no single schema can: unique versions, criterion ids, catalogue links. */
function checkConsistency(files: { file: string; rule: RuleFile }[], catalogue: Catalogue, catalogueFile: string): void {
  const versions = new Map<string, string>();
  const criterionOwner = new Map<string, { ruleId: string; file: string }>();
  for (const { file, rule } of files) {
    const key = `${rule.id}@${rule.effectiveFrom}`;
    if (versions.has(key)) throw new RuleFileError(file, '$.effectiveFrom', `${rule.id} already has a version effective ${rule.effectiveFrom} (${versions.get(key)})`);
    versions.set(key, file);
    for (const id of [...nodeIdsOf(rule.criteria), ...rule.experimentalUses.map((u) => u.id)]) {
      const owner = criterionOwner.get(id);
      // Versions of one rule keep their criterion ids, so findings carry over; other rules may not reuse them.
      if (owner !== undefined && owner.ruleId !== rule.id) throw new RuleFileError(file, '$.criteria', `criterion id ${id} is also used by ${owner.ruleId} (${owner.file})`);
      criterionOwner.set(id, { ruleId: rule.id, file });
    }
    if (rule.role === 'guideline' && !catalogue.entries.some((e) => e.id === rule.guidelineId)) {
      throw new RuleFileError(file, '$.guidelineId', `${rule.guidelineId} is not in the catalogue`);
    }
  }
  catalogue.entries.forEach((entry, i) => {
    for (const ruleId of entry.encodedRuleIds) {
      if (!files.some((f) => f.rule.id === ruleId)) {
        throw new RuleFileError(catalogueFile, `$.entries[${i}].encodedRuleIds`, `no rule file has id ${ruleId}`);
      }
    }
  });
}

/** Loads `<rulesDir>/guidelines/*.json`, `<rulesDir>/coding/*.json` and `<rulesDir>/catalogue.json`. */
export async function loadRules(rulesDir: string): Promise<RuleSet & { files: string[] }> {
  const catalogueFile = path.join(rulesDir, 'catalogue.json');
  const catalogue = await parseFile(catalogueFile, Catalogue);
  const ruleFiles: { file: string; rule: RuleFile }[] = [];
  for (const file of await jsonFilesIn(path.join(rulesDir, 'guidelines'))) ruleFiles.push({ file, rule: await parseFile(file, RuleFile) });
  if (ruleFiles.length === 0) throw new RuleFileError(path.join(rulesDir, 'guidelines'), '$', 'no rule files found');
  const codingPaths = await jsonFilesIn(path.join(rulesDir, 'coding'));
  const coding: CodingFile[] = [];
  for (const file of codingPaths) coding.push(await parseFile(file, CodingFile));
  checkConsistency(ruleFiles, catalogue, catalogueFile);
  const familiesFile = path.join(rulesDir, 'code-families.json');
  const codeFamilies = await fs.access(familiesFile).then(() => true, () => false) ? await parseFile(familiesFile, CodeFamilies) : undefined;
  return {
    ruleFiles: ruleFiles.map((r) => r.rule),
    coding,
    catalogue,
    ...(codeFamilies ? { codeFamilies } : {}),
    files: [catalogueFile, ...ruleFiles.map((r) => r.file), ...codingPaths, ...(codeFamilies ? [familiesFile] : [])],
  };
}

/** The NCCI tables saved by `codes import`, when the reviewer has imported them. */
export async function loadImportedNcci(dataDir: string): Promise<RuleSet['ncci']> {
  const dir = path.join(dataDir, 'codes');
  const read = async <T extends z.ZodType>(name: string, schema: T): Promise<z.infer<T> | undefined> => {
    try {
      await fs.access(path.join(dir, name));
    } catch {
      return undefined;
    }
    return parseFile(path.join(dir, name), schema);
  };
  const ptp = await read('ncci-ptp.json', NcciPtpTable);
  const mue = await read('mue.json', MueTable);
  return ptp || mue ? { ptp, mue } : undefined;
}
