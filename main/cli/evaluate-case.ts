import { CaseFile } from '../../shared/case/schema';
import { evaluateCase } from '../../shared/rules/evaluate-case';
import { describeIssue, loadImportedNcci, loadRules } from '../rules/load-rules';
import { CliUsageError, type CliCommand } from './command';
import { takeRulesDir } from './rules-options';
import { readJsonInput } from './file-errors';

export const evaluateCaseCommand: CliCommand = {
  words: ['evaluate'],
  // Imported coding tables are read from the data folder when there is one.
  dataFolder: 'optional',
  usage: 'evaluate <case.json> [--rules <dir>]',
  summary: 'Evaluate a case file against the guidelines in effect on its date of service; print the evaluation JSON.',
  async run(args, ctx) {
    const { rulesDir, rest } = takeRulesDir(args, ctx);
    const file = rest[0];
    if (!file) throw new CliUsageError('evaluate needs a case file');
    const raw = await readJsonInput(file, 'case file');
    const parsed = CaseFile.safeParse(raw);
    if (!parsed.success) {
      const issue = describeIssue(parsed.error.issues);
      ctx.err(`${file}: ${issue.path}: ${issue.message}`);
      return 1;
    }
    const rules = await loadRules(rulesDir);
    await ctx.useDataFolder();
    const ncci = await loadImportedNcci(ctx.dataDir);
    ctx.out(JSON.stringify(evaluateCase(parsed.data, { ...rules, ncci }), null, 2));
    return 0;
  },
};
