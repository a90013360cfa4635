/**
 * The lexicon files: they validate, every criterion and fact they name exists in the rule files,
 * every encoded criterion with search terms has an entry, sources are cited where a seed is the
 * source, and a broken file is refused with its file, JSON path and reason.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../../main/rules/load-rules';
import { loadLexicon } from '../../../main/evidence/load-lexicon';
import { leavesOf } from '../../../shared/rules/schema';
import { ClinicalLexicon } from '../../../shared/evidence/lexicon-schema';
import { RULES_DIR } from '../../support/evidence-lexicon';

const lexiconJson = () => JSON.parse(readFileSync(path.join(RULES_DIR, 'lexicon', 'clinical-lexicon.json'), 'utf8'));

function brokenCopy(edit: (lex: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-lexicon-'));
  cpSync(RULES_DIR, dir, { recursive: true });
  const lex = lexiconJson();
  edit(lex);
  writeFileSync(path.join(dir, 'lexicon', 'clinical-lexicon.json'), JSON.stringify(lex));
  return dir;
}

describe('the clinical lexicon', () => {
  it('validates, and names only criteria and facts the rule files have', async () => {
    const rules = await loadRules(RULES_DIR);
    const { compiled } = await loadLexicon(RULES_DIR, rules.ruleFiles);
    expect(compiled.concepts.size).toBeGreaterThan(30);
    const leaves = rules.ruleFiles.flatMap((r) => leavesOf(r.criteria));
    // Every encoded criterion a director can ask suggestions for is read with the lexicon, not bare words.
    const uncovered = leaves.filter((l) => l.searchTerms.length > 0 && !compiled.criteria.has(l.id)).map((l) => l.id);
    expect(uncovered).toEqual([]);
    for (const l of leaves.filter((x) => x.fact)) expect(compiled.facts.has(l.fact!.name), l.fact!.name).toBe(true);
  });

  it('cites the seed where a concept or criterion comes from one', () => {
    const lex = ClinicalLexicon.parse(lexiconJson());
    const seeds = new Set(['000', '001', '002', '003', '004']);
    for (const c of lex.criteria) expect(c.source?.file.slice(0, 3), c.criteria[0]).toSatisfy((f: string) => seeds.has(f));
    const cited = Object.values(lex.concepts).filter((c) => c.source);
    expect(cited.length).toBeGreaterThan(20);
  });

  it('refuses a term pattern that does not compile, naming file, path and reason', async () => {
    const dir = brokenCopy((lex) => {
      ((lex.concepts as Record<string, { terms: unknown[] }>)['surgery-not-indicated']!.terms)[0] = 'not a (surgical candidate';
    });
    await expect(loadLexicon(dir)).rejects.toThrow(/clinical-lexicon\.json: \$\.concepts\.surgery-not-indicated\.terms\[0\]: term pattern "not a \(surgical candidate" does not compile/);
  });

  it('refuses an unknown concept or a criterion id no rule file has', async () => {
    const unknownConcept = brokenCopy((lex) => {
      (lex.criteria as { concepts: { concept: string }[] }[])[0]!.concepts[0]!.concept = 'no-such-concept';
    });
    await expect(loadLexicon(unknownConcept)).rejects.toThrow(/unknown concept no-such-concept/);
    const rules = await loadRules(RULES_DIR);
    const typo = brokenCopy((lex) => {
      (lex.criteria as { criteria: string[] }[])[0]!.criteria[0] = 'CLIN-INFO.legibel';
    });
    await expect(loadLexicon(typo, rules.ruleFiles)).rejects.toThrow(/no rule file has a criterion CLIN-INFO\.legibel/);
  });
});
