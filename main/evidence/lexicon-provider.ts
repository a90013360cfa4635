/**
 * Loads the clinical lexicon once (after the rules, whose criterion ids it names) and keeps it
 * compiled. An invalid lexicon file is a WorkbenchError naming file, path and reason, shown where
 * suggestions would be, instead of stopping the app.
 */
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { EvidenceLexicon } from '../../shared/evidence/evidence-lexicon';
import type { RuleSet } from '../../shared/rules/rule-set';
import { loadOnce } from '../api/load-once';
import { loadLexicon } from './load-lexicon';

export function createLexiconProvider(appRoot: string, rules: () => Promise<RuleSet>): () => Promise<EvidenceLexicon> {
  return loadOnce(async () => {
    const { ruleFiles } = await rules();
    try {
      return (await loadLexicon(path.join(appRoot, 'rules'), ruleFiles)).compiled;
    } catch (e) {
      throw new WorkbenchError('invalid-rules', `The clinical lexicon could not be loaded, so no passages can be suggested: ${(e as Error).message}`);
    }
  });
}
