import { loadRules } from '../rules/load-rules';
import { loadLexicon } from '../evidence/load-lexicon';
import type { CliCommand } from './command';
import { takeRulesDir } from './rules-options';

export const rulesCheck: CliCommand = {
  words: ['rules', 'check'],
  dataFolder: 'none',
  usage: 'rules check [--rules <dir>]',
  summary: 'Validate every guideline, coding, catalogue and clinical-lexicon file; name the first invalid one.',
  async run(args, ctx) {
    const { rulesDir } = takeRulesDir(args, ctx);
    try {
      const set = await loadRules(rulesDir);
      const lexicon = await loadLexicon(rulesDir, set.ruleFiles);
      const versions = set.ruleFiles.map((r) => `${r.id}@${r.version}`).join(', ');
      ctx.out(`${set.files.length} files valid in ${rulesDir}: ${versions}; ${set.catalogue.entries.length} catalogue entries.`);
      ctx.out(`Clinical lexicon valid (${lexicon.files.length} files): ${lexicon.compiled.concepts.size} concepts for ${lexicon.compiled.criteria.size} criteria.`);
      return 0;
    } catch (e) {
      ctx.err(`Invalid rules: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  },
};
