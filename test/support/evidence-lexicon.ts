/** The project's clinical lexicon, loaded and checked against the rule files the way the app does. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules } from '../../main/rules/load-rules';
import { loadLexicon } from '../../main/evidence/load-lexicon';
import type { EvidenceLexicon } from '../../shared/evidence/evidence-lexicon';

export const RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

let loaded: Promise<EvidenceLexicon> | undefined;
export function projectLexicon(): Promise<EvidenceLexicon> {
  loaded ??= loadRules(RULES_DIR).then(async (rules) => (await loadLexicon(RULES_DIR, rules.ruleFiles)).compiled);
  return loaded;
}
