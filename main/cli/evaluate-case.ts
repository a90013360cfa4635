/**
 * `evaluate <case.json>`: the evaluation JSON of a case file. A file that does not match the schema,
 * or that names a criterion, fact, code, check or indication the rules in effect do not know, is
 * refused with every problem listed (where, what was expected, the nearest known name). Exit 1 too
 * when the evaluation itself has errors (no Preface in effect, unknown guideline); the JSON is still printed.
 */
import { CaseFile } from '../../shared/case/schema';
import { describeCaseFileIssues } from '../../shared/case/describe-case-issues';
import { evaluateCase } from '../../shared/rules/evaluate-case';
import { loadImportedNcci, loadRules } from '../rules/load-rules';
import { CliUsageError, type CliCommand } from './command';
import { takeRulesDir } from './rules-options';
import { readJsonInput } from './file-errors';

const NAME_PROBLEMS = new Set(['unknown-criterion', 'unknown-fact', 'unknown-code', 'unknown-indication', 'unknown-check', 'unknown-mark']);

export const evaluateCaseCommand: CliCommand = {
  words: ['evaluate'],
  // Imported coding tables are read from the data folder when there is one.
  dataFolder: 'optional',
  usage: 'evaluate <case.json> [--rules <dir>]',
  summary: 'Evaluate a case file against the guidelines in effect on its date of service; print the evaluation JSON (exit 1 on refused input or evaluation errors).',
  async run(args, ctx) {
    const { rulesDir, rest } = takeRulesDir(args, ctx);
    const file = rest[0];
    if (!file) throw new CliUsageError('evaluate needs a case file');
    const raw = await readJsonInput(file, 'case file');
    const parsed = CaseFile.safeParse(raw);
    if (!parsed.success) {
      const issues = describeCaseFileIssues(parsed.error, raw);
      ctx.err(`${file} is not a valid case file (${issues.length} problem${issues.length === 1 ? '' : 's'}):`);
      for (const i of issues) ctx.err(`  ${i.where}: ${i.message}`);
      return 1;
    }
    const rules = await loadRules(rulesDir);
    await ctx.useDataFolder();
    const ncci = await loadImportedNcci(ctx.dataDir);
    const evaluation = evaluateCase(parsed.data, { ...rules, ncci });
    const refused = evaluation.problems.filter((p) => NAME_PROBLEMS.has(p.kind));
    if (refused.length > 0) {
      ctx.err(`${file} names what the rules in effect on ${parsed.data.request.dateOfService} do not know (${refused.length} problem${refused.length === 1 ? '' : 's'}):`);
      for (const p of refused) ctx.err(`  ${p.where}: ${p.message}${p.expected ? ` Expected: ${p.expected}.` : ''}`);
      return 1;
    }
    ctx.out(JSON.stringify(evaluation, null, 2));
    for (const p of evaluation.problems) ctx.err(`${file}: ${p.where}: ${p.message}`);
    for (const e of evaluation.errors) ctx.err(`${file}: ${e.message}`);
    return evaluation.errors.length > 0 ? 1 : 0;
  },
};
