/**
 * Loads the rules folder once and keeps it. A rule file that does not validate becomes a
 * WorkbenchError naming file, path and reason, shown in the case instead of stopping the app.
 */
import path from 'node:path';
import type { RuleSet } from '../../shared/rules/rule-set';
import { WorkbenchError } from '../../shared/api/errors';
import { loadOnce } from '../api/load-once';
import { loadImportedNcci, loadRules } from './load-rules';

export function createRulesProvider(appRoot: string, dataDir?: string): () => Promise<RuleSet> {
  return loadOnce(async () => {
    try {
      const rules = await loadRules(path.join(appRoot, 'rules'));
      const ncci = dataDir ? await loadImportedNcci(dataDir) : undefined;
      return ncci ? { ...rules, ncci } : rules;
    } catch (e) {
      throw new WorkbenchError('invalid-rules', `The guideline rules could not be loaded: ${(e as Error).message}`);
    }
  });
}
